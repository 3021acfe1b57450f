import { z } from 'zod';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';
import type { DatasetValue } from '../../src/snapshot/registry.js';

type Trail = DatasetValue<'cloudtrail.trails'>[number];

/**
 * Whether a trail records all management events (read and write), and which event sources it excludes.
 * Classic selectors: IncludeManagementEvents with ReadWriteType All (or ReadOnly plus WriteOnly selectors).
 * Advanced selectors: eventCategory Equals Management with no readOnly restriction (or both readOnly values)
 * and no eventSource allow-list. No selectors at all is the AWS default: all management events.
 */
export function managementEvents(t: Trail): { logs: boolean; excluded: string[]; why: string } {
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

export default defineRule({
  id: 'cloudtrail-multi-region-logging',
  section: 'security',
  tip: 'Use CloudTrail to keep an audit log.',
  title: 'A logging CloudTrail trail records management events in every region',
  kind: 'automatic',
  severity: 'high',
  needs: ['cloudtrail.trails'],
  options: z.object({}),
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
      'trail whose status could not be read is a collection error, and no region it could cover is failed. The ' +
      '90-day Event history does not count; CloudTrail Lake event data stores are not evaluated.',
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
    noTrail: 'no CloudTrail trail logs management events in this account{{stopped}}; the 90-day Event history is not an audit log',
    regionCovered: '{{region}} is covered by {{trails}}',
    regionNotCovered: '{{region}} has no logging trail recording management events',
    noMultiRegion: 'no logging trail is multi-region: regions outside this audit and newly enabled regions are not logged',
  },
  *check({ cloudtrail }, { meta, account }) {
    const covering: Trail[] = [];
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

    if (covering.length === 0 && !mayCover()) {
      const stopped = cloudtrail.trails.length ? ` (${cloudtrail.trails.length} trail(s) exist, none logging management events)` : '';
      yield fail(account(), 'noTrail', { stopped });
      return;
    }
    for (const region of meta.regions) {
      const by = covering.filter((t) => t.IsMultiRegionTrail || (t.HomeRegion || t.Region) === region).map((t) => t.Name || t.TrailARN);
      if (by.length) yield pass(account(region, 'cloudtrail'), 'regionCovered', { region, trails: by.join(', ') });
      else if (!mayCover(region)) yield fail(account(region, 'cloudtrail'), 'regionNotCovered', { region }, { evidence: { region } });
    }
    if (!covering.some((t) => t.IsMultiRegionTrail) && !unread.some((t) => t.IsMultiRegionTrail))
      yield fail(account(), 'noMultiRegion', {}, { severity: 'medium' });
  },
});
