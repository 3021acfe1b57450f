import { describe, expect, it } from 'vitest';
import rule, { managementEvents } from '../../../rules/security/cloudtrail-multi-region-logging.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const ACCOUNT = `arn:aws:account::${TEST_ACCOUNT}:account`;
const regionArn = (r: string) => `arn:aws:cloudtrail:${r}:${TEST_ACCOUNT}:account`;
const two = { regions: ['us-east-1', 'eu-west-1'] };

const trail = (name: string, extra: Record<string, unknown> = {}) => ({
  Name: name,
  TrailARN: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/${name}`,
  Arn: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/${name}`,
  Region: 'us-east-1',
  HomeRegion: 'us-east-1',
  IsMultiRegionTrail: true,
  IsOrganizationTrail: false,
  S3BucketName: 'trail-logs',
  LogFileValidationEnabled: true,
  Status: { IsLogging: true },
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
  BucketVersioning: { Status: 'Enabled' },
  Notes: [],
  ...extra,
});
/** A CloudTrail Lake event data store as collected (GetEventDataStore), by default enabled, multi-region, management events. */
const store = (name: string, extra: Record<string, unknown> = {}) => ({
  Name: name,
  EventDataStoreArn: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:eventdatastore/${name}`,
  Arn: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:eventdatastore/${name}`,
  Region: 'us-east-1',
  Status: 'ENABLED',
  MultiRegionEnabled: true,
  OrganizationEnabled: false,
  AdvancedEventSelectors: [{ Name: 'Default management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
  ...extra,
});
/** ListEventDataStores failed in a region (the optional dataset's collection error). */
const storesFailed = (region: string) => ({
  dataset: 'cloudtrail.eventDataStores',
  service: 'cloudtrail',
  region,
  operation: 'cloudtrail:ListEventDataStores',
  code: 'AccessDeniedException',
  message: 'denied',
});
const mgmtAdvanced = (extra: object[] = []) => [
  { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...extra] },
];

describe('managementEvents', () => {
  const t = (extra: Record<string, unknown>) => managementEvents(trail('x', extra) as never);
  it('classic All with management events', () => expect(t({}).logs).toBe(true));
  it('no selectors at all is the AWS default (moto returns none)', () =>
    expect(t({ EventSelectors: [], AdvancedEventSelectors: null })).toEqual({ logs: true, excluded: [], why: 'default selectors' }));
  it('classic WriteOnly is not enough, ReadOnly + WriteOnly is', () => {
    expect(t({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }).logs).toBe(false);
    expect(
      t({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }, { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }).logs,
    ).toBe(true);
  });
  it('classic data events only', () =>
    expect(t({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] })).toMatchObject({ logs: false, why: 'no management events' }));
  it('advanced: management without readOnly; readOnly restricted; eventSource allow-list; NotEquals exclusions', () => {
    expect(t({ EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced() }).logs).toBe(true);
    expect(t({ EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced([{ Field: 'readOnly', Equals: ['false'] }]) })).toMatchObject({
      logs: false,
      why: 'only WriteOnly management events',
    });
    expect(t({ EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced([{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }]) }).logs).toBe(false);
    expect(
      t({ EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced([{ Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }]) }),
    ).toMatchObject({ logs: true, excluded: ['kms.amazonaws.com'] });
    expect(
      t({ EventSelectors: null, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }).logs,
    ).toBe(false);
  });
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'no trail, but an enabled multi-region CloudTrail Lake event data store records management events: every region covered (INFO for the store)',
      snapshot: { cloudtrail: { trails: [], eventDataStores: [store('lake')] }, meta: two },
    },
    {
      name: 'one multi-region trail, validated, versioned bucket, covers every audited region',
      snapshot: { cloudtrail: { trails: [trail('audit')] }, meta: two },
    },
    {
      name: 'advanced selectors with management events and no readOnly restriction',
      snapshot: { cloudtrail: { trails: [trail('adv', { EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced() })] } },
    },
    {
      name: 'no selectors returned (emulator) counts as the default',
      snapshot: { cloudtrail: { trails: [trail('moto', { EventSelectors: [], AdvancedEventSelectors: [] })] } },
    },
    {
      name: 'organization trail whose bucket is external: INFO, not error',
      snapshot: {
        cloudtrail: {
          trails: [
            trail('org', {
              TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org',
              Arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org',
              IsOrganizationTrail: true,
              S3BucketName: 'org-logs',
              BucketVersioning: null,
              Notes: [`bucket org-logs is not readable (access denied); the trail belongs to account 999999999999, not to the audited account ${TEST_ACCOUNT}`],
            }),
          ],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'CloudTrail Lake: a stopped trail still fails, an enabled multi-region store covers the regions and the account',
      snapshot: { cloudtrail: { trails: [trail('audit', { Status: { IsLogging: false } })], eventDataStores: [store('lake')] }, meta: two },
      findings: [
        { status: 'fail', messageId: 'notLogging', resource: 'audit' },
        { status: 'info', messageId: 'storeLogging', resource: 'lake', message: 'event data store lake (CloudTrail Lake) records management events in every region' },
      ],
      passes: [TEST_ACCOUNT],
    },
    {
      name: 'CloudTrail Lake: a single-region store covers its own region only, and is not multi-region',
      snapshot: { cloudtrail: { trails: [], eventDataStores: [store('local', { MultiRegionEnabled: false })] }, meta: two },
      findings: [
        { status: 'info', messageId: 'storeLogging', resource: 'local', message: 'records management events in us-east-1' },
        { status: 'fail', messageId: 'regionNotCovered', resource: regionArn('eu-west-1'), region: 'eu-west-1' },
        { status: 'fail', messageId: 'noMultiRegion', severity: 'medium', resource: ACCOUNT },
      ],
    },
    {
      name: 'CloudTrail Lake: stores not ingesting, recording data events only, or only read-only management events do not count',
      snapshot: {
        cloudtrail: {
          trails: [],
          eventDataStores: [
            store('stopped', { Status: 'STOPPED_INGESTION' }),
            store('data', { AdvancedEventSelectors: [{ Name: 'S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] }),
            store('reads', { AdvancedEventSelectors: mgmtAdvanced([{ Field: 'readOnly', Equals: ['true'] }]) }),
          ],
        },
      },
      findings: [{ status: 'fail', messageId: 'noTrail', severity: 'high', resource: ACCOUNT }],
    },
    {
      name: 'CloudTrail Lake: stores unread in one region and no trail: no FAIL on an absence not seen, an error instead',
      snapshot: { cloudtrail: { trails: [], eventDataStores: [], errors: [storesFailed('eu-west-1')] }, meta: two },
      findings: [
        { status: 'info', messageId: 'engine/context-unavailable' },
        { status: 'error', messageId: 'storesUnread', resource: ACCOUNT },
      ],
    },
    {
      name: 'CloudTrail Lake: stores unread, a single-region trail: its region passes, the other region and multi-region are errors, not FAILs',
      snapshot: { cloudtrail: { trails: [trail('local', { IsMultiRegionTrail: false })], eventDataStores: [], errors: [storesFailed('eu-west-1')] }, meta: two },
      findings: [
        { status: 'info', messageId: 'engine/context-unavailable' },
        { status: 'error', messageId: 'storesUnread', resource: regionArn('eu-west-1'), region: 'eu-west-1' },
        { status: 'error', messageId: 'storesUnread', resource: ACCOUNT, message: 'whether a multi-region' },
      ],
      passes: ['local'],
    },
    {
      name: 'no trail at all: one FAIL high for the account',
      snapshot: { cloudtrail: { trails: [] }, meta: two },
      findings: [{ status: 'fail', messageId: 'noTrail', severity: 'high', resource: ACCOUNT, message: 'no CloudTrail trail logs management events' }],
    },
    {
      name: 'a stopped trail fails, and then no trail logs',
      snapshot: { cloudtrail: { trails: [trail('audit', { Status: { IsLogging: false } })] } },
      findings: [
        { status: 'fail', messageId: 'notLogging', severity: 'high', resource: 'audit', message: 'trail audit exists but is not logging (stopped)' },
        { status: 'fail', severity: 'high', resource: ACCOUNT, message: '1 trail(s) exist' },
      ],
    },
    {
      name: 'single-region trail: the other audited region is uncovered, and no trail is multi-region',
      snapshot: { cloudtrail: { trails: [trail('local', { IsMultiRegionTrail: false })] }, meta: two },
      findings: [
        { status: 'fail', messageId: 'regionNotCovered', severity: 'high', resource: regionArn('eu-west-1'), region: 'eu-west-1', message: 'eu-west-1 has no logging trail' },
        { status: 'fail', messageId: 'noMultiRegion', severity: 'medium', resource: ACCOUNT, message: 'no logging trail is multi-region' },
      ],
      passes: ['local'],
    },
    {
      name: 'a single-region trail homed elsewhere next to a multi-region one: covered',
      snapshot: {
        cloudtrail: { trails: [trail('global'), trail('eu', { IsMultiRegionTrail: false, HomeRegion: 'eu-west-1', Region: 'eu-west-1', LogFileValidationEnabled: false })] },
        meta: two,
      },
      findings: [{ status: 'warn', messageId: 'noLogValidation', severity: 'low', resource: 'eu', message: 'log file validation disabled' }],
      passes: ['global', TEST_ACCOUNT],
    },
    {
      name: 'a WriteOnly trail does not count: INFO for it, FAIL for the account',
      snapshot: { cloudtrail: { trails: [trail('writes', { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] })] } },
      findings: [
        { status: 'info', messageId: 'noManagementEvents', resource: 'writes', message: 'only WriteOnly management events' },
        { status: 'fail', severity: 'high', resource: ACCOUNT },
      ],
    },
    {
      name: 'advanced selectors restricted to readOnly=true do not count',
      snapshot: {
        cloudtrail: { trails: [trail('reads', { EventSelectors: null, AdvancedEventSelectors: mgmtAdvanced([{ Field: 'readOnly', Equals: ['true'] }]) })] },
      },
      findings: [{ status: 'info', resource: 'reads', message: 'ReadOnly' }, { status: 'fail', resource: ACCOUNT }],
    },
    {
      name: 'a data-events-only trail does not count',
      snapshot: { cloudtrail: { trails: [trail('data', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] })] } },
      findings: [{ status: 'info', resource: 'data', message: 'no management events' }, { status: 'fail', resource: ACCOUNT }],
    },
    {
      name: 'ExcludeManagementEventSources still counts, with INFO listing the sources',
      snapshot: {
        cloudtrail: {
          trails: [trail('audit', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] })],
        },
      },
      findings: [{ status: 'info', messageId: 'excludesSources', resource: 'audit', message: 'excludes management events from kms.amazonaws.com, rdsdata.amazonaws.com' }],
      passes: ['audit', TEST_ACCOUNT],
    },
    {
      name: 'WARN low per weakness: validation off, delivery error, bucket versioning suspended',
      snapshot: {
        cloudtrail: {
          trails: [
            trail('weak', {
              LogFileValidationEnabled: false,
              Status: { IsLogging: true, LatestDeliveryError: 'AccessDenied' },
              BucketVersioning: { Status: 'Suspended' },
            }),
          ],
        },
      },
      findings: [
        { status: 'warn', messageId: 'noLogValidation', severity: 'low', resource: 'weak', message: 'log file validation disabled' },
        { status: 'warn', messageId: 'deliveryFailed', severity: 'low', resource: 'weak', message: 'failed its last delivery to S3: AccessDenied' },
        { status: 'warn', messageId: 'bucketNotVersioned', severity: 'low', resource: 'weak', message: 'bucket trail-logs whose versioning is Suspended' },
      ],
      passes: [TEST_ACCOUNT],
    },
    {
      name: 'versioning never enabled (collector reports Disabled) warns',
      snapshot: { cloudtrail: { trails: [trail('nover', { BucketVersioning: { Status: 'Disabled' } })] } },
      findings: [{ status: 'warn', messageId: 'bucketNotVersioned', severity: 'low', resource: 'nover', message: 'versioning is Disabled' }],
    },
    {
      name: 'DescribeTrails denied in one region: that region is an error, never a pass',
      snapshot: {
        cloudtrail: {
          trails: [trail('audit')],
          errors: [{ dataset: 'cloudtrail.trails', service: 'cloudtrail', region: 'eu-west-1', operation: 'DescribeTrails', code: 'AccessDenied', message: 'denied' }],
        },
        meta: two,
      },
      findings: [{ status: 'error', resource: regionArn('eu-west-1'), region: 'eu-west-1' }],
      passes: ['audit'],
    },
    {
      name: 'a bucket of another account\'s trail that cannot be read: INFO calls it external, naming the trail\'s account',
      snapshot: {
        cloudtrail: {
          trails: [
            trail('org', {
              TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org',
              Arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org',
              IsOrganizationTrail: true,
              S3BucketName: 'org-logs',
              BucketVersioning: null,
              Notes: ['bucket org-logs is not readable (access denied); the trail belongs to account 999999999999'],
            }),
          ],
        },
      },
      findings: [
        { status: 'info', messageId: 'bucketNotChecked', resource: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org', message: 'bucket org-logs is external (the trail belongs to account 999999999999), its versioning was not checked' },
      ],
      passes: ['org', TEST_ACCOUNT],
    },
    {
      name: 'a denied bucket of this account\'s own trail is "not readable (access denied)", never "external"',
      snapshot: {
        cloudtrail: { trails: [trail('audit', { BucketVersioning: null, Notes: ['bucket trail-logs is not readable (access denied)'] })] },
      },
      findings: [
        {
          status: 'info',
          resource: 'audit',
          message: /^trail audit: the versioning of bucket trail-logs was not checked: bucket trail-logs is not readable \(access denied\)$/,
        },
      ],
      passes: ['audit', TEST_ACCOUNT],
    },
    {
      name: 'the only trail could not be read (Status null, a collection error for it): the error, no "no trail" FAIL',
      snapshot: {
        cloudtrail: {
          trails: [trail('audit', { Status: null, EventSelectors: null, BucketVersioning: null, Notes: ['status and event selectors not read (AccessDeniedException)'] })],
          errors: [
            {
              dataset: 'cloudtrail.trails',
              service: 'cloudtrail',
              region: 'us-east-1',
              operation: 'cloudtrail:GetTrailStatus',
              code: 'AccessDeniedException',
              message: 'denied',
              resource: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/audit`,
            },
          ],
        },
        meta: two,
      },
      findings: [{ status: 'error', resource: `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/audit`, message: 'cloudtrail:GetTrailStatus failed' }],
    },
    {
      name: 'an unread single-region trail homed in eu-west-1 spares only that region: us-east-1 still fails, and no trail is multi-region',
      snapshot: {
        cloudtrail: {
          trails: [trail('eu', { IsMultiRegionTrail: false, HomeRegion: 'eu-west-1', Region: 'eu-west-1', Status: null, Notes: ['status and event selectors not read (ThrottlingException)'] })],
        },
        meta: two,
      },
      findings: [
        { status: 'fail', messageId: 'regionNotCovered', severity: 'high', resource: regionArn('us-east-1'), region: 'us-east-1', message: 'us-east-1 has no logging trail' },
        { status: 'fail', messageId: 'noMultiRegion', severity: 'medium', resource: ACCOUNT, message: 'no logging trail is multi-region' },
      ],
    },
    {
      name: 'organization trail stopped: FAIL names it as an organization trail',
      snapshot: { cloudtrail: { trails: [trail('org', { IsOrganizationTrail: true, Status: { IsLogging: false } })] } },
      findings: [
        { status: 'fail', messageId: 'notLogging', resource: 'org', message: 'trail org (organization trail) exists but is not logging' },
        { status: 'fail', resource: ACCOUNT },
      ],
    },
  ],
});
