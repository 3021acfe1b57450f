import { z } from 'zod';
import { defineRule, error, fail, info, pass, warn } from '../../src/rule.js';
import type { DatasetValue } from '../../src/snapshot/registry.js';

type Trail = DatasetValue<'cloudtrail.trails'>[number];
type Store = DatasetValue<'cloudtrail.eventDataStores'>[number];

/**
 * Whether a trail records all management events (read and write), and which event sources it excludes.
 * Classic selectors: IncludeManagementEvents with ReadWriteType All (or ReadOnly plus WriteOnly selectors).
 * Advanced selectors: eventCategory Equals Management with no readOnly restriction (or both readOnly values)
 * and no eventSource allow-list. No selectors at all is the AWS default: all management events.
 * CloudTrail Lake event data stores have advanced selectors only, judged the same way.
 */
export function managementEvents(t: Pick<Trail, 'EventSelectors' | 'AdvancedEventSelectors'>): { logs: boolean; excluded: string[]; why: string } {
  const classic = t.EventSelectors ?? [];
  const advanced = t.AdvancedEventSelectors ?? [];
  if (classic.length === 0 && advanced.length === 0) return { logs: true, excluded: [], why: 'default selectors' };
  const rw = new Set<string>();
  const excluded: string[] = [];
  for (const s of classic) {
    if (s.IncludeManagementEvents === false) continue;
    rw.add(s.ReadWriteType || 'All');
    excluded.push(...(s.ExcludeManagementEventSources ?? []));
  }
  for (const s of advanced) {
    const fs = s.FieldSelectors ?? [];
    if (!fs.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management'))) continue;
    if (fs.some((f) => f.Field === 'eventSource' && (f.Equals?.length || f.StartsWith?.length))) continue;
    const ro = fs.find((f) => f.Field === 'readOnly');
    rw.add(!ro ? 'All' : ro.Equals?.includes('true') ? 'ReadOnly' : ro.Equals?.includes('false') ? 'WriteOnly' : 'some');
    excluded.push(...fs.filter((f) => f.Field === 'eventSource').flatMap((f) => f.NotEquals ?? []));
  }
  const logs = rw.has('All') || (rw.has('ReadOnly') && rw.has('WriteOnly'));
  const why = logs ? 'management events' : rw.size ? `only ${[...rw].join('/')} management events` : 'no management events';
  return { logs, excluded: [...new Set(excluded)], why };
}

/** Findings about log file validation: the validation controls are judged by them alone (a stopped trail fails other controls). */
const LOG_VALIDATION_MESSAGES = ['noLogValidation', 'logging'];

export default defineRule({
  id: 'cloudtrail-multi-region-logging',
  section: 'security',
  tip: 'Use CloudTrail to keep an audit log.',
  title: 'A logging CloudTrail trail records management events in every region',
  kind: 'automatic',
  severity: 'high',
  needs: ['cloudtrail.trails'],
  // CloudTrail Lake can stand in for a trail; an unread store only withholds a FAIL resting on its absence.
  optionalNeeds: ['cloudtrail.eventDataStores'],
  options: z.object({}),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '3.1', coverage: 'full',
      note: 'Also fails stopped trails and per uncovered region; the control needs one logging multi-Region trail with all management events.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '3.1', coverage: 'full',
      note: 'Also fails stopped trails and per uncovered region; the control needs one logging multi-Region trail with all management events.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '4.1', coverage: 'full',
      note: 'Also fails stopped trails and per uncovered region; the control needs one logging multi-Region trail with all management events.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '3.2', coverage: 'partial', messages: LOG_VALIDATION_MESSAGES,
      note: 'Log file validation off is only a low WARN, and only on trails that already log management events.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '3.2', coverage: 'partial', messages: LOG_VALIDATION_MESSAGES,
      note: 'Log file validation off is only a low WARN, and only on trails that already log management events.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '4.2', coverage: 'partial', messages: LOG_VALIDATION_MESSAGES,
      note: 'Log file validation off is only a low WARN, and only on trails that already log management events.',
    },
    {
      framework: 'aws-fsbp', control: 'CloudTrail.1', coverage: 'full',
      note: 'Same condition; aws-tips additionally fails stopped trails.',
    },
    {
      framework: 'aws-fsbp', control: 'CloudTrail.4', coverage: 'partial', messages: LOG_VALIDATION_MESSAGES,
      note: 'Validation off is a low WARN on covering trails only, not a failure on every trail.',
    },
    {
      framework: 'aws-well-architected', control: 'SEC04-BP01', coverage: 'partial',
      note: 'Checks one log source (CloudTrail management events); the practice covers service and application logs and their retention.',
    },
  ],
  docs: {
    rationale:
      'CloudTrail records every API and console action: who did what, when, from where. Without it an incident ' +
      'cannot be investigated. Log to S3 and protect the logs from modification.',
    checks:
      'A trail covers a region when it is logging, records all management events (classic or advanced selectors), ' +
      'and is multi-region or homed there. FAIL high per audited region no trail covers, and once for the account ' +
      'when no trail logs at all; FAIL high per stopped trail; FAIL medium when no covering trail is multi-region ' +
      '(new regions would go unlogged). Per covering trail: WARN low when log file validation is off, the last ' +
      'delivery failed, or the S3 bucket is not versioned; INFO for excluded event sources and for a bucket whose ' +
      'versioning could not be read (external when the trail belongs to another account: organization trails). A ' +
      'trail whose status could not be read is a collection error, and no region it could cover is failed. A ' +
      'CloudTrail Lake event data store (GetEventDataStore) that is ENABLED and records all management events ' +
      '(advanced selectors, judged like a trail\'s) covers its region, or every region when multi-region, and counts ' +
      'as a multi-region audit log (INFO per such store). When event data stores could not all be read, a region or ' +
      'account that only a store could cover is an error, not a FAIL. The 90-day Event history does not count.',
    remediation:
      'Create a multi-region trail with log file validation to a versioned bucket, and start it. For an organization ' +
      'trail, ask the management account. Consider S3 Object Lock for tamper-proof logs.',
    cli:
      'aws cloudtrail create-trail --name audit --s3-bucket-name <b> --is-multi-region-trail --enable-log-file-validation ' +
      '&& aws cloudtrail start-logging --name audit && aws s3api put-bucket-versioning --bucket <b> --versioning-configuration Status=Enabled',
    outdated:
      'Still valid and a CIS control (3.1, 3.2). Log file validation and S3 Object Lock are the modern tamper evidence ' +
      'beyond versioning; organization trails cover every account.',
    links: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    ],
  },
  messages: {
    notLogging: '{{name}} exists but is not logging (stopped)',
    noManagementEvents: '{{name}} logs {{selectors}}, so it does not count as an audit log',
    excludesSources: '{{name}} excludes management events from {{sources}}',
    noLogValidation: '{{name}} has log file validation disabled: tampering with delivered logs would go unnoticed',
    deliveryFailed: '{{name}} failed its last delivery to S3: {{error}}',
    bucketNotVersioned: '{{name}} delivers to bucket {{bucket}} whose versioning is {{versioning}}: logs can be overwritten or deleted',
    bucketNotChecked: '{{name}}: {{what}} was not checked: {{notes}}',
    logging: '{{name}} logs management events{{where}}',
    storeLogging: '{{name}} (CloudTrail Lake) records management events{{where}}: it counts as the audit log',
    noTrail:
      'no CloudTrail trail logs management events in this account{{stopped}}, nor does a CloudTrail Lake event data store; the 90-day Event history is not an audit log',
    regionCovered: '{{region}} is covered by {{trails}}',
    regionNotCovered: '{{region}} has no logging trail or CloudTrail Lake event data store recording management events',
    noMultiRegion:
      'no logging trail is multi-region, nor is a CloudTrail Lake event data store: regions outside this audit and newly enabled regions are not logged',
    storesUnread: '{{what}} cannot be judged: {{why}}, and not every CloudTrail Lake event data store could be read (one may cover it)',
  },
  *check({ cloudtrail }, { meta, account, incomplete }) {
    const covering: Trail[] = [];
    // Enabled event data stores recording management events; undefined: a snapshot from before they were read.
    const lake: Store[] = (cloudtrail.eventDataStores ?? []).filter((s) => s.Status === 'ENABLED' && managementEvents(s).logs);
    // Any store unread (a region's listing, or one store): a multi-region one may be among them.
    const storesUnread = incomplete('cloudtrail.eventDataStores');
    const storeName = (s: Store) => `event data store ${s.Name || s.EventDataStoreArn}${s.OrganizationEnabled ? ' (organization event data store)' : ''}`;
    // Status null: the trail could not be read; its collection error stands for its verdicts, and it
    // may cover regions, so no region or account is failed for want of a trail it could be.
    const unread = cloudtrail.trails.filter((t) => !t.Status);
    const mayCover = (region?: string) => unread.some((t) => t.IsMultiRegionTrail || region === undefined || (t.HomeRegion || t.Region) === region);
    for (const t of cloudtrail.trails) {
      if (!t.Status) continue;
      const name = `trail ${t.Name || t.TrailARN}${t.IsOrganizationTrail ? ' (organization trail)' : ''}`;
      const mgmt = managementEvents(t);
      const evidence = { IsLogging: t.Status?.IsLogging ?? null, IsMultiRegionTrail: !!t.IsMultiRegionTrail, HomeRegion: t.HomeRegion || t.Region, selectors: mgmt.why };
      if (t.Status?.IsLogging !== true) {
        yield fail(t, 'notLogging', { name }, { evidence });
        continue;
      }
      if (!mgmt.logs) {
        yield info(t, 'noManagementEvents', { name, selectors: mgmt.why }, { evidence });
        continue;
      }
      covering.push(t);
      if (mgmt.excluded.length)
        yield info(t, 'excludesSources', { name, sources: mgmt.excluded.join(', ') }, { evidence: { ...evidence, excluded: mgmt.excluded } });
      let warned = false;
      if (t.LogFileValidationEnabled === false) {
        warned = true;
        yield warn(t, 'noLogValidation', { name }, { severity: 'low', evidence });
      }
      if (t.Status?.LatestDeliveryError) {
        warned = true;
        yield warn(t, 'deliveryFailed', { name, error: t.Status.LatestDeliveryError }, { severity: 'low', evidence });
      }
      if (t.BucketVersioning) {
        if (t.BucketVersioning.Status !== 'Enabled') {
          warned = true;
          yield warn(t, 'bucketNotVersioned', { name, bucket: t.S3BucketName, versioning: t.BucketVersioning.Status || 'not enabled' }, {
            severity: 'low',
            evidence: { ...evidence, BucketVersioning: t.BucketVersioning.Status ?? null },
          });
        }
      } else if (t.Notes?.length) {
        // "External" only when the trail belongs to another account (an organization trail seen from a
        // member account); a denied bucket of this account's trail is just not readable.
        const owner = t.TrailARN.split(':')[4];
        const bucket = t.S3BucketName ?? '?';
        const what = owner && owner !== meta.accountId ? `bucket ${bucket} is external (the trail belongs to account ${owner}), its versioning` : `the versioning of bucket ${bucket}`;
        yield info(t, 'bucketNotChecked', { name, what, notes: t.Notes.join('; ') }, { evidence });
      }
      if (!warned) yield pass(t, 'logging', { name, where: t.IsMultiRegionTrail ? ' in every region' : ` in ${t.HomeRegion || t.Region}` }, { evidence });
    }

    for (const s of lake)
      yield info(s, 'storeLogging', { name: storeName(s), where: s.MultiRegionEnabled ? ' in every region' : ` in ${s.Region}` }, {
        evidence: { Status: s.Status, MultiRegionEnabled: !!s.MultiRegionEnabled, OrganizationEnabled: !!s.OrganizationEnabled },
      });

    if (covering.length === 0 && lake.length === 0 && !mayCover()) {
      const stopped = cloudtrail.trails.length ? ` (${cloudtrail.trails.length} trail(s) exist, none logging management events)` : '';
      yield storesUnread
        ? error(account(), 'storesUnread', { what: 'the account', why: `no trail logs management events${stopped}` }, { subject: 'account' })
        : fail(account(), 'noTrail', { stopped });
      return;
    }
    for (const region of meta.regions) {
      const by = [
        ...covering.filter((t) => t.IsMultiRegionTrail || (t.HomeRegion || t.Region) === region).map((t) => t.Name || t.TrailARN),
        ...lake.filter((s) => s.MultiRegionEnabled || s.Region === region).map(storeName),
      ];
      if (by.length) yield pass(account(region, 'cloudtrail'), 'regionCovered', { region, trails: by.join(', ') });
      else if (mayCover(region)) continue;
      else if (storesUnread) yield error(account(region, 'cloudtrail'), 'storesUnread', { what: region, why: 'no logging trail records management events there' });
      else yield fail(account(region, 'cloudtrail'), 'regionNotCovered', { region }, { evidence: { region } });
    }
    if (!covering.some((t) => t.IsMultiRegionTrail) && !unread.some((t) => t.IsMultiRegionTrail) && !lake.some((s) => s.MultiRegionEnabled))
      yield storesUnread
        ? error(account(), 'storesUnread', { what: 'whether a multi-region audit log exists', why: 'no logging trail is multi-region' }, { subject: 'multi-region' })
        : fail(account(), 'noMultiRegion', {}, { severity: 'medium' });
  },
});
