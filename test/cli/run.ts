import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = new URL('../../bin/aws-tips.js', import.meta.url).pathname;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An environment with no AWS credentials or config from the machine running the tests. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  const home = mkdtempSync(join(tmpdir(), 'aws-tips-home-'));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs the built CLI synchronously (the build runs before the tests: npm pretest). */
export function run(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: opts.env ?? isolatedEnv(),
    cwd: opts.cwd,
    encoding: 'utf8',
    input: opts.input,
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without blocking the event loop (needed when the test also serves HTTP, e.g. moto's proxy). */
export function runAsync(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? isolatedEnv(), cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A usage error: exactly one line on stderr, no stack trace, exit code 2. */
export function expectUsageError(r: RunResult, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}; stderr: ${r.stderr}`);
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${r.stderr}`);
  if (/\n\s+at /.test(r.stderr) || /\.ts:\d+|\.js:\d+/.test(r.stderr)) throw new Error(`stack trace on stderr:\n${r.stderr}`);
  if (!pattern.test(lines[0]!)) throw new Error(`stderr "${lines[0]}" does not match ${pattern}`);
}
