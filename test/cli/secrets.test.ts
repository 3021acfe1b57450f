/**
 * Secrets and files, end to end against moto through the fault proxy.
 *
 * Secrets: the CLI runs with canary values in every credential variable (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and in a credentials-file profile, on the happy path
 * and on error paths (unreachable endpoint, denied calls, expired token, a service error whose body
 * echoes the key and the signed request), and no canary may appear in stdout, stderr, a report file
 * or the snapshot.
 *
 * Files: reports and snapshots are written atomically (temp file + rename); an interrupted run
 * (SIGINT during a slow collection) exits 130 and leaves the previous file as it was, and no temp file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pendingTempFiles, removePendingTempFiles, writeOutput } from '../../src/io.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS, requireMotoOrSkip, useMoto } from '../support/moto.js';
import { BIN, isolatedEnv, runAsync, type RunResult } from './run.js';

const hasMoto = requireMotoOrSkip();

const ENV_CANARIES = {
  AWS_ACCESS_KEY_ID: 'AKIACANARYENVKEY0001',
  AWS_SECRET_ACCESS_KEY: 'canaryEnvSecret/0001+xYzQwErTyUiOpAsDfGhJkL',
  AWS_SESSION_TOKEN: 'canaryEnvSessionToken0001FwoGZXIvYXdzEJr//////////wEaDM',
};
const PROFILE_CANARIES = {
  aws_access_key_id: 'AKIACANARYPROFILE002',
  aws_secret_access_key: 'canaryProfileSecret/0002+MnBvCxZlKjHgFdSaPoIu',
  aws_session_token: 'canaryProfileSessionToken0002IQoJb3JpZ2luX2VjEHcaCXVz',
};
const CANARIES = [...Object.values(ENV_CANARIES), ...Object.values(PROFILE_CANARIES)];

const RULES = 's3-bucket-name-no-dots,iam-user-no-direct-policies,ec2-eip-unassociated';

/** Every canary found anywhere: the run's output and every file under `dir`. */
function leaks(r: RunResult, dir: string): string[] {
  const out: string[] = [];
  const texts: [string, string][] = [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/credentials$/.test(name)) texts.push([p, readFileSync(p, 'utf8')]);
    }
  };
  walk(dir);
  for (const [where, text] of texts) for (const c of CANARIES) if (text.includes(c)) out.push(`${c} in ${where}`);
  return out;
}

describe.skipIf(!hasMoto)('credentials never appear in output, errors, reports or snapshots', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  let home: string;

  const freshDir = () => mkdtempSync(join(tmpdir(), 'aws-tips-secrets-'));
  const envCreds = (extra: Record<string, string> = {}) => isolatedEnv({ ...ENV_CANARIES, AWS_MAX_ATTEMPTS: '2', ...extra });
  const profileCreds = () =>
    isolatedEnv({ AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_MAX_ATTEMPTS: '2' });

  /** An audit writing every format it can to files, plus the terminal report on stdout, with --stats. */
  const auditAll = (dir: string, env: Record<string, string>, more: string[] = []) =>
    runAsync(
      [
        'audit', '--endpoint-url', proxy.url, '--regions', 'us-east-1,eu-west-1', '--rule', RULES, '--timeout', '5', '--stats', '--verbose',
        '--format', 'terminal', ...['json', 'markdown', 'html', 'csv', 'junit', 'sarif'].flatMap((f) => ['--format', `${f}=${join(dir, `report.${f}`)}`]),
        ...more,
      ],
      { cwd: dir, env },
    );

  beforeAll(async () => {
    await new S3Client({ endpoint: moto.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true }).send(
      new CreateBucketCommand({ Bucket: 'canary-bucket' }),
    );
    await new IAMClient({ endpoint: moto.url, region: 'us-east-1', credentials: TEST_CREDENTIALS }).send(new CreateUserCommand({ UserName: 'dave' }));
    proxy = await startFaultProxy({ target: moto.url });
    home = freshDir();
    writeFileSync(
      join(home, 'credentials'),
      `[canary]\n${Object.entries(PROFILE_CANARIES).map(([k, v]) => `${k} = ${v}`).join('\n')}\nregion = us-east-1\n`,
    );
  }, 60_000);
  afterEach(() => {
    proxy.clearInjections();
    proxy.clear();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('audit with canaries in the environment: every format, --stats, --verbose', async () => {
    const dir = freshDir();
    const r = await auditAll(dir, envCreds());
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['report.csv', 'report.html', 'report.json', 'report.junit', 'report.markdown', 'report.sarif']);
    expect(proxy.requests.length).toBeGreaterThan(3);
    expect(leaks(r, dir)).toEqual([]);
  });

  it('collect with canaries in the environment: the snapshot holds no credential', async () => {
    const dir = freshDir();
    const r = await runAsync(['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', RULES, '--output', join(dir, 'snap.json'), '--stats'], { cwd: dir, env: envCreds() });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8')).meta.principal).toMatch(/^arn:aws:sts::123456789012:/);
    expect(leaks(r, dir)).toEqual([]);
  });

  it('a credentials-file profile (--profile) with canaries', async () => {
    const dir = freshDir();
    const r = await auditAll(dir, profileCreds(), ['--profile', 'canary']);
    expect(r.code, r.stderr).toBe(0);
    const c = await runAsync(['collect', '--profile', 'canary', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', RULES, '--output', join(dir, 'snap.json')], {
      cwd: dir,
      env: profileCreds(),
    });
    expect(c.code, c.stderr).toBe(0);
    expect(leaks(r, dir)).toEqual([]);
    expect(leaks(c, dir)).toEqual([]);
  });

  it('error paths: unreachable endpoint, unknown profile, expired token, denied calls', async () => {
    const dir = freshDir();
    const runs: RunResult[] = [];
    runs.push(await runAsync(['audit', '--endpoint-url', 'http://127.0.0.1:9', '--regions', 'us-east-1', '--rule', RULES], { cwd: dir, env: envCreds({ AWS_MAX_ATTEMPTS: '1' }) }));
    runs.push(await runAsync(['audit', '--profile', 'nope', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', RULES], { cwd: dir, env: profileCreds() }));
    proxy.inject({ service: 'sts', times: 10, fault: { kind: 'status', status: 400, code: 'ExpiredToken' } });
    runs.push(await runAsync(['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--output', join(dir, 'never.json')], { cwd: dir, env: envCreds() }));
    proxy.clearInjections();
    proxy.inject({ service: /^(?!sts$)/, fault: { kind: 'accessDenied' } });
    runs.push(await auditAll(dir, envCreds()));
    runs.push(await runAsync(['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', RULES, '--output', join(dir, 'denied.json')], { cwd: dir, env: envCreds() }));
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 3, 3]); // collect exits 3 when something could not be collected, as audit does
    for (const r of runs) expect(leaks(r, dir)).toEqual([]);
  });

  it('a service error whose body echoes the access key and the signed request (as S3 SignatureDoesNotMatch does)', async () => {
    const dir = freshDir();
    const { AWS_ACCESS_KEY_ID: key, AWS_SESSION_TOKEN: token } = ENV_CANARIES;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message>` +
      `<AWSAccessKeyId>${key}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20261101T000000Z\n20261101/us-east-1/s3/aws4_request\n0f0f</StringToSign>` +
      `<CanonicalRequest>GET\n/\n\nhost:s3.amazonaws.com\nx-amz-security-token:${token}\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD</CanonicalRequest><RequestId>1</RequestId></Error>`;
    proxy.inject({ service: 's3', fault: { kind: 'status', status: 403, code: 'SignatureDoesNotMatch', body } });
    proxy.inject({ service: 'iam', fault: { kind: 'status', status: 403, code: 'InvalidClientTokenId', body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid: ${token}</Message></Error></ErrorResponse>` } });
    const r = await auditAll(dir, envCreds());
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { notChecked: { message: string }[] };
    expect(report.notChecked.some((n) => /SignatureDoesNotMatch/.test(n.message))).toBe(true);
    // The token IAM echoed in its message is redacted, the rest of the message kept.
    expect(report.notChecked.some((n) => /InvalidClientTokenId: The security token included in the request is invalid: \[redacted\]/.test(n.message))).toBe(true);
    expect(leaks(r, dir)).toEqual([]);
  });
});

describe('files: atomic writes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-tips-files-'));
  });

  it('writeOutput replaces the file whole, through a temp file in the same folder that does not stay', async () => {
    const target = join(dir, 'report.json');
    writeFileSync(target, 'old');
    await writeOutput(target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(pendingTempFiles.size).toBe(0);
  });

  it('a failed write leaves the previous file and no temp file', async () => {
    const target = join(dir, 'is-a-dir');
    mkdirSync(target);
    await expect(writeOutput(target, 'x')).rejects.toThrow();
    expect(statSync(target).isDirectory()).toBe(true);
    await expect(writeOutput(join(dir, 'no-such-folder', 'x.json'), 'x')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['is-a-dir', 'report.json']);
    rmSync(target, { recursive: true });
  });

  it('a snapshot (it holds the credential report) is written owner-only', async () => {
    const { writeSnapshot } = await import('../../src/snapshot/io.js');
    const target = join(dir, 'snap.json');
    await writeSnapshot(target, { schemaVersion: 1, meta: { accountId: '123456789012', partition: 'aws', regions: ['us-east-1'], collectedAt: '2026-11-01T00:00:00.000Z', toolVersion: 't' } });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    rmSync(target);
  });

  it('an interruption removes the temp files being written', () => {
    const tmp = join(dir, '.report.json.123.tmp');
    writeFileSync(tmp, 'half');
    pendingTempFiles.add(tmp);
    removePendingTempFiles();
    expect(existsSync(tmp)).toBe(false);
    expect(pendingTempFiles.size).toBe(0);
  });
});

describe.skipIf(!hasMoto)('files: an interrupted run (SIGINT during a slow collection)', () => {
  const moto = useMoto();
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy({ target: moto.url });
    // Every call answers after 2 s: the run is still collecting when it is interrupted.
    proxy.inject({ fault: { kind: 'latency', ms: 2_000 } });
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  /** Starts the CLI, sends SIGINT once a request reached the proxy, resolves with the exit. */
  function interrupt(args: string[], cwd: string): Promise<RunResult & { signal: NodeJS.Signals | null; ms: number }> {
    return new Promise((resolve, reject) => {
      proxy.clear();
      const started = Date.now();
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' }) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const poll = setInterval(() => {
        if (proxy.requests.length > 0) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearInterval(poll);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  it('collect: exit 130, the previous snapshot untouched, no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-sigint-'));
    writeFileSync(join(dir, 'snap.json'), 'previous snapshot');
    const r = await interrupt(['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--output', 'snap.json'], dir);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('aws-tips: interrupted\n');
    expect(readFileSync(join(dir, 'snap.json'), 'utf8')).toBe('previous snapshot');
    expect(readdirSync(dir)).toEqual(['snap.json']);
    expect(r.ms).toBeLessThan(5_000);
  }, 30_000);

  it('audit: exit 130, no report file half-written, none created, no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-sigint-'));
    writeFileSync(join(dir, 'report.json'), 'previous report');
    const r = await interrupt(
      ['audit', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', RULES, '--format', 'json=report.json', '--format', 'html=report.html'],
      dir,
    );
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('previous report');
    expect(readdirSync(dir)).toEqual(['report.json']);
  }, 30_000);
});
