import type { AwsSecurityFinding, ComplianceStatus, ResourceDetails, SeverityLabel, WorkflowStatus } from '@aws-sdk/client-securityhub';
import type { FrameworkId } from '../compliance/registry.js';
import type { FindingStatus, Severity } from '../rule.js';
import { jsonPieces, streamedArray } from './json-stream.js';
import type { RenderOptions } from './formats.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';

/**
 * AWS Security Finding Format (ASFF, schema 2018-10-08): a JSON array of findings, ready for
 * `aws securityhub batch-import-findings --findings file://...` in batches of at most 100 (README, "OCSF and ASFF").
 * aws-tips only writes the file; importing it is the user's call, with their credentials.
 *
 * Which findings: fail, warn and error (suppressed ones included, with Workflow SUPPRESSED, so Security Hub shows the
 * accepted risk as accepted); pass and info only with --include-passed, as in SARIF. With --baseline, the baseline's
 * fixed findings are written too, ARCHIVED, so a re-import closes what the account no longer has.
 *
 * Identity: `Id` is the finding's key (account, rule, ARN, message id, subject: src/engine/finding-key.ts), so a
 * re-import updates the finding instead of adding a second one, whatever the message says. `AwsAccountId` is the
 * finding's account and `ProductArn` that account's own custom integration in its first audited region (the one
 * its findings are imported into): arn:<partition>:securityhub:<region>:<account>:product/<account>/default.
 *
 * Security Hub lets BatchImportFindings set Workflow only when a finding is created, and reads updates of Severity
 * and Types from FindingProviderFields, so both carry them.
 */

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/**
 * How the publisher names each framework (Security Hub's RelatedRequirements read "CIS AWS Foundations Benchmark
 * v1.2.0/1.1"): `<name>/<control>`. A Record over FrameworkId, so a framework added to the registry without a name
 * here fails to compile.
 */
export const STANDARD_NAMES: Record<FrameworkId, string> = {
  'cis-aws-foundations-3.0': 'CIS AWS Foundations Benchmark v3.0.0',
  'cis-aws-foundations-5.0': 'CIS AWS Foundations Benchmark v5.0.0',
  'cis-aws-foundations-7.0': 'CIS AWS Foundations Benchmark v7.0.0',
  'aws-fsbp': 'AWS Foundational Security Best Practices v1.0.0',
  'aws-well-architected': 'AWS Well-Architected Framework',
};

export function standardName(framework: string): string {
  return Object.hasOwn(STANDARD_NAMES, framework) ? STANDARD_NAMES[framework as FrameworkId] : framework;
}

/** The finding types of the ASFF taxonomy (namespace/category/classifier) a framework's findings are filed under. */
const STANDARD_TYPES: Record<FrameworkId, string | null> = {
  'cis-aws-foundations-3.0': 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  'cis-aws-foundations-5.0': 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  'cis-aws-foundations-7.0': 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  'aws-fsbp': 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices',
  'aws-well-architected': null,
};
const BASE_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

/** An ASFF resource type, or AwsAccount (which Security Hub's own findings use for the account). */
export type AsffResourceType = keyof ResourceDetails | 'AwsAccount';

/**
 * ASFF resource types by ARN service and resource type (the ARN's resource part up to its first `/` or `:`);
 * anything else is `Other`. Typed against the SDK's ResourceDetails, so a misspelt type does not compile.
 */
const RESOURCE_TYPES: Record<string, AsffResourceType> = {
  'ec2:security-group': 'AwsEc2SecurityGroup',
  'ec2:instance': 'AwsEc2Instance',
  'ec2:volume': 'AwsEc2Volume',
  'ec2:vpc': 'AwsEc2Vpc',
  'ec2:subnet': 'AwsEc2Subnet',
  'ec2:network-acl': 'AwsEc2NetworkAcl',
  'ec2:elastic-ip': 'AwsEc2Eip',
  'ec2:network-interface': 'AwsEc2NetworkInterface',
  'ec2:launch-template': 'AwsEc2LaunchTemplate',
  'ec2:route-table': 'AwsEc2RouteTable',
  'ec2:transit-gateway': 'AwsEc2TransitGateway',
  'ec2:vpc-peering-connection': 'AwsEc2VpcPeeringConnection',
  'ec2:vpn-connection': 'AwsEc2VpnConnection',
  'iam:user': 'AwsIamUser',
  'iam:role': 'AwsIamRole',
  'iam:group': 'AwsIamGroup',
  'iam:policy': 'AwsIamPolicy',
  'iam:root': 'AwsAccount',
  'rds:db': 'AwsRdsDbInstance',
  'rds:cluster': 'AwsRdsDbCluster',
  'rds:snapshot': 'AwsRdsDbSnapshot',
  'rds:cluster-snapshot': 'AwsRdsDbClusterSnapshot',
  'rds:es': 'AwsRdsEventSubscription',
  'autoscaling:autoScalingGroup': 'AwsAutoScalingAutoScalingGroup',
  'autoscaling:launchConfiguration': 'AwsAutoScalingLaunchConfiguration',
  'cloudtrail:trail': 'AwsCloudTrailTrail',
  'cloudwatch:alarm': 'AwsCloudWatchAlarm',
  'cloudfront:distribution': 'AwsCloudFrontDistribution',
  'kms:key': 'AwsKmsKey',
  'lambda:function': 'AwsLambdaFunction',
  'dynamodb:table': 'AwsDynamoDbTable',
  'guardduty:detector': 'AwsGuardDutyDetector',
  'ecs:cluster': 'AwsEcsCluster',
  'eks:cluster': 'AwsEksCluster',
  'route53:hostedzone': 'AwsRoute53HostedZone',
  'ecr:repository': 'AwsEcrRepository',
  'secretsmanager:secret': 'AwsSecretsManagerSecret',
  'backup:backup-vault': 'AwsBackupBackupVault',
  'acm:certificate': 'AwsCertificateManagerCertificate',
};

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** The resource part's type: up to its first `/` or `:` (`security-group`, `db`, `autoScalingGroup`). */
  type: string;
}

export function arnParts(arn: string): ArnParts | null {
  const p = arn.split(':');
  if (p[0] !== 'arn' || p.length < 6) return null;
  const resource = p.slice(5).join(':');
  return { partition: p[1]!, service: p[2]!, region: p[3]!, account: p[4]!, type: resource.split(/[/:]/)[0]! };
}

/** AwsEc2SecurityGroup etc. where the ARN names a type ASFF knows; AwsAccount for account-level findings; else Other. */
export function asffResourceType(arn: string): AsffResourceType | 'Other' {
  const a = arnParts(arn);
  if (!a) return 'Other';
  if (a.type === 'account') return 'AwsAccount';
  if (a.service === 's3' && a.account === '' && a.region === '') return arn.includes('/') ? 'AwsS3Object' : 'AwsS3Bucket';
  if (a.service === 'elasticloadbalancing' && a.type === 'loadbalancer') {
    return /:loadbalancer\/(app|net|gwy)\//.test(arn) ? 'AwsElbv2LoadBalancer' : 'AwsElbLoadBalancer';
  }
  return RESOURCE_TYPES[`${a.service}:${a.type}`] ?? 'Other';
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
type AsffPartition = (typeof PARTITIONS)[number];

const SEVERITY_LABELS: Record<Severity, SeverityLabel> = {
  critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL',
};

/**
 * fail FAILED; warn (a heuristic concern for a human to look at) and info (advice: a manual check, an outdated tip)
 * WARNING, "this check is not supported for your configuration"; error (could not evaluate) NOT_AVAILABLE, "could not be
 * performed due to ... an API error"; pass PASSED.
 */
export const COMPLIANCE_STATUS: Record<FindingStatus, ComplianceStatus> = {
  fail: 'FAILED', warn: 'WARNING', info: 'WARNING', error: 'NOT_AVAILABLE', pass: 'PASSED',
};

/** Cut to at most `max` UTF-16 code units without splitting a surrogate pair, with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(s[end - 1] ?? '')) end--;
  return `${s.slice(0, end)}…`;
}

/** Security Hub refuses an empty or blank string anywhere a value is given. */
const filled = (s: string | null | undefined): s is string => typeof s === 'string' && /\S/.test(s);

/** The findings written: fail, warn and error; passes and advice on request (--include-passed). */
export function isExported(f: ReportFinding, includePassed: boolean): boolean {
  return f.status === 'fail' || f.status === 'warn' || f.status === 'error' || includePassed;
}

/** The audited account a finding belongs to, as its import needs it: partition, import region, when it was read. */
export interface FindingAccount {
  id: string;
  name: string | null;
  partition: string;
  /** The region its findings are imported into: its first audited region (--region, or the profile's). */
  region: string;
  collectedAt: string;
}

export function findingAccount(report: Report, id: string): FindingAccount {
  const a = report.accounts.find((x) => x.id === id);
  return {
    id,
    name: a?.name ?? null,
    partition: a?.partition ?? report.account.partition,
    region: a?.regions[0] ?? report.regions[0] ?? 'us-east-1',
    collectedAt: a?.collectedAt ?? report.source.collectedAt,
  };
}

/**
 * The account's own custom integration: BatchImportFindings takes a finding with the default product ARN only from
 * the account the finding belongs to, so an organization report's findings are imported account by account.
 */
export function productArn(account: FindingAccount): string {
  return `arn:${account.partition}:securityhub:${account.region}:${account.id}:product/${account.id}/default`;
}

function resourceOf(account: FindingAccount, r: { arn: string; region: string; tags?: Record<string, string> }) {
  const arnPartition = arnParts(r.arn)?.partition;
  const partition = (PARTITIONS as readonly string[]).includes(arnPartition ?? '') ? (arnPartition as AsffPartition) : (PARTITIONS as readonly string[]).includes(account.partition) ? (account.partition as AsffPartition) : undefined;
  // Tags as AWS limits them (50 per resource, keys 128, values 256); Security Hub refuses a blank value, which AWS allows.
  const tags = Object.entries(r.tags ?? {}).filter(([k, v]) => filled(k) && filled(v)).slice(0, 50);
  return {
    Type: asffResourceType(r.arn),
    Id: clip(r.arn, 512),
    ...(partition ? { Partition: partition } : {}),
    // A global resource (IAM, Route 53, the account) has no region of its own: it is reported where it is imported.
    Region: /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r.region) ? r.region : account.region,
    ...(tags.length ? { Tags: Object.fromEntries(tags.map(([k, v]) => [clip(k, 128), clip(v, 256)])) } : {}),
  };
}

function remediationOf(rule: ReportRule) {
  const text = [rule.remediation, rule.cli ? `Command: ${rule.cli}` : ''].filter(filled).join(' ');
  const url = rule.links.find((l) => /^https:\/\//.test(l));
  if (!filled(text)) return undefined;
  return { Recommendation: { Text: clip(text, 512), ...(url ? { Url: clip(url, 2048) } : {}) } };
}

function complianceOf(rule: ReportRule, status: ComplianceStatus, reason: { code: string; message: string } | null) {
  const requirements = [...new Set(rule.compliance.map((c) => `${standardName(c.framework)}/${c.control}`))];
  // SecurityControlId names one control: given when the rule checks exactly one FSBP control (a rule checking several,
  // such as arch-multi-az-redundancy's AutoScaling.2, ELB.10, RDS.5, ..., lists them in RelatedRequirements only).
  const fsbp = [...new Set(rule.compliance.filter((c) => c.framework === 'aws-fsbp').map((c) => c.control))];
  return {
    Status: status,
    ...(requirements.length ? { RelatedRequirements: requirements.slice(0, 32).map((r) => clip(r, 256)) } : {}),
    ...(fsbp.length === 1 ? { SecurityControlId: fsbp[0] } : {}),
    ...(reason && filled(reason.code) && filled(reason.message) ? { StatusReasons: [{ ReasonCode: clip(reason.code, 64), Description: clip(reason.message, 2048) }] } : {}),
  };
}

function typesOf(rule: ReportRule): string[] {
  const standards = rule.compliance.map((c) => (Object.hasOwn(STANDARD_TYPES, c.framework) ? STANDARD_TYPES[c.framework] : null));
  return [...new Set([BASE_TYPE, ...standards.filter((t): t is string => t !== null)])];
}

interface Entry {
  key: string;
  account: string;
  rule: ReportRule;
  status: FindingStatus;
  severity: Severity;
  resource: { arn: string; region: string; id: string; tags?: Record<string, string> };
  message: string;
  messageId: string | null;
  subject: string;
  workflow: WorkflowStatus;
  archived: boolean;
  suppressedReason: string | null;
  baseline: string | null;
}

function record(report: Report, e: Entry): AwsSecurityFinding {
  const account = findingAccount(report, e.account);
  const time = account.collectedAt;
  const section = report.score.sections.find((s) => s.id === e.rule.section)?.name ?? e.rule.section;
  const status = e.archived ? 'PASSED' : COMPLIANCE_STATUS[e.status];
  // Security Hub shows a passed check as informational, whatever the severity of the rule.
  const severity = { Label: status === 'PASSED' ? 'INFORMATIONAL' : SEVERITY_LABELS[e.severity], Original: e.severity } as const;
  const types = typesOf(e.rule);
  const productFields: Record<string, string> = {
    'aws-tips/RuleId': e.rule.id,
    'aws-tips/Section': section,
    'aws-tips/Tip': e.rule.tip,
    'aws-tips/Status': e.archived ? 'fixed' : e.status,
    'aws-tips/Key': e.key,
    ...(e.messageId ? { 'aws-tips/MessageId': e.messageId } : {}),
    ...(e.subject ? { 'aws-tips/Subject': e.subject } : {}),
    ...(e.suppressedReason ? { 'aws-tips/SuppressedReason': e.suppressedReason } : {}),
    ...(e.baseline ? { 'aws-tips/Baseline': e.baseline } : {}),
    'aws-tips/Version': report.tool.version,
  };
  const remediation = remediationOf(e.rule);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: clip(`aws-tips/${e.rule.id}/${e.key}`, 512),
    ProductArn: productArn(account),
    ProductName: 'aws-tips',
    CompanyName: 'aws-tips',
    GeneratorId: clip(`aws-tips/${e.rule.id}`, 512),
    AwsAccountId: account.id,
    Types: types,
    CreatedAt: time,
    UpdatedAt: time,
    Severity: severity,
    Title: clip(e.rule.title, 256),
    Description: clip(filled(e.message) ? e.message : e.rule.title, 1024),
    ...(remediation ? { Remediation: remediation } : {}),
    ProductFields: Object.fromEntries(Object.entries(productFields).filter(([, v]) => filled(v)).map(([k, v]) => [k, clip(v, 2048)])),
    Resources: [resourceOf(account, e.resource)],
    Compliance: complianceOf(e.rule, status, e.messageId ? { code: e.messageId, message: e.message } : null),
    Workflow: { Status: e.workflow },
    RecordState: e.archived ? 'ARCHIVED' : 'ACTIVE',
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

/** The ASFF records of a report, one finding each, in report order (baseline's fixed findings last). */
export function* asffFindings(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): Generator<AwsSecurityFinding> {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    const rule = rules.get(f.ruleId);
    if (!rule || !isExported(f, !!opts.includePassed)) continue;
    yield record(report, {
      key: f.key, account: f.account, rule, status: f.status, severity: f.severity, resource: f.resource, message: f.message, messageId: f.messageId, subject: f.subject,
      workflow: f.suppressed ? 'SUPPRESSED' : f.status === 'pass' ? 'RESOLVED' : 'NEW',
      archived: false, suppressedReason: f.suppressed?.reason ?? null, baseline: f.baseline,
    });
  }
  for (const f of report.baseline?.fixed ?? []) {
    const rule = rules.get(f.ruleId);
    if (!rule) continue;
    yield record(report, {
      key: f.key, account: f.account, rule, status: f.status, severity: f.severity, resource: f.resource, message: f.message, messageId: null, subject: '',
      workflow: 'RESOLVED', archived: true, suppressedReason: null, baseline: 'fixed',
    });
  }
}

/**
 * A JSON array, one finding a line (`[]` without any), written a batch of findings at a time as they are made
 * (a large account's report is never one string, nor one array of findings).
 */
export function* renderAsff(report: Report, opts: Pick<RenderOptions, 'includePassed'> = {}): Generator<string> {
  yield* jsonPieces(streamedArray(asffFindings(report, opts), { oneLine: true }), { end: '\n' });
}
