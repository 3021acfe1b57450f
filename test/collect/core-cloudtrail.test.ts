import { readFileSync } from 'node:fs';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import trailRule from '../../rules/security/cloudtrail-multi-region-logging.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws/cloudtrail/${name}.json`, import.meta.url), 'utf8'), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

type Item = Record<string, unknown>;
type Slice = { trails?: Item[]; errors: Item[] };
const trailSlice = (snap: Snapshot) => snap.cloudtrail as Slice;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

const MGMT = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
const ORG = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail';
const EU = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-data-events`;
const REGIONS = ['us-east-1', 'eu-west-1'];
const DENIED = (op: string) => `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/aws-tips is not authorized to perform: cloudtrail:${op}`;

const cloudtrail = mockClient(CloudTrailClient);
const s3 = mockClient(S3Client);
beforeEach(() => {
  cloudtrail.reset();
  s3.reset();
});
afterEach(() => {
  cloudtrail.reset();
  s3.reset();
});

/** Where each per-trail call went: [operation, trail or bucket, region of the client]. */
function recordedAccount(opts: { deniedRegions?: string[] } = {}) {
  const calls: [string, string, string][] = [];
  cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: Item, getClient) => {
    const region = await regionOf(getClient);
    calls.push(['DescribeTrails', JSON.stringify(input), region]);
    if (opts.deniedRegions?.includes(region)) throw awsError('AccessDeniedException', DENIED('DescribeTrails'));
    return fixture(`describe-trails-${region}`);
  });
  cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }, getClient) => {
    calls.push(['GetTrailStatus', input.Name, await regionOf(getClient)]);
    return { ...fixture('get-trail-status'), $metadata: { httpStatusCode: 200, requestId: 'a1b2' } };
  });
  cloudtrail.on(GetEventSelectorsCommand).callsFake(async (input: { TrailName: string }, getClient) => {
    calls.push(['GetEventSelectors', input.TrailName, await regionOf(getClient)]);
    if (input.TrailName === MGMT) return fixture('get-event-selectors-classic');
    if (input.TrailName === EU) return fixture('get-event-selectors-advanced');
    return {
      TrailARN: input.TrailName,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    };
  });
  s3.on(GetBucketVersioningCommand).callsFake(async (input: { Bucket: string }, getClient) => {
    calls.push(['GetBucketVersioning', input.Bucket, await regionOf(getClient)]);
    // The organization trail's bucket lives in the log archive account.
    if (input.Bucket === 'org-cloudtrail-logs-111111111111') throw awsError('AccessDenied', 'Access Denied');
    // Versioning never enabled: S3 answers without a Status.
    if (input.Bucket === 'eu-trail-bucket-123456789012') return {};
    return { Status: 'Enabled', MFADelete: 'Disabled' };
  });
  return calls;
}

/** A failed call as the client factory's middleware leaves it: named after its operation (mocks bypass the middleware). */
const failed = (operation: string, name: string, message = name) => Object.assign(awsError(name, message), { $operation: operation });

const evaluateTrails = (snap: Snapshot) =>
  evaluateRule(snap, { rule: trailRule, options: trailRule.options.parse({}), severity: trailRule.severity, severityOverridden: false });

describe('cloudtrail.trails', () => {
  it('lists trails (with shadow trails) in every region and keeps each TrailARN once', async () => {
    const calls = recordedAccount();
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([]);
    expect(trails!.map((t) => [t.Name, t.TrailARN, t.HomeRegion, t.Region, t.Arn])).toEqual([
      ['eu-data-events', EU, 'eu-west-1', 'eu-west-1', EU],
      ['org-trail', ORG, 'us-east-1', 'us-east-1', ORG],
      ['management-events', MGMT, 'us-east-1', 'us-east-1', MGMT],
    ]);
    expect(calls.filter((c) => c[0] === 'DescribeTrails').map((c) => [c[1], c[2]]).sort()).toEqual([
      ['{"includeShadowTrails":true}', 'eu-west-1'],
      ['{"includeShadowTrails":true}', 'us-east-1'],
    ]);
  });

  it('calls GetTrailStatus and GetEventSelectors once per trail, with the ARN, in the trail\'s home region', async () => {
    const calls = recordedAccount();
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const perTrail = calls.filter((c) => c[0] === 'GetTrailStatus' || c[0] === 'GetEventSelectors').sort();
    expect(perTrail).toEqual([
      ['GetEventSelectors', EU, 'eu-west-1'],
      ['GetEventSelectors', ORG, 'us-east-1'],
      ['GetEventSelectors', MGMT, 'us-east-1'],
      ['GetTrailStatus', EU, 'eu-west-1'],
      ['GetTrailStatus', ORG, 'us-east-1'],
      ['GetTrailStatus', MGMT, 'us-east-1'],
    ]);
    const mgmt = trailSlice(snap).trails!.find((t) => t.Arn === MGMT)!;
    expect(mgmt.Status).toEqual(
      expect.objectContaining({ IsLogging: true, LatestDeliveryTime: '2026-11-01T11:52:13.000Z', TimeLoggingStopped: '' }),
    );
    expect(mgmt.Status).not.toHaveProperty('$metadata');
    expect(mgmt.EventSelectors).toEqual(fixture('get-event-selectors-classic').EventSelectors);
    const eu = trailSlice(snap).trails!.find((t) => t.Arn === EU)!;
    expect(eu.AdvancedEventSelectors).toEqual(fixture('get-event-selectors-advanced').AdvancedEventSelectors);
    expect(eu).toMatchObject({ IsMultiRegionTrail: false, LogFileValidationEnabled: false });
  });

  it('reads bucket versioning; an unreadable bucket (AccessDenied) is BucketVersioning null plus a note, not an error', async () => {
    const calls = recordedAccount();
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([]);
    const byArn = Object.fromEntries(trails!.map((t) => [t.Arn, t]));
    expect(byArn[MGMT]).toMatchObject({ BucketVersioning: { Status: 'Enabled', MFADelete: 'Disabled' }, Notes: [] });
    expect(byArn[EU]).toMatchObject({ BucketVersioning: { Status: 'Disabled' }, Notes: [] });
    expect(byArn[ORG]!.BucketVersioning).toBeNull();
    expect(byArn[ORG]!.Notes).toEqual([expect.stringContaining('org-cloudtrail-logs-111111111111')]);
    expect(calls.filter((c) => c[0] === 'GetBucketVersioning').sort()).toEqual([
      ['GetBucketVersioning', 'aws-cloudtrail-logs-123456789012-3f1c2a7b', 'us-east-1'],
      ['GetBucketVersioning', 'eu-trail-bucket-123456789012', 'eu-west-1'],
      ['GetBucketVersioning', 'org-cloudtrail-logs-111111111111', 'us-east-1'],
    ]);
  });

  it('a trail whose bucket was deleted (NoSuchBucket) is kept, with a note, so its delivery error can be reported', async () => {
    recordedAccount();
    s3.on(GetBucketVersioningCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist'));
    cloudtrail.on(GetTrailStatusCommand).resolves({ ...fixture('get-trail-status'), LatestDeliveryError: 'NoSuchBucket' });
    const snap = await collectWith(['cloudtrail.trails'], { regions: ['us-east-1'] });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([]);
    const mgmt = trails!.find((t) => t.Arn === MGMT)!;
    expect(mgmt).toMatchObject({ BucketVersioning: null, Status: { LatestDeliveryError: 'NoSuchBucket' } });
    expect(mgmt.Notes).toEqual([expect.stringContaining('aws-cloudtrail-logs-123456789012-3f1c2a7b')]);
    const { findings } = evaluateTrails(snap);
    expect(findings).toContainEqual(expect.objectContaining({ status: 'warn', message: expect.stringContaining('failed its last delivery to S3: NoSuchBucket') }));
  });

  it('DescribeTrails denied in one region: an error entry for that region, the other region\'s trails kept, no pass there', async () => {
    recordedAccount({ deniedRegions: ['eu-west-1'] });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(trails!.map((t) => t.Arn)).toEqual([ORG, MGMT]);
    expect(errors).toEqual([
      {
        dataset: 'cloudtrail.trails',
        service: 'cloudtrail',
        region: 'eu-west-1',
        operation: 'cloudtrail:DescribeTrails',
        code: 'AccessDeniedException',
        message: startsWith(DENIED('DescribeTrails')),
      },
    ]);
    const { findings } = evaluateTrails(snap);
    const inEu = findings.filter((f) => f.resource.region === 'eu-west-1');
    expect(inEu.map((f) => f.status)).toEqual(['error']);
    expect(inEu[0]!.message).toContain('cloudtrail:DescribeTrails failed in eu-west-1');
    expect(findings).toContainEqual(expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ region: 'us-east-1', arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:account` }) }));
  });

  it('DescribeTrails denied in every region: no trail list (not an empty one that would read as "no trail"), only errors', async () => {
    recordedAccount({ deniedRegions: REGIONS });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const slice = trailSlice(snap);
    expect(slice).not.toHaveProperty('trails');
    expect(slice.errors.length).toBeGreaterThan(0);
    expect(slice.errors.every((e) => e.dataset === 'cloudtrail.trails' && e.code === 'AccessDeniedException')).toBe(true);
    const result = evaluateTrails(snap);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.map((f) => f.status)).toEqual(result.findings.map(() => 'error'));
    expect(result.status).toBe('error');
  });

  it('GetTrailStatus failing for one trail (throttled past retries): an error for that trail only, the trail kept unjudged', async () => {
    recordedAccount();
    cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }) => {
      if (input.Name === MGMT) throw failed('cloudtrail:GetTrailStatus', 'ThrottlingException', 'Rate exceeded');
      return fixture('get-trail-status');
    });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'cloudtrail.trails', region: 'us-east-1', resource: MGMT, code: 'ThrottlingException', operation: 'cloudtrail:GetTrailStatus' }),
    ]);
    expect(trails!.map((t) => t.Arn)).toEqual([EU, ORG, MGMT]);
    const mgmt = trails!.find((t) => t.Arn === MGMT)!;
    expect(mgmt).toMatchObject({ Status: null, BucketVersioning: null, Notes: ['status and event selectors not read (ThrottlingException)'] });
    expect(trails!.find((t) => t.Arn === ORG)!.Status).toEqual(expect.objectContaining({ IsLogging: true }));
    // Nothing is judged on the unread trail; the organization trail still covers every region.
    const { findings } = evaluateTrails(snap);
    expect(findings.filter((f) => f.resource.arn === MGMT).map((f) => f.status)).toEqual(['error']);
    expect(findings.filter((f) => f.status === 'pass' && f.resource.region === 'eu-west-1')).not.toEqual([]);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it('AccessDenied on GetEventSelectors for the only trail: an error for it, and no "no trail" FAIL it could disprove', async () => {
    recordedAccount();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [fixture('describe-trails-us-east-1').trailList.find((t: Item) => t.TrailARN === MGMT)] });
    cloudtrail.on(GetEventSelectorsCommand).rejects(failed('cloudtrail:GetEventSelectors', 'AccessDeniedException', DENIED('GetEventSelectors')));
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(trails!.map((t) => [t.Arn, t.Status])).toEqual([[MGMT, null]]);
    expect(errors).toEqual([
      {
        dataset: 'cloudtrail.trails',
        service: 'cloudtrail',
        region: 'us-east-1',
        operation: 'cloudtrail:GetEventSelectors',
        code: 'AccessDeniedException',
        message: startsWith(DENIED('GetEventSelectors')),
        resource: MGMT,
      },
    ]);
    const { findings } = evaluateTrails(snap);
    expect(findings.map((f) => [f.status, f.resource.arn])).toEqual([['error', MGMT]]);
  });

  it('TrailNotFoundException for a trail of this account: deleted since the listing, dropped silently', async () => {
    recordedAccount();
    cloudtrail.on(GetEventSelectorsCommand).callsFake(async (input: { TrailName: string }) => {
      if (input.TrailName === EU) throw awsError('TrailNotFoundException', `Unknown trail: ${EU} for the user: ${ACCOUNT}`);
      return fixture('get-event-selectors-classic');
    });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([]);
    expect(trails!.map((t) => t.Arn)).toEqual([ORG, MGMT]);
  });

  it('TrailNotFoundException for another account\'s (organization) trail is not "gone": an error for it, the trail kept', async () => {
    recordedAccount();
    cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: { Name: string }) => {
      if (input.Name === ORG) throw awsError('TrailNotFoundException', `Unknown trail: ${ORG} for the user: ${ACCOUNT}`);
      return fixture('get-trail-status');
    });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(trails!.map((t) => [t.Arn, t.Status === null])).toEqual([[EU, false], [ORG, true], [MGMT, false]]);
    expect(errors).toEqual([expect.objectContaining({ resource: ORG, region: 'us-east-1', code: 'TrailNotFoundException' })]);
  });

  it('GetBucketVersioning failing otherwise (throttled): an error for that trail, its status kept so it still covers its regions', async () => {
    recordedAccount();
    s3.on(GetBucketVersioningCommand).callsFake(async (input: { Bucket: string }) => {
      if (input.Bucket === 'eu-trail-bucket-123456789012') throw failed('s3:GetBucketVersioning', 'SlowDown', 'Please reduce your request rate.');
      return { Status: 'Enabled' };
    });
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([expect.objectContaining({ resource: EU, region: 'eu-west-1', code: 'SlowDown', operation: 's3:GetBucketVersioning' })]);
    const eu = trails!.find((t) => t.Arn === EU)!;
    expect(eu).toMatchObject({ Status: expect.objectContaining({ IsLogging: true }), BucketVersioning: null, Notes: ['bucket eu-trail-bucket-123456789012 versioning not read (SlowDown)'] });
    expect(trails!.filter((t) => t.Arn !== EU).every((t) => (t.BucketVersioning as Item).Status === 'Enabled')).toBe(true);
  });

  it('AccessDenied on the bucket: "external" only for another account\'s trail; this account\'s trail gets "not readable (access denied)"', async () => {
    recordedAccount();
    s3.on(GetBucketVersioningCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    const snap = await collectWith(['cloudtrail.trails'], { regions: REGIONS });
    const { trails, errors } = trailSlice(snap);
    expect(errors).toEqual([]);
    const byArn = Object.fromEntries(trails!.map((t) => [t.Arn, t]));
    expect(byArn[MGMT]!.Notes).toEqual(['bucket aws-cloudtrail-logs-123456789012-3f1c2a7b is not readable (access denied)']);
    expect(byArn[ORG]!.Notes).toEqual([
      `bucket org-cloudtrail-logs-111111111111 is not readable (access denied); the trail belongs to account 111111111111, not to the audited account ${ACCOUNT}`,
    ]);
    const infos = evaluateTrails(snap).findings.filter((f) => f.status === 'info' && f.message.includes('versioning'));
    expect(infos.find((f) => f.resource.arn === ORG)!.message).toContain('bucket org-cloudtrail-logs-111111111111 is external (the trail belongs to account 111111111111)');
    expect(infos.find((f) => f.resource.arn === MGMT)!.message).toBe(
      'trail management-events: the versioning of bucket aws-cloudtrail-logs-123456789012-3f1c2a7b was not checked: bucket aws-cloudtrail-logs-123456789012-3f1c2a7b is not readable (access denied)',
    );
  });
});

describe('cloudtrail.eventDataStores (CloudTrail Lake)', () => {
  const LAKE = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/0b1c2d3e-4f50-6a7b-8c9d-0e1f2a3b4c5d`;
  const DATA = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0`;
  const recorded = fixture('event-data-stores') as {
    ListEventDataStores: Record<string, Item[]>;
    GetEventDataStore: Record<string, Item>;
  };
  /** ListEventDataStores pages by region (NextToken), GetEventDataStore by ARN, unless `fail` says otherwise. */
  function lake(fail: { list?: Record<string, Error>; get?: Record<string, Error> } = {}) {
    cloudtrail.on(ListEventDataStoresCommand).callsFake(async (input: { NextToken?: string }, getClient: unknown) => {
      const region = await regionOf(getClient);
      if (fail.list?.[region]) throw fail.list[region];
      const pages = recorded.ListEventDataStores[region] ?? [{ EventDataStores: [] }];
      return input.NextToken === 'page-2' ? pages[1] : pages[0];
    });
    cloudtrail.on(GetEventDataStoreCommand).callsFake((input: { EventDataStore: string }) => {
      if (fail.get?.[input.EventDataStore]) throw fail.get[input.EventDataStore];
      return recorded.GetEventDataStore[input.EventDataStore];
    });
  }
  const slice = (snap: Snapshot) => snap.cloudtrail as { eventDataStores?: Item[]; errors: Item[] };

  it('lists every page in each region and reads each store with GetEventDataStore (selectors, flags, status)', async () => {
    lake();
    const snap = await collectWith(['cloudtrail.eventDataStores'], { regions: REGIONS });
    const { eventDataStores, errors } = slice(snap);
    expect(errors).toEqual([]);
    expect(eventDataStores!.map((s) => [s.Name, s.Region, s.Arn, s.Status, s.MultiRegionEnabled])).toEqual([
      ['org-audit-lake', 'us-east-1', LAKE, 'ENABLED', true],
      ['s3-data-events', 'us-east-1', DATA, 'ENABLED', false],
    ]);
    // The selectors come from GetEventDataStore (the listing of the second store has none).
    expect(eventDataStores![1]!.AdvancedEventSelectors).toEqual(recorded.GetEventDataStore[DATA]!.AdvancedEventSelectors);
    expect(cloudtrail.commandCalls(GetEventDataStoreCommand).map((c) => c.args[0].input.EventDataStore).sort()).toEqual([LAKE, DATA].sort());
  });

  it('one store unreadable: recorded against its ARN, the others kept; one deleted since the listing is dropped', async () => {
    lake({ get: { [LAKE]: failed('cloudtrail:GetEventDataStore', 'AccessDeniedException', DENIED('GetEventDataStore')), [DATA]: awsError('EventDataStoreNotFoundException') } });
    const { eventDataStores, errors } = slice(await collectWith(['cloudtrail.eventDataStores'], { regions: REGIONS }));
    expect(eventDataStores).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'cloudtrail.eventDataStores', operation: 'cloudtrail:GetEventDataStore', code: 'AccessDeniedException', region: 'us-east-1', resource: LAKE }),
    ]);
  });

  it('a multi-region store stands in for trails; ListEventDataStores denied in a region leaves no FAIL resting on stores not seen', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    lake();
    const covered = evaluateTrails(await collectWith(['cloudtrail.trails', 'cloudtrail.eventDataStores'], { regions: REGIONS }));
    expect(covered.findings.filter((f) => f.status === 'fail' || f.status === 'error')).toEqual([]);
    expect(covered.findings.filter((f) => f.status === 'pass').map((f) => f.resource.region).sort()).toEqual(['eu-west-1', 'us-east-1']);

    cloudtrail.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    lake({ list: { 'us-east-1': failed('cloudtrail:ListEventDataStores', 'AccessDeniedException', DENIED('ListEventDataStores')) } });
    const snap = await collectWith(['cloudtrail.trails', 'cloudtrail.eventDataStores'], { regions: REGIONS });
    expect(slice(snap).errors).toEqual([
      expect.objectContaining({ dataset: 'cloudtrail.eventDataStores', operation: 'cloudtrail:ListEventDataStores', region: 'us-east-1', message: startsWith(DENIED('ListEventDataStores')) }),
    ]);
    const result = evaluateTrails(snap);
    expect(result.findings.filter((f) => f.status === 'fail' || f.status === 'pass')).toEqual([]);
    expect(result.findings.map((f) => [f.status, f.messageId])).toEqual(
      expect.arrayContaining([['error', 'storesUnread'], ['info', 'engine/context-unavailable']]),
    );
  });
});
