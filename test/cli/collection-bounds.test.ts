/**
 * The collection flags and their bounds, end to end (the built CLI): --deadline, --timeout, --endpoint-url,
 * region validation, credentials (role profiles through the endpoint, a hung credential_process, the SDK's
 * warnings), AWS_MAX_ATTEMPTS, and a live audit against an endpoint that throttles everything.
 *
 * Runs that could reach out if the code were wrong (a role assumed at the real STS) preload
 * test/support/offline.cjs: no host name but localhost resolves, so nothing leaves 127.0.0.1.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS, requireMotoOrSkip, useMoto } from '../support/moto.js';
import { expectUsageError, isolatedEnv, run, runAsync, type RunResult } from './run.js';

const hasMoto = requireMotoOrSkip();
const OFFLINE = fileURLToPath(new URL('../support/offline.cjs', import.meta.url));
const KEYS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

interface Report {
  findings: { ruleId: string; status: string; message: string; resource: { region: string } }[];
}

/** Only aws-tips' own lines on stderr, no stack trace, no library noise. */
function expectOwnLines(r: RunResult): void {
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|WARNING|@aws-sdk/);
  for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^aws-tips: /);
}

describe('collection flag values (no AWS needed)', () => {
  const env = () => isolatedEnv(KEYS);

  it.each(['2147484', '3601', '0'])('--timeout %s is out of range: one line, exit 2', (v) =>
    expectUsageError(run(['audit', '--timeout', v], { env: env() }), /^aws-tips: --timeout: expected a positive number of seconds, at most 3600, got "/),
  );

  it.each(['not-a-url', 'ftp://127.0.0.1:21', 'file:///tmp/x'])('--endpoint-url %s is refused: one line, exit 2', (v) =>
    expectUsageError(run(['audit', '--endpoint-url', v, '--regions', 'us-east-1'], { env: env() }), /^aws-tips: --endpoint-url: expected an http:\/\/ or https:\/\/ URL, got "/),
  );

  it.each(['soon', '0s', '10x', '25h'])('--deadline %s is refused: one line, exit 2', (v) =>
    expectUsageError(run(['collect', '--deadline', v, '--output', join(tmpdir(), 'never.json')], { env: env() }), /^aws-tips: --deadline: expected a duration such as 90s, 5m or 1h/),
  );

  it('--regions all without a home region says what "all" needs', () =>
    expectUsageError(
      run(['audit', '--regions', 'all', '--endpoint-url', 'http://127.0.0.1:9'], { env: env() }),
      /^aws-tips: --regions all lists the enabled regions from a home region, and none is set: add --region us-east-1 \(or set AWS_REGION or a region in your profile\)$/,
    ));
});

describe.skipIf(!hasMoto)('collection bounds end to end (CLI → fault proxy → moto)', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let dir: string;

  /** A home with an AWS config and credentials file. */
  function awsHome(config: string, credentials = ''): Record<string, string> {
    const home = mkdtempSync(join(tmpdir(), 'aws-tips-bounds-home-'));
    writeFileSync(join(home, 'config'), config);
    writeFileSync(join(home, 'credentials'), credentials);
    return { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
  }

  const audit = (args: string[], env: Record<string, string>) =>
    runAsync(['audit', '--endpoint-url', proxy.url, '--format', 'json', ...args], { cwd: dir, env: isolatedEnv({ NODE_OPTIONS: `--require ${OFFLINE}`, ...env }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-tips-bounds-'));
    await new S3Client({ endpoint: moto.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true, maxAttempts: 2 }).send(
      new CreateBucketCommand({ Bucket: 'clean-bucket' }),
    );
    proxy = await startFaultProxy({ target: moto.url });
  }, 120_000);
  afterEach(() => {
    proxy.clearInjections();
    proxy.clear();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('a region that does not exist is refused whatever its place in --regions', async () => {
    for (const regions of ['us-east-9,us-east-1', 'us-east-1,us-east-9']) {
      const r = await audit(['--regions', regions, '--rule', 's3-bucket-name-no-dots'], { ...KEYS, AWS_MAX_ATTEMPTS: '2' });
      expectUsageError(r, /^aws-tips: region us-east-9 is not enabled for this account \(or does not exist\)$/);
    }
  }, 60_000);

  it('a role profile (role_arn + source_profile) assumes its role at --endpoint-url, not at the real STS', async () => {
    const home = awsHome(
      '[profile auditor]\nrole_arn = arn:aws:iam::123456789012:role/auditor\nsource_profile = base\nregion = us-east-1\n',
      '[base]\naws_access_key_id = AKIDBASEPROFILE0001\naws_secret_access_key = basebasebasebasebase\n',
    );
    const r = await audit(['--profile', 'auditor', '--regions', 'us-east-1', '--rule', 's3-bucket-name-no-dots'], home);
    expectOwnLines(r);
    expect(r.stderr).not.toMatch(/ENOTFOUND|amazonaws\.com/);
    expect(r.code).toBe(0);
    expect(proxy.requests.map((q) => `${q.service}:${q.operation}`)).toContain('sts:AssumeRole');
  }, 60_000);

  it('a profile and AWS_ACCESS_KEY_ID together: one line of ours, not the SDK\'s nine-line warning', async () => {
    const home = awsHome('[profile base]\nregion = us-east-1\n', '[base]\naws_access_key_id = AKIDBASEPROFILE0001\naws_secret_access_key = basebasebasebasebase\n');
    const r = await audit(['--regions', 'us-east-1', '--rule', 's3-bucket-name-no-dots'], { ...home, ...KEYS, AWS_PROFILE: 'base' });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Multiple credential sources/);
    expectOwnLines(r);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'aws-tips: both a profile (--profile or AWS_PROFILE) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: the profile is used',
    ]);
  }, 60_000);

  it('a credential_process that hangs is bounded by --timeout: one line, exit 2, the CLI does not wait for it', async () => {
    const script = join(dir, 'slow-credentials.sh');
    writeFileSync(script, '#!/bin/sh\nsleep 20\n');
    chmodSync(script, 0o755);
    const home = awsHome(`[profile slow]\ncredential_process = ${script}\n`);
    const started = Date.now();
    const r = await audit(['--profile', 'slow', '--regions', 'us-east-1', '--timeout', '2', '--rule', 's3-bucket-name-no-dots'], home);
    expectUsageError(r, /^aws-tips: no AWS credentials after 2 s \(--timeout\): the credential source did not answer .* \(profile slow\)$/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(proxy.requests).toEqual([]);
  }, 30_000);

  it('an HTML error page says "HTTP 500 from <service> (not a valid response)", not a parser error', async () => {
    proxy.inject({ service: 'cloudtrail', fault: { kind: 'status', status: 500, body: '<!doctype html><html><title>500 Internal Server Error</title></html>' } });
    const r = await audit(['--regions', 'us-east-1', '--rule', 'cloudtrail-multi-region-logging'], { ...KEYS, AWS_MAX_ATTEMPTS: '2' });
    expect(r.code).toBe(3);
    const errors = (JSON.parse(r.stdout) as Report).findings.filter((f) => f.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const f of errors) {
      expect(f.message).toMatch(/\(InvalidResponse: HTTP 500 from cloudtrail \(not a valid response\)\)/);
      expect(f.message).not.toMatch(/SyntaxError|Unexpected token/);
    }
  }, 60_000);

  it('AWS_MAX_ATTEMPTS above 20 is accepted (capped at 20, with a note), as the SDK and the AWS CLI accept it', async () => {
    const r = await audit(['--regions', 'us-east-1', '--rule', 's3-bucket-name-no-dots'], { ...KEYS, AWS_MAX_ATTEMPTS: '25' });
    expect(r.code).toBe(0);
    expectOwnLines(r);
    expect(r.stderr).toMatch(/^aws-tips: AWS_MAX_ATTEMPTS=25: using 20 attempts per call/);
  }, 60_000);

  it('--deadline: what is not collected by then is an error finding (DeadlineExceeded), the rest is evaluated; exit 3', async () => {
    proxy.inject({ service: 'iam', fault: { kind: 'hang' } });
    const started = Date.now();
    const r = await audit(['--regions', 'us-east-1', '--rule', 's3-bucket-name-no-dots,iam-user-no-direct-policies', '--deadline', '4s'], KEYS);
    expectOwnLines(r);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    const iam = report.findings.filter((f) => f.ruleId === 'iam-user-no-direct-policies');
    expect(iam.length).toBeGreaterThan(0);
    for (const f of iam) expect(f).toMatchObject({ status: 'error', message: expect.stringMatching(/\(DeadlineExceeded: not collected within --deadline 4 s\)/) });
    expect(report.findings.filter((f) => f.ruleId === 's3-bucket-name-no-dots').map((f) => f.status)).toEqual(['pass']);
    // The hung call would otherwise wait --timeout (30 s) per attempt, 8 attempts.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('an endpoint that throttles every call, at the default settings: bounded (the breaker gives each service up), error findings, exit 3', async () => {
    proxy.inject({ service: /^(?!sts$)/, fault: { kind: 'throttle' } });
    const started = Date.now();
    // Every rule, two regions, default attempts and timeout: this took 256-275 s before the retry window and the breaker.
    const r = await audit(['--regions', 'us-east-1,eu-west-1', '--stats'], KEYS);
    const ms = Date.now() - started;
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal|WARNING|@aws-sdk/);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.filter((f) => f.status === 'pass')).toEqual([]);
    expect(report.findings.some((f) => /\(CircuitOpen: not sent: \w+ throttled 3 calls in a row in [\w-]+ after their retries/.test(f.message))).toBe(true);
    // The target is under 60 s (measured by bench/faults.ts); this bound only proves the end is bounded.
    expect(ms).toBeLessThan(120_000);
    // And the process ends when its work is done: calls given up leave no wait (a backoff, a token bucket queue) behind.
    const phases = /collect (\d+) ms · evaluate (\d+) ms · report (\d+) ms/.exec(r.stderr);
    expect(phases, r.stderr.slice(-500)).not.toBeNull();
    const worked = Number(phases![1]) + Number(phases![2]) + Number(phases![3]);
    expect(ms - worked).toBeLessThan(10_000);
  }, 180_000);
});
