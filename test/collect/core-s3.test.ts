import { readFileSync } from 'node:fs';
import {
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import noDots from '../../rules/s3/s3-bucket-name-no-dots.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { awsError, collectWith } from './harness.js';

/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws/s3/${name}.json`, import.meta.url), 'utf8'), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

type Item = Record<string, unknown>;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
type S3Slice = Record<string, Item[]> & { errors: Item[] };
const s3Slice = (snap: Snapshot) => snap.s3 as S3Slice;

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());
afterEach(() => s3.reset());

/** ListBuckets answering the two recorded pages; inputs are copied (the paginator reuses its input object). */
function bucketsFromFixtures(inputs: Item[] = []) {
  s3.on(ListBucketsCommand).callsFake(async (input: { ContinuationToken?: string }) => {
    inputs.push({ ...input });
    const first = fixture('list-buckets-page1');
    if (!input.ContinuationToken) return first;
    if (input.ContinuationToken === first.ContinuationToken) return fixture('list-buckets-page2');
    throw awsError('InvalidArgument', `bad token ${input.ContinuationToken}`);
  });
  // The buckets without BucketRegion (page 2): "EU" and null are the legacy location constraints.
  s3.on(GetBucketLocationCommand, { Bucket: 'legacy-eu-assets' })
    .resolves({ LocationConstraint: 'EU' })
    .on(GetBucketLocationCommand, { Bucket: 'legacy-us-standard' })
    .resolves({});
  return inputs;
}

const BUCKETS = [
  ['amzn-s3-demo-bucket', 'us-east-1'],
  ['logs.example.com', 'eu-west-1'],
  ['tf-state-123456789012', 'ap-southeast-2'],
  ['legacy-eu-assets', 'eu-west-1'],
  ['legacy-us-standard', 'us-east-1'],
] as const;

describe('s3.buckets', () => {
  it('pages through ListBuckets with ContinuationToken, always sending MaxBuckets (catalogue §0.1)', async () => {
    const inputs = bucketsFromFixtures();
    const snap = await collectWith(['s3.buckets']);
    const { buckets, errors } = s3Slice(snap);
    expect(errors).toEqual([]);
    expect(buckets.map((b) => [b.Name, b.Region])).toEqual(BUCKETS);
    expect(buckets.map((b) => b.Arn)).toEqual(BUCKETS.map(([n]) => `arn:aws:s3:::${n}`));
    expect(inputs).toEqual([
      { MaxBuckets: 1000 },
      { MaxBuckets: 1000, ContinuationToken: 'AQoxAEJhbnpvLWJ1Y2tldC0yMDIzLTAxLTExLWxvZ3M=' },
    ]);
    expect(buckets[0]).toMatchObject({ CreationDate: '2022-04-20T19:43:21.000Z', BucketRegion: 'us-east-1' });
  });

  it('asks GetBucketLocation only where BucketRegion is absent: null is us-east-1, "EU" is eu-west-1', async () => {
    bucketsFromFixtures();
    await collectWith(['s3.buckets']);
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket).sort()).toEqual(['legacy-eu-assets', 'legacy-us-standard']);
  });

  it('keeps any other location constraint as the region', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'sydney', CreationDate: new Date('2024-01-01T00:00:00Z') }] });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'ap-southeast-2' });
    const snap = await collectWith(['s3.buckets']);
    expect(s3Slice(snap).buckets.map((b) => b.Region)).toEqual(['ap-southeast-2']);
  });

  it('GetBucketLocation per bucket: a bucket deleted meanwhile is gone; AccessDenied spoils that bucket only, not the listing', async () => {
    bucketsFromFixtures();
    s3.on(GetBucketLocationCommand, { Bucket: 'legacy-eu-assets' })
      .rejects(awsError('NoSuchBucket', 'The specified bucket does not exist'))
      .on(GetBucketLocationCommand, { Bucket: 'legacy-us-standard' })
      .rejects(Object.assign(awsError('AccessDenied', 'Access Denied'), { $operation: 's3:GetBucketLocation' }));
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    s3.on(GetBucketWebsiteCommand).rejects(awsError('NoSuchWebsiteConfiguration'));
    const snap = await collectWith(['s3.buckets', 's3.bucketTagging', 's3.bucketWebsites']);
    const { buckets, bucketTagging, errors } = s3Slice(snap);
    expect(buckets.map((b) => b.Name)).toEqual(['amzn-s3-demo-bucket', 'logs.example.com', 'tf-state-123456789012']);
    expect(bucketTagging.map((b) => b.Name)).toEqual(buckets.map((b) => b.Name));
    expect(errors).toEqual([
      {
        dataset: 's3.buckets',
        service: 's3',
        region: 'global',
        operation: 's3:GetBucketLocation',
        code: 'AccessDenied',
        message: startsWith('Access Denied'),
        resource: 'arn:aws:s3:::legacy-us-standard',
      },
    ]);
    // The rules see every other bucket and an error for the unreadable one.
    const { findings } = evaluateRule(snap, { rule: noDots, options: noDots.options.parse({}), severity: noDots.severity, severityOverridden: false });
    expect(findings.filter((f) => f.status === 'error').map((f) => f.resource.arn)).toEqual(['arn:aws:s3:::legacy-us-standard']);
    expect(findings.filter((f) => f.status !== 'error').length).toBeGreaterThan(0);
  });

  it('AccessDenied on ListBuckets is an error for the buckets and for the per-bucket datasets', async () => {
    const message = 'User: arn:aws:sts::123456789012:assumed-role/Auditor/aws-tips is not authorized to perform: s3:ListAllMyBuckets';
    s3.on(ListBucketsCommand).rejects(awsError('AccessDenied', message));
    const snap = await collectWith(['s3.buckets', 's3.bucketTagging']);
    const slice = s3Slice(snap);
    expect(slice).not.toHaveProperty('buckets');
    expect(slice).not.toHaveProperty('bucketTagging');
    expect(slice.errors).toEqual(
      expect.arrayContaining([
        { dataset: 's3.buckets', service: 's3', region: 'global', operation: 's3:ListBuckets', code: 'AccessDenied', message: startsWith(message) },
        expect.objectContaining({ dataset: 's3.bucketTagging', region: 'global', code: 'AccessDenied' }),
      ]),
    );
    expect(s3.commandCalls(GetBucketTaggingCommand)).toHaveLength(0);
  });
});

describe('s3.bucketWebsites', () => {
  it('NoSuchWebsiteConfiguration is Website null; a website configuration is kept without $metadata', async () => {
    bucketsFromFixtures();
    const regions: Record<string, string> = {};
    s3.on(GetBucketWebsiteCommand).callsFake(async (input: { Bucket: string }, getClient) => {
      regions[input.Bucket] = await regionOf(getClient);
      if (input.Bucket !== 'logs.example.com') throw awsError('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration');
      return { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' }, $metadata: { httpStatusCode: 200 } };
    });
    const snap = await collectWith(['s3.bucketWebsites']);
    const { bucketWebsites, errors } = s3Slice(snap);
    expect(errors).toEqual([]);
    expect(Object.fromEntries(bucketWebsites.map((b) => [b.Name, b.Website]))).toEqual({
      'amzn-s3-demo-bucket': null,
      'logs.example.com': { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' } },
      'tf-state-123456789012': null,
      'legacy-eu-assets': null,
      'legacy-us-standard': null,
    });
    expect(bucketWebsites.find((b) => b.Name === 'logs.example.com')).toMatchObject({ Region: 'eu-west-1', Arn: 'arn:aws:s3:::logs.example.com' });
    // Each bucket is asked in its own region.
    expect(regions).toEqual(Object.fromEntries(BUCKETS));
  });
});

describe('s3.bucketTagging', () => {
  it('NoSuchTagSet is an empty TagSet; AccessDenied on one bucket is an error for that bucket only', async () => {
    bucketsFromFixtures();
    s3.on(GetBucketTaggingCommand).callsFake(async (input: { Bucket: string }) => {
      if (input.Bucket === 'logs.example.com') throw awsError('AccessDenied', 'Access Denied');
      if (input.Bucket === 'amzn-s3-demo-bucket') return { TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'web' }] };
      throw awsError('NoSuchTagSet', 'The TagSet does not exist');
    });
    const snap = await collectWith(['s3.bucketTagging']);
    const { bucketTagging, errors } = s3Slice(snap);
    expect(bucketTagging).toEqual([
      { Name: 'amzn-s3-demo-bucket', Region: 'us-east-1', Arn: 'arn:aws:s3:::amzn-s3-demo-bucket', TagSet: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'web' }] },
      { Name: 'tf-state-123456789012', Region: 'ap-southeast-2', Arn: 'arn:aws:s3:::tf-state-123456789012', TagSet: [] },
      { Name: 'legacy-eu-assets', Region: 'eu-west-1', Arn: 'arn:aws:s3:::legacy-eu-assets', TagSet: [] },
      { Name: 'legacy-us-standard', Region: 'us-east-1', Arn: 'arn:aws:s3:::legacy-us-standard', TagSet: [] },
    ]);
    expect(errors).toEqual([
      {
        dataset: 's3.bucketTagging',
        service: 's3',
        region: 'eu-west-1',
        operation: 's3:GetBucketTagging',
        code: 'AccessDenied',
        message: startsWith('Access Denied'),
        resource: 'arn:aws:s3:::logs.example.com',
      },
    ]);
  });
});
