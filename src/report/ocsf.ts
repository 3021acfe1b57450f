import type { FindingStatus, Severity } from '../rule.js';
import { jsonPieces, streamedArray } from './json-stream.js';
import type { RenderOptions } from './formats.js';
import type { Report, ReportRule } from '../engine/report.js';
import { arnParts, asffResourceType, findingAccount, isExported, standardName } from './asff.js';

/**
 * OCSF Compliance Finding events (class_uid 2003, category 2 Findings): a JSON array, one event per finding.
 *
 * Pinned to OCSF 1.8.0: the schema whose sources the tests compile the class from (schema/ocsf-1.8.0-compliance_finding.json,
 * scripts/gen-ocsf-schema.mjs), and the first release whose Compliance object has everything used here without a
 * deprecated attribute (standards, requirements, control, category, status_details; `resources[]` since 1.3,
 * `status_details` since 1.4). Consumers accept events of an older minor version they know; a newer minor only adds.
 *
 * Which findings: as ASFF (src/report/asff.ts): fail, warn and error, suppressed ones included (status Suppressed);
 * pass and info with --include-passed; with --baseline the baseline's fixed findings as Close activities.
 *
 * Mapping:
 *  - compliance.status_id: fail 3 Fail; warn 2 Warning; pass 1 Pass; error and info 99 Other, named in `status`
 *    ("Error": the check could not be made; "Info": advice, no verdict), with aws-tips's own status in status_code;
 *  - compliance.control names the tip and its section ("Great AWS Tips - <section> - <tip>"), category the section,
 *    desc what the rule checks; standards the Great AWS Tips and every framework the rule maps to; requirements
 *    each framework control ("CIS AWS Foundations Benchmark v5.0.0/5.3 - <control title>");
 *  - status_id (the finding's workflow): 1 New; 3 Suppressed for a suppressed finding; 4 Resolved for a pass or a
 *    fixed finding;
 *  - severity_id: info 1, low 2, medium 3, high 4, critical 5;
 *  - finding_info.uid: the finding's key (stable across runs and rewordings); the analytic is the rule;
 *  - resources[0]: the ARN as uid, the type (ASFF's names where known, else service:type from the ARN), region,
 *    partition and tags; cloud: the finding's account (its name where Organizations gave one) and the resource's region;
 *  - aws-tips's own fields (rule, message id, subject, evidence, gate, suppression, baseline) in `unmapped`.
 */

export const OCSF_VERSION = '1.8.0';
const CLASS = { category_uid: 2, category_name: 'Findings', class_uid: 2003, class_name: 'Compliance Finding' } as const;
const ACTIVITY = { create: { id: 1, name: 'Create' }, close: { id: 3, name: 'Close' } } as const;

const SEVERITY_IDS: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

export const COMPLIANCE_STATUS_IDS: Record<FindingStatus, { id: number; name: string }> = {
  pass: { id: 1, name: 'Pass' },
  warn: { id: 2, name: 'Warning' },
  fail: { id: 3, name: 'Fail' },
  error: { id: 99, name: 'Error' },
  info: { id: 99, name: 'Info' },
};

const WORKFLOW = { new: { id: 1, name: 'New' }, suppressed: { id: 3, name: 'Suppressed' }, resolved: { id: 4, name: 'Resolved' } } as const;

const TIPS_STANDARD = 'Great AWS Tips';

/** `Other`-typed resources named by their ARN: `service:type` (`elasticmapreduce:cluster`), or the ARN itself. */
function resourceType(arn: string): string {
  const t = asffResourceType(arn);
  if (t !== 'Other') return t;
  const a = arnParts(arn);
  return a ? `${a.service}:${a.type}` : 'Other';
}

const isRegion = (r: string) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r);

interface Entry {
  key: string;
  account: string;
  rule: ReportRule;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string; tags?: Record<string, string> };
  message: string;
  activity: (typeof ACTIVITY)[keyof typeof ACTIVITY];
  workflow: (typeof WORKFLOW)[keyof typeof WORKFLOW];
  complianceStatus: { id: number; name: string };
  comment: string | null;
  unmapped: Record<string, unknown>;
}

function event(report: Report, e: Entry) {
  const section = report.score.sections.find((s) => s.id === e.rule.section)?.name ?? e.rule.section;
  const account = findingAccount(report, e.account);
  const region = isRegion(e.resource.region) ? e.resource.region : account.region;
  const partition = arnParts(e.resource.arn)?.partition || account.partition;
  const tags = Object.entries(e.resource.tags ?? {}).map(([name, value]) => ({ name, value }));
  const severity = SEVERITY_IDS[e.severity];
  const standards = [...new Set([TIPS_STANDARD, ...e.rule.compliance.map((c) => standardName(c.framework))])];
  const requirements = [...new Set(e.rule.compliance.map((c) => `${standardName(c.framework)}/${c.control}${c.title ? ` - ${c.title}` : ''}`))];
  const remediation = [e.rule.remediation, e.rule.cli ? `Command: ${e.rule.cli}` : ''].filter(Boolean).join('\n\n');
  const link = e.rule.links.find((l) => /^https?:\/\//.test(l));
  return {
    activity_id: e.activity.id,
    activity_name: e.activity.name,
    ...CLASS,
    type_uid: CLASS.class_uid * 100 + e.activity.id,
    type_name: `${CLASS.class_name}: ${e.activity.name}`,
    time: Date.parse(report.generatedAt),
    timezone_offset: 0,
    severity_id: severity.id,
    severity: severity.name,
    status_id: e.workflow.id,
    status: e.workflow.name,
    message: e.message,
    ...(e.comment ? { comment: e.comment } : {}),
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: report.tool.name, vendor_name: report.tool.name, version: report.tool.version },
      log_name: 'aws-tips audit',
      original_time: account.collectedAt,
    },
    cloud: {
      provider: 'AWS',
      account: { uid: account.id, ...(account.name ? { name: account.name } : {}), type_id: 10, type: 'AWS Account' },
      region,
      cloud_partition: account.partition,
    },
    finding_info: {
      uid: e.key,
      title: e.rule.title,
      desc: e.rule.rationale,
      analytic: { uid: e.rule.id, name: e.rule.title, type_id: 1, type: 'Rule', category: section },
      types: [e.rule.kind],
      ...(link ? { src_url: link } : {}),
    },
    compliance: {
      control: `${TIPS_STANDARD} - ${section} - ${e.rule.tip}`,
      category: section,
      desc: e.rule.checks,
      standards,
      ...(requirements.length ? { requirements } : {}),
      status_id: e.complianceStatus.id,
      status: e.complianceStatus.name,
      status_code: e.activity === ACTIVITY.close ? 'fixed' : e.status,
      status_details: [e.message],
    },
    ...(remediation ? { remediation: { desc: remediation, ...(e.rule.links.length ? { references: e.rule.links } : {}) } } : {}),
    resources: [
      {
        uid: e.resource.arn,
        name: e.resource.id,
        type: resourceType(e.resource.arn),
        provider: 'AWS',
        region,
        cloud_partition: partition,
        role_id: 1,
        role: 'Target',
        ...(tags.length ? { tags } : {}),
      },
    ],
    unmapped: e.unmapped,
  };
}

export type OcsfEvent = ReturnType<typeof event>;

/** The OCSF events of a report, one per exported finding, in report order (the baseline's fixed findings last). */
export function* ocsfEvents(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): Generator<OcsfEvent> {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    const rule = rules.get(f.ruleId);
    if (!rule || !isExported(f, !!opts.includePassed)) continue;
    yield event(report, {
      key: f.key, account: f.account, rule, status: f.status, severity: f.severity, resource: f.resource, message: f.message,
      activity: ACTIVITY.create,
      workflow: f.suppressed ? WORKFLOW.suppressed : f.status === 'pass' ? WORKFLOW.resolved : WORKFLOW.new,
      complianceStatus: COMPLIANCE_STATUS_IDS[f.status],
      comment: f.suppressed ? `Suppressed: ${f.suppressed.reason}${f.suppressed.expires ? ` (until ${f.suppressed.expires})` : ''}` : null,
      unmapped: {
        aws_tips: {
          rule_id: f.ruleId, status: f.status, message_id: f.messageId, subject: f.subject, evidence: f.evidence,
          gates: f.gates, suppressed: f.suppressed, baseline: f.baseline,
        },
      },
    });
  }
  for (const f of report.baseline?.fixed ?? []) {
    const rule = rules.get(f.ruleId);
    if (!rule) continue;
    yield event(report, {
      key: f.key, account: f.account, rule, status: f.status, severity: f.severity, resource: f.resource, message: `No longer found: ${f.message}`,
      activity: ACTIVITY.close,
      workflow: WORKFLOW.resolved,
      complianceStatus: COMPLIANCE_STATUS_IDS.pass,
      comment: null,
      unmapped: { aws_tips: { rule_id: f.ruleId, status: f.status, baseline: 'fixed' } },
    });
  }
}

/**
 * A JSON array, one event a line (`[]` without any), written a batch of events at a time as they are made
 * (a large account's report is never one string, nor one array of events).
 */
export function* renderOcsf(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): Generator<string> {
  yield* jsonPieces(streamedArray(ocsfEvents(report, opts), { oneLine: true }), { end: '\n' });
}
