import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_IDS } from '../../src/compliance/registry.js';
import type { Report } from '../../src/engine/report.js';
import { asffFindings, asffResourceType, clip, renderAsff, STANDARD_NAMES } from '../../src/report/asff.js';
import { demoReport, hostileReport } from './demo-report.js';

/**
 * The constraints of the AWS Security Finding Format as the Security Hub API reference gives them
 * (AwsSecurityFinding, Resource, Compliance, Severity, Recommendation; BatchImportFindings: 1-100 findings a call):
 * what BatchImportFindings refuses. Only the attributes aws-tips writes are listed; any other is an error here.
 */
const NON_EMPTY = /\S/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)$/;
const NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'];
const REQUIRED = ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'CreatedAt', 'UpdatedAt', 'Title', 'Description', 'Resources'];
const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function asffErrors(f: Record<string, unknown>): string[] {
  const e: string[] = [];
  const str = (path: string, v: unknown, min = 1, max = Infinity) => {
    if (typeof v !== 'string') return void e.push(`${path}: not a string`);
    if (!NON_EMPTY.test(v)) e.push(`${path}: blank`);
    if (v.length < min || v.length > max) e.push(`${path}: length ${v.length} outside ${min}-${max}`);
  };
  const map = (path: string, v: unknown, maxKeys: number, keyMax: number, valueMax: number) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return void e.push(`${path}: not a map`);
    const entries = Object.entries(v);
    if (entries.length > maxKeys) e.push(`${path}: more than ${maxKeys} entries`);
    for (const [k, x] of entries) {
      str(`${path} key ${k}`, k, 1, keyMax);
      str(`${path}.${k}`, x, 1, valueMax);
    }
  };
  const known = (path: string, v: object, keys: string[]) => {
    for (const k of Object.keys(v)) if (!keys.includes(k)) e.push(`${path}.${k}: not written by aws-tips (unchecked)`);
  };
  known('', f, [...REQUIRED, 'ProductName', 'CompanyName', 'Types', 'Severity', 'Remediation', 'ProductFields', 'Compliance', 'Workflow', 'RecordState', 'FindingProviderFields']);
  for (const k of REQUIRED) if (f[k] === undefined) e.push(`${k}: required`);
  if (f.SchemaVersion !== '2018-10-08') e.push('SchemaVersion: not 2018-10-08');
  str('Id', f.Id, 1, 512);
  str('ProductArn', f.ProductArn, 12, 2048);
  str('ProductName', f.ProductName, 1, 128);
  str('CompanyName', f.CompanyName, 1, 128);
  str('GeneratorId', f.GeneratorId, 1, 512);
  if (typeof f.AwsAccountId !== 'string' || !/^\d{12}$/.test(f.AwsAccountId)) e.push('AwsAccountId: not 12 digits');
  for (const t of ['CreatedAt', 'UpdatedAt']) if (typeof f[t] !== 'string' || !TIMESTAMP.test(f[t] as string)) e.push(`${t}: not an accepted timestamp`);
  str('Title', f.Title, 1, 256);
  str('Description', f.Description, 1, 1024);
  const types = (path: string, v: unknown) => {
    if (!Array.isArray(v) || v.length > 50) return void e.push(`${path}: not a list of at most 50`);
    for (const t of v) {
      str(`${path}[]`, t);
      const parts = String(t).split('/');
      if (parts.length < 1 || parts.length > 3 || !NAMESPACES.includes(parts[0]!)) e.push(`${path}: ${String(t)} is not namespace/category/classifier`);
    }
  };
  const severity = (path: string, v: unknown) => {
    const s = v as { Label?: unknown; Original?: unknown };
    if (!s || !LABELS.includes(String(s.Label))) e.push(`${path}.Label: not a severity label`);
    if (s?.Original !== undefined) str(`${path}.Original`, s.Original, 1, 64);
    known(path, s ?? {}, ['Label', 'Original']);
  };
  if (f.Types !== undefined) types('Types', f.Types);
  severity('Severity', f.Severity);
  const rem = f.Remediation as { Recommendation?: { Text?: unknown; Url?: unknown } } | undefined;
  if (rem) {
    known('Remediation', rem, ['Recommendation']);
    if (rem.Recommendation?.Text !== undefined) str('Remediation.Recommendation.Text', rem.Recommendation.Text, 1, 512);
    if (rem.Recommendation?.Url !== undefined) str('Remediation.Recommendation.Url', rem.Recommendation.Url, 1, 2048);
  }
  if (f.ProductFields !== undefined) map('ProductFields', f.ProductFields, 50, 128, 2048);
  const res = f.Resources as Record<string, unknown>[];
  if (!Array.isArray(res) || res.length < 1 || res.length > 32) e.push('Resources: not 1-32 resources');
  for (const [i, r] of (Array.isArray(res) ? res : []).entries()) {
    const p = `Resources[${i}]`;
    known(p, r, ['Type', 'Id', 'Partition', 'Region', 'Tags']);
    str(`${p}.Type`, r.Type, 1, 256);
    str(`${p}.Id`, r.Id, 1, 512);
    if (r.Partition !== undefined && !['aws', 'aws-cn', 'aws-us-gov'].includes(String(r.Partition))) e.push(`${p}.Partition: not aws, aws-cn or aws-us-gov`);
    if (r.Region !== undefined) str(`${p}.Region`, r.Region, 1, 16);
    if (r.Tags !== undefined) map(`${p}.Tags`, r.Tags, 50, 128, 256);
  }
  const c = f.Compliance as Record<string, unknown> | undefined;
  if (c) {
    known('Compliance', c, ['Status', 'RelatedRequirements', 'SecurityControlId', 'StatusReasons']);
    if (!['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(String(c.Status))) e.push('Compliance.Status: not a compliance status');
    if (c.RelatedRequirements !== undefined) {
      if (!Array.isArray(c.RelatedRequirements) || c.RelatedRequirements.length > 32) e.push('Compliance.RelatedRequirements: not a list of at most 32');
      else for (const r of c.RelatedRequirements) str('Compliance.RelatedRequirements[]', r);
    }
    if (c.SecurityControlId !== undefined) str('Compliance.SecurityControlId', c.SecurityControlId);
    for (const r of (c.StatusReasons as { ReasonCode?: unknown; Description?: unknown }[] | undefined) ?? []) {
      str('Compliance.StatusReasons[].ReasonCode', r.ReasonCode);
      if (r.Description !== undefined) str('Compliance.StatusReasons[].Description', r.Description, 1, 2048);
    }
  }
  const w = f.Workflow as { Status?: unknown } | undefined;
  if (w && !['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'].includes(String(w.Status))) e.push('Workflow.Status: not a workflow status');
  if (f.RecordState !== undefined && !['ACTIVE', 'ARCHIVED'].includes(String(f.RecordState))) e.push('RecordState: not ACTIVE or ARCHIVED');
  const fp = f.FindingProviderFields as { Severity?: unknown; Types?: unknown } | undefined;
  if (fp) {
    known('FindingProviderFields', fp, ['Severity', 'Types']);
    if (fp.Severity !== undefined) severity('FindingProviderFields.Severity', fp.Severity);
    if (fp.Types !== undefined) types('FindingProviderFields.Types', fp.Types);
  }
  return e;
}

const report = demoReport({ frameworks: [...FRAMEWORK_IDS] });
const all = [...asffFindings(report, { includePassed: true })];

function expectValid(findings: AwsSecurityFinding[]) {
  const errors = findings.flatMap((f) => asffErrors(f as unknown as Record<string, unknown>).map((x) => `${String(f.Id)}: ${x}`));
  expect(errors).toEqual([]);
}

describe('asff', () => {
  it('every record meets the ASFF constraints BatchImportFindings enforces', () => {
    expect(all.length).toBeGreaterThan(100);
    expectValid(all);
  });

  it('the constraint check can fail', () => {
    const f = structuredClone(all[0]!) as unknown as Record<string, unknown>;
    f.Title = 'x'.repeat(257);
    f.Severity = { Label: 'SEVERE' };
    delete f.GeneratorId;
    (f.Resources as Record<string, unknown>[])[0]!.Tags = { env: '' };
    expect(asffErrors(f)).toEqual(expect.arrayContaining([
      'Title: length 257 outside 1-256', 'Severity.Label: not a severity label', 'GeneratorId: required', 'Resources[0].Tags.env: blank',
    ]));
  });

  it('writes fail, warn and error findings; pass and info only with --include-passed', () => {
    const def = [...asffFindings(report)];
    const problems = report.findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status));
    expect(def.map((f) => f.ProductFields!['aws-tips/Key'])).toEqual(problems.map((f) => f.key));
    expect(all).toHaveLength(report.findings.length);
    const withError = structuredClone(report);
    withError.findings[0] = { ...withError.findings[0]!, status: 'error', message: 'AccessDenied: ec2:DescribeInstances' };
    const err = [...asffFindings(withError)].find((f) => f.ProductFields!['aws-tips/Key'] === withError.findings[0]!.key)!;
    expect(err.Compliance).toMatchObject({ Status: 'NOT_AVAILABLE', StatusReasons: [{ Description: 'AccessDenied: ec2:DescribeInstances' }] });
  });

  it('maps status and severity', () => {
    const byKey = new Map(all.map((f) => [f.ProductFields!['aws-tips/Key'], f]));
    const expected = { fail: 'FAILED', warn: 'WARNING', info: 'WARNING', pass: 'PASSED', error: 'NOT_AVAILABLE' } as const;
    const labels = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' } as const;
    for (const f of report.findings) {
      const a = byKey.get(f.key)!;
      expect(a.Compliance!.Status).toBe(expected[f.status]);
      expect(a.Severity).toEqual({ Label: f.status === 'pass' ? 'INFORMATIONAL' : labels[f.severity], Original: f.severity });
      expect(a.FindingProviderFields!.Severity).toEqual(a.Severity);
      expect(a.Workflow!.Status).toBe(f.status === 'pass' ? 'RESOLVED' : 'NEW');
      expect(a.RecordState).toBe('ACTIVE');
    }
  });

  it('Id from the finding key; ProductArn is the account\'s custom integration in its partition and first region', () => {
    for (const [i, a] of all.entries()) {
      const f = report.findings[i]!;
      expect(a.Id).toBe(`aws-tips/${f.ruleId}/${f.key}`);
      expect(a.ProductArn).toBe(`arn:aws:securityhub:${report.regions[0]}:111122223333:product/111122223333/default`);
      expect(a.GeneratorId).toBe(`aws-tips/${f.ruleId}`);
    }
    expect(new Set(all.map((a) => a.Id)).size).toBe(all.length);
    const gov = structuredClone(report);
    gov.account.partition = 'aws-us-gov';
    gov.regions = ['us-gov-west-1'];
    expect([...asffFindings(gov)][0]!.ProductArn).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default');
  });

  it('Compliance names the rule\'s controls: RelatedRequirements per framework, SecurityControlId for one FSBP control', () => {
    for (const [i, a] of all.entries()) {
      const rule = report.rules.find((r) => r.id === report.findings[i]!.ruleId)!;
      const reqs = [...new Set(rule.compliance.map((c) => `${STANDARD_NAMES[c.framework]}/${c.control}`))];
      expect(a.Compliance!.RelatedRequirements ?? []).toEqual(reqs.slice(0, 32));
      const fsbp = [...new Set(rule.compliance.filter((c) => c.framework === 'aws-fsbp').map((c) => c.control))];
      expect(a.Compliance!.SecurityControlId).toBe(fsbp.length === 1 ? fsbp[0] : undefined);
      if (rule.compliance.some((c) => c.framework.startsWith('cis-'))) expect(a.Types).toContain('Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark');
    }
    const cis = all.flatMap((a) => a.Compliance!.RelatedRequirements ?? []).filter((r) => r.startsWith('CIS AWS Foundations Benchmark v5.0.0/'));
    expect(cis.length).toBeGreaterThan(0);
    expect(all.some((a) => a.Compliance!.SecurityControlId)).toBe(true);
  });

  it('Resources: type from the ARN, the ARN as Id, region, partition and tags', () => {
    expect(asffResourceType('arn:aws:ec2:us-east-1:111122223333:security-group/sg-1')).toBe('AwsEc2SecurityGroup');
    expect(asffResourceType('arn:aws:s3:::bucket')).toBe('AwsS3Bucket');
    expect(asffResourceType('arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc')).toBe('AwsElbv2LoadBalancer');
    expect(asffResourceType('arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/legacy')).toBe('AwsElbLoadBalancer');
    expect(asffResourceType('arn:aws:iam::111122223333:user/alice')).toBe('AwsIamUser');
    expect(asffResourceType('arn:aws:iam::111122223333:account')).toBe('AwsAccount');
    expect(asffResourceType('arn:aws:elasticmapreduce:us-east-1:1:cluster/j-1')).toBe('Other');
    expect(asffResourceType('not-an-arn')).toBe('Other');
    for (const [i, a] of all.entries()) {
      const f = report.findings[i]!;
      const r = a.Resources![0]!;
      expect(r.Id).toBe(f.resource.arn);
      expect(r.Partition).toBe('aws');
      expect(r.Region).toBe(f.resource.region === 'global' ? report.regions[0] : f.resource.region);
      expect(r.Tags).toEqual(f.resource.tags && Object.keys(f.resource.tags).length ? f.resource.tags : undefined);
    }
    expect(all.some((a) => a.Resources![0]!.Type === 'AwsEc2SecurityGroup' && a.Resources![0]!.Tags)).toBe(true);
  });

  it('suppressed findings are written SUPPRESSED with their reason; the baseline\'s fixed findings ARCHIVED', () => {
    const target = report.findings.find((f) => f.status === 'fail')!;
    const base = structuredClone(report);
    const gone = { ...target, key: 'f'.repeat(32), subject: 'gone', message: 'an exposure since closed' };
    base.findings.push(gone);
    const r = demoReport({ suppressions: [{ rule: target.ruleId, resource: target.resource.arn, reason: 'accepted in SEC-1' }], baseline: base, frameworks: [...FRAMEWORK_IDS] });
    const out = [...asffFindings(r)];
    expectValid(out);
    const sup = out.find((a) => a.ProductFields!['aws-tips/Key'] === target.key)!;
    expect(sup.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(sup.ProductFields!['aws-tips/SuppressedReason']).toBe('accepted in SEC-1');
    const fixed = out.find((a) => a.ProductFields!['aws-tips/Key'] === gone.key)!;
    expect(fixed).toMatchObject({ Id: `aws-tips/${gone.ruleId}/${gone.key}`, RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' }, Compliance: { Status: 'PASSED' } });
  });

  it('hostile resource strings stay within the limits; clip never splits a surrogate pair', () => {
    const r = hostileReport(report) as Report;
    r.findings[1] = { ...r.findings[1]!, message: '😀'.repeat(600), resource: { ...r.findings[1]!.resource, tags: { '': 'x', blank: ' ', ok: 'v'.repeat(300) } } };
    const out = [...asffFindings(r, { includePassed: true })];
    expectValid(out);
    expect(out[1]!.Resources![0]!.Tags).toEqual({ ok: `${'v'.repeat(255)}…` });
    expect(out[1]!.Description!.length).toBeLessThanOrEqual(1024);
    expect(out[1]!.Description).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(clip('ab😀', 3)).toBe('ab…');
  });

  it('renders a JSON array in chunks, one finding a line; an audit without findings is []', () => {
    const chunks = [...renderAsff(report)];
    expect(chunks.length).toBeGreaterThan(2);
    const parsed = JSON.parse(chunks.join('')) as AwsSecurityFinding[];
    expect(parsed).toEqual([...asffFindings(report)]);
    const empty = structuredClone(report);
    empty.findings = [];
    expect([...renderAsff(empty)].join('')).toBe('[]\n');
  });

  it('names every framework of the registry', () => {
    for (const id of FRAMEWORK_IDS) expect(STANDARD_NAMES[id]).toMatch(/\S/);
  });
});
