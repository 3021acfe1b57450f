import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { BATCH } from '../../src/report/json-stream.js';
import { FRAMEWORK_IDS } from '../../src/compliance/registry.js';
import { mergeReports } from '../../src/engine/merge.js';
import type { Report } from '../../src/engine/report.js';
import { asffFindings, asffResourceType, clip, renderAsff, STANDARD_NAMES } from '../../src/report/asff.js';
import { asffErrors } from './asff-constraints.js';
import { bigReport, MAX_PIECE, oneRecordALine } from './big-report.js';
import { demoReport, demoSnapshot, hostileReport } from './demo-report.js';

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
    gov.accounts[0]!.partition = 'aws-us-gov';
    gov.accounts[0]!.regions = ['us-gov-west-1'];
    expect([...asffFindings(gov)][0]!.ProductArn).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default');
  });

  it('an organization report: each finding in its own account, imported through that account\'s integration', () => {
    const snapshot = demoSnapshot();
    snapshot.meta.accountId = '444455556666';
    snapshot.meta.regions = ['us-east-1'];
    snapshot.meta.collectedAt = '2026-11-01T10:00:00.000Z';
    const org = mergeReports([report, demoReport({ snapshot, frameworks: [...FRAMEWORK_IDS] })]);
    const out = [...asffFindings(org)];
    expectValid(out);
    const other = out.filter((a) => a.AwsAccountId === '444455556666');
    expect(other.length).toBeGreaterThan(0);
    expect(out.filter((a) => a.AwsAccountId === '111122223333').length).toBeGreaterThan(0);
    for (const a of other) {
      expect(a.ProductArn).toBe('arn:aws:securityhub:us-east-1:444455556666:product/444455556666/default');
      expect(a.CreatedAt).toBe('2026-11-01T10:00:00.000Z');
    }
    expect(new Set(out.map((a) => a.Id)).size).toBe(out.length);
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
    // A batch of findings a chunk, the array's close in the last.
    expect(chunks.length).toBe(Math.ceil([...asffFindings(report)].length / BATCH) + 1);
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

describe('asff: a large report, in pieces', () => {
  const big = bigReport(20000);

  it('is the whole array, one record a line, a batch of records a piece (not one piece each), and every record valid', () => {
    for (const includePassed of [false, true]) {
      const records = [...asffFindings(big, { includePassed })];
      expect(records.length).toBeGreaterThan(5000);
      const out = [...renderAsff(big, { includePassed })];
      const text = out.join('');
      expect(text).toBe(oneRecordALine(records));
      expect(out.length).toBeGreaterThan(1);
      expect(out.length).toBeLessThanOrEqual(Math.ceil(records.length / BATCH) + 1);
      expect(Math.max(...out.map((p) => p.length))).toBeLessThanOrEqual(MAX_PIECE);
      // Every record of the file, as read back (with --include-passed: every kind of finding).
      if (includePassed) expectValid(JSON.parse(text) as AwsSecurityFinding[]);
    }
  }, 120_000);
});
