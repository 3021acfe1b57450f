/**
 * Faults the audit must survive, end to end: the built CLI talks to moto through the fault proxy,
 * which throttles, denies, hangs, breaks or delays calls per service, operation or region.
 *
 * The account is clean for the selected rules (a bucket without dots, an Elastic IP in use, a user
 * whose permissions come from a group), so every fault shows up as exactly what it is: `error`
 * findings where data could not be collected, never a `pass` there, and exit 3 (incomplete, no
 * violations). Startup failures (credentials, regions, an endpoint that never answers) are one line
 * on stderr and exit 2. No stack trace ever reaches stderr.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AddUserToGroupCommand, CreateGroupCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS, requireMotoOrSkip, useMoto } from '../support/moto.js';
import { expectValidReport, passesWhereNotChecked } from '../property/report-check.js';
import { expectUsageError, isolatedEnv, runAsync, type RunResult } from './run.js';

const hasMoto = requireMotoOrSkip();

const RULES = ['s3-bucket-name-no-dots', 'ec2-eip-unassociated', 'elb-tls-terminated-at-lb', 'iam-user-no-direct-policies'];
const REGIONS = 'us-east-1,eu-west-1';

interface Finding {
  ruleId: string;
  status: string;
  resource: { arn: string; region: string; id: string };
  message: string;
  evidence: Record<string, unknown>;
}
interface Report {
  rules: { id: string; status: string }[];
  findings: Finding[];
  notChecked: { ruleId: string; region: string; message: string }[];
  summary: { violations: number; incomplete: boolean };
}

interface Audit extends RunResult {
  report: Report;
  ms: number;
}

const cfg = (endpoint: string, region = 'us-east-1') => ({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 2 });

async function seedCleanAccount(endpoint: string): Promise<void> {
  await new S3Client({ ...cfg(endpoint), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'clean-bucket' }));
  const ec2 = new EC2Client(cfg(endpoint));
  const { Images = [] } = await ec2.send(new DescribeImagesCommand({}));
  const { Instances = [] } = await ec2.send(
    new RunInstancesCommand({ ImageId: Images[0]!.ImageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
  );
  const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: Instances[0]!.InstanceId }));
  const iam = new IAMClient(cfg(endpoint));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'carol' }));
}

/** No stack trace, no library noise: stderr holds only aws-tips' own lines. */
function expectCleanStderr(r: RunResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at |\.js:\d+|\.ts:\d+|node:internal|Error: /);
  for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^aws-tips: /);
}

describe.skipIf(!hasMoto)('faults end to end (CLI → fault proxy → moto)', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let dir: string;

  const env = (extra: Record<string, string> = {}) =>
    isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_MAX_ATTEMPTS: '3', ...extra });

  async function audit(extraArgs: string[] = [], extraEnv: Record<string, string> = {}, rules = RULES): Promise<Audit> {
    const started = Date.now();
    const r = await runAsync(
      ['audit', '--endpoint-url', proxy.url, '--regions', REGIONS, '--rule', rules.join(','), '--format', 'json', '--timeout', '5', ...extraArgs],
      { cwd: dir, env: env(extraEnv) },
    );
    const ms = Date.now() - started;
    expectCleanStderr(r);
    let report: Report;
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}${r.stdout.slice(0, 500)}`);
    }
    await expectValidReport(report);
    expect(passesWhereNotChecked(report)).toEqual([]);
    return { ...r, report, ms };
  }

  const of = (a: Audit, ruleId: string, status?: string) => a.report.findings.filter((f) => f.ruleId === ruleId && (!status || f.status === status));
  const regionsOf = (fs: Finding[]) => [...new Set(fs.map((f) => f.resource.region))].sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-tips-faults-'));
    await seedCleanAccount(moto.url);
    proxy = await startFaultProxy({ target: moto.url });
  }, 120_000);
  afterEach(() => {
    proxy.clearInjections();
    proxy.clear();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('without faults: the clean account passes, exit 0 (the baseline every fault is compared with)', async () => {
    const a = await audit();
    expect(a.code).toBe(0);
    expect(a.report.notChecked).toEqual([]);
    expect(of(a, 's3-bucket-name-no-dots', 'pass')).toHaveLength(1);
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'pass'))).toEqual(['us-east-1']);
    expect(of(a, 'iam-user-no-direct-policies', 'pass').map((f) => f.resource.id)).toEqual(['carol']);
    expect(a.report.rules.find((r) => r.id === 'elb-tls-terminated-at-lb')?.status).toBe('not-applicable');
  });

  it('throttling on every call: retried within the budget, then error findings; bounded time; exit 3', async () => {
    proxy.inject({ service: /^(?!sts$)/, fault: { kind: 'throttle' } });
    // Adaptive retry slows a throttled client to 0.5 requests/s: rules on separate clients keep this test short.
    const rules = ['s3-bucket-name-no-dots', 'elb-tls-terminated-at-lb', 'iam-user-no-direct-policies'];
    const a = await audit([], { AWS_MAX_ATTEMPTS: '2' }, rules);
    expect(a.code).toBe(3);
    expect(a.report.findings.filter((f) => f.status === 'pass')).toEqual([]);
    for (const rule of rules) {
      expect(a.report.rules.find((r) => r.id === rule)?.status, rule).toBe('error');
      expect(of(a, rule, 'error').length, rule).toBeGreaterThan(0);
    }
    expect(of(a, 'elb-tls-terminated-at-lb', 'error').map((f) => f.message).join('\n')).toMatch(/Throttling/);
    expect(of(a, 's3-bucket-name-no-dots', 'error')[0]!.message).toMatch(/SlowDown/);
    expect(of(a, 'iam-user-no-direct-policies', 'error')[0]!.message).toMatch(/Throttling/);
    // Each call was retried within the budget: at most AWS_MAX_ATTEMPTS (2) attempts (fewer once the breaker gave
    // its service up in that region: calls still backing off then stop, later ones are not sent).
    const attempts = new Map<string, number>();
    for (const r of proxy.requests.filter((q) => q.injected === 'throttle')) {
      const call = `${r.service}:${r.operation}@${r.region}/${r.apiVersion ?? ''}`;
      attempts.set(call, (attempts.get(call) ?? 0) + 1);
    }
    expect([...attempts.keys()].some((k) => k.startsWith('ec2:DescribeRegions'))).toBe(true);
    expect(attempts.size).toBeGreaterThan(4);
    expect(Math.max(...attempts.values())).toBe(2);
    expect(Math.min(...attempts.values())).toBeGreaterThanOrEqual(1);
    // Adaptive retry slows a throttled client down (its token bucket refills at 0.5/s at worst): slow, but bounded.
    expect(a.ms).toBeLessThan(30_000);
  }, 60_000);

  it('5xx on one service: retried, then error findings for its rules only', async () => {
    proxy.inject({ service: 's3', fault: { kind: 'status', status: 503 } });
    const a = await audit();
    expect(a.code).toBe(3);
    // s3.buckets and s3.bucketWebsites (built on it) each say ListBuckets failed.
    expect(new Set(of(a, 's3-bucket-name-no-dots').map((f) => f.status))).toEqual(new Set(['error']));
    expect(of(a, 's3-bucket-name-no-dots', 'error')[0]!.message).toMatch(/s3:ListBuckets failed in global \(ServiceUnavailable/);
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'pass'))).toEqual(['us-east-1']);
    expect([...new Set(a.report.notChecked.map((n) => n.ruleId))]).toEqual(['s3-bucket-name-no-dots']);
  }, 60_000);

  it('AccessDenied for one service: its rules error in every region with the missing permission; the rest is evaluated; exit 3', async () => {
    proxy.inject({ service: 'elasticloadbalancing', fault: { kind: 'accessDenied' } });
    const a = await audit();
    expect(a.code).toBe(3);
    const errors = of(a, 'elb-tls-terminated-at-lb', 'error');
    expect(regionsOf(errors)).toEqual(['eu-west-1', 'us-east-1']);
    expect(of(a, 'elb-tls-terminated-at-lb', 'pass')).toEqual([]);
    for (const e of errors) expect(e.message).toMatch(/elasticloadbalancing:DescribeLoadBalancers failed in .* \(AccessDenied: .*missing permission elasticloadbalancing:DescribeLoadBalancers\)/);
    // Only the denied rule is incomplete: the others are evaluated as without faults.
    expect([...new Set(a.report.notChecked.map((n) => n.ruleId))]).toEqual(['elb-tls-terminated-at-lb']);
    expect(a.report.notChecked.every((n) => /missing permission elasticloadbalancing:/.test(n.message))).toBe(true);
    expect(of(a, 's3-bucket-name-no-dots', 'pass')).toHaveLength(1);
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'pass'))).toEqual(['us-east-1']);
    expect(of(a, 'iam-user-no-direct-policies', 'pass')).toHaveLength(1);
    expect(a.report.summary.violations).toBe(0);
  }, 60_000);

  it('AccessDenied for one region only: the rule errors there and passes elsewhere; the terminal report names the permission', async () => {
    proxy.inject({ service: 'ec2', region: 'eu-west-1', fault: { kind: 'accessDenied' } });
    const termFile = join(dir, 'denied-region.txt');
    const a = await audit(['--format', `terminal=${termFile}`]);
    expect(a.code).toBe(3);
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'error'))).toEqual(['eu-west-1']);
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'pass'))).toEqual(['us-east-1']);
    expect(of(a, 'ec2-eip-unassociated', 'error').every((f) => /UnauthorizedOperation.*missing permission ec2:Describe/.test(f.message))).toBe(true);
    expect(a.report.notChecked.every((n) => n.ruleId === 'ec2-eip-unassociated' && n.region === 'eu-west-1')).toBe(true);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(termFile, 'utf8');
    expect(text).toMatch(/Could not be checked/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/ec2-eip-unassociated \(eu-west-1\): not checked: ec2:Describe\w+ failed in eu-west-1 .*missing permission ec2:Describe\w+/);
  }, 60_000);

  it('an operation that never answers: the run ends within --timeout × attempts, with error findings', async () => {
    proxy.inject({ service: 's3', operation: 'ListBuckets', fault: { kind: 'hang' } });
    const a = await audit(['--timeout', '1'], { AWS_MAX_ATTEMPTS: '2' });
    expect(a.code).toBe(3);
    expect(new Set(of(a, 's3-bucket-name-no-dots').map((f) => f.status))).toEqual(new Set(['error']));
    expect(of(a, 's3-bucket-name-no-dots')[0]!.message).toMatch(/TimeoutError|timed out|exceeded/i);
    expect(proxy.requests.filter((r) => r.injected === 'hang')).toHaveLength(2);
    // 2 attempts × 1 s, plus backoff and the CLI's own start-up; far from "never".
    expect(a.ms).toBeLessThan(15_000);
  }, 30_000);

  it('an endpoint that never answers at all: one line, exit 2, within --timeout × attempts', async () => {
    proxy.inject({ fault: { kind: 'hang' } });
    const started = Date.now();
    const r = await runAsync(['audit', '--endpoint-url', proxy.url, '--regions', REGIONS, '--rule', RULES.join(','), '--format', 'json', '--timeout', '1'], {
      cwd: dir,
      env: env({ AWS_MAX_ATTEMPTS: '2' }),
    });
    expectUsageError(r, /^aws-tips: cannot reach AWS: .*(TimeoutError|timed out|exceeded)/i);
    expect(r.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('malformed responses: error findings, no crash', async () => {
    proxy.inject({ service: /^(ec2|s3|iam)$/, operation: /^(DescribeAddresses|ListBuckets|GetAccountAuthorizationDetails)$/, fault: { kind: 'malformed' } });
    const a = await audit();
    expect(a.code).toBe(3);
    for (const rule of ['s3-bucket-name-no-dots', 'ec2-eip-unassociated', 'iam-user-no-direct-policies']) {
      expect(of(a, rule, 'error').length, rule).toBeGreaterThan(0);
      expect(of(a, rule, 'pass'), rule).toEqual([]);
    }
    expect(regionsOf(of(a, 'ec2-eip-unassociated', 'error'))).toEqual(['eu-west-1', 'us-east-1']);
    expect(a.report.rules.find((r) => r.id === 'elb-tls-terminated-at-lb')?.status).toBe('not-applicable');
  }, 60_000);

  it('a region that is not enabled: one line, exit 2', async () => {
    const r = await runAsync(['audit', '--endpoint-url', proxy.url, '--regions', 'us-east-1,ap-east-1', '--format', 'json'], { cwd: dir, env: env() });
    expectUsageError(r, /^aws-tips: region ap-east-1 is not enabled for this account/);
    expect(r.stdout).toBe('');
  });

  it('expired credentials (STS answers ExpiredToken): one line, exit 2', async () => {
    proxy.inject({ service: 'sts', fault: { kind: 'status', status: 400, code: 'ExpiredToken' } });
    const r = await runAsync(['collect', '--endpoint-url', proxy.url, '--regions', REGIONS, '--output', join(dir, 'never.json')], { cwd: dir, env: env() });
    expectUsageError(r, /^aws-tips: the AWS credentials have expired/);
    expect(proxy.requests.map((q) => `${q.service}:${q.operation}`)).toEqual(['sts:GetCallerIdentity']);
  });

  it('STS throttled past the retries: one line, exit 2', async () => {
    proxy.inject({ service: 'sts', fault: { kind: 'throttle' } });
    const r = await runAsync(['audit', '--endpoint-url', proxy.url, '--regions', REGIONS, '--format', 'json'], { cwd: dir, env: env({ AWS_MAX_ATTEMPTS: '2' }) });
    expectUsageError(r, /^aws-tips: cannot verify the AWS credentials: sts:GetCallerIdentity failed \(Throttling: Rate exceeded\)/);
  });

  it('missing credentials: one line, exit 2, nothing sent', async () => {
    const r = await runAsync(['audit', '--endpoint-url', proxy.url, '--regions', REGIONS, '--format', 'json'], {
      cwd: dir,
      env: isolatedEnv({ AWS_MAX_ATTEMPTS: '1' }),
    });
    expectUsageError(r, /^aws-tips: no AWS credentials found|^aws-tips: no usable AWS credentials/);
    expect(proxy.requests).toEqual([]);
  });

  it('an invalid retry budget is a usage error', async () => {
    const r = await runAsync(['audit', '--endpoint-url', proxy.url, '--regions', REGIONS], { cwd: dir, env: env({ AWS_MAX_ATTEMPTS: 'lots' }) });
    expectUsageError(r, /^aws-tips: AWS_MAX_ATTEMPTS: expected a whole number of 1 or more, got "lots"/);
  });
});
