/** Shared helpers of the benchmark: options, child processes with their resource usage, the build, tables. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'aws-tips.js');
const HOOK = join(ROOT, 'bench', 'usage-hook.mjs');

// -------------------------------------------------------------------------------------------------
// Options: --name value, --flag, or the environment variable BENCH_NAME (e.g. BENCH_LATENCY=20).

export class Args {
  private readonly argv: string[];
  constructor(argv: string[]) {
    this.argv = argv;
  }
  private raw(name: string): string | undefined {
    const i = this.argv.indexOf(`--${name}`);
    if (i >= 0) {
      const next = this.argv[i + 1];
      return next === undefined || next.startsWith('--') ? 'true' : next;
    }
    const eq = this.argv.find((a) => a.startsWith(`--${name}=`));
    if (eq) return eq.slice(name.length + 3);
    return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  }
  flag(name: string): boolean {
    const v = this.raw(name);
    return v !== undefined && v !== 'false' && v !== '0';
  }
  num(name: string, dflt: number): number {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a number, got "${v}"`);
    return n;
  }
  str(name: string, dflt: string): string {
    return this.raw(name) ?? dflt;
  }
  list(name: string, dflt: string[]): string[] {
    const v = this.raw(name);
    return v === undefined ? dflt : v.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

// -------------------------------------------------------------------------------------------------
// Children

export interface ChildResult {
  code: number | null;
  wallMs: number;
  /** From the usage hook (absent when the child was run without it). */
  maxRssMiB?: number;
  cpuMs?: number;
  stdout: string;
  stderr: string;
}

let usageSeq = 0;

/**
 * Runs `node [--import usage-hook] args...`, timing it from spawn to exit. stdout is discarded
 * unless `captureStdout` (a large report would otherwise be held in memory here).
 */
export function runNode(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; usage?: boolean; captureStdout?: boolean; nodeFlags?: string[] } = {},
): Promise<ChildResult> {
  const usageFile = opts.usage ? join(tmpdir(), `aws-tips-bench-usage-${process.pid}-${++usageSeq}.json`) : undefined;
  const nodeArgs = [...(opts.nodeFlags ?? []), ...(usageFile ? ['--import', pathToHref(HOOK)] : []), ...args];
  const env = { ...process.env, ...opts.env, ...(usageFile ? { AWS_TIPS_BENCH_USAGE: usageFile } : {}) };
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, nodeArgs, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', opts.captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-200_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const out: ChildResult = { code, wallMs, stdout, stderr };
      if (usageFile && existsSync(usageFile)) {
        const u = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKiB: number; userMs: number; systemMs: number };
        out.maxRssMiB = u.maxRssKiB / 1024;
        out.cpuMs = u.userMs + u.systemMs;
        rmSync(usageFile, { force: true });
      }
      resolve(out);
    });
  });
}

function pathToHref(p: string): string {
  return new URL(`file://${p}`).href;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

// -------------------------------------------------------------------------------------------------
// The build: the benchmark measures the CLI users run (bin -> dist/)

function newestMtime(dir: string, ext: RegExp): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (ext.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than a source file. Type errors alone do not stop it (tsc still emits). */
export function ensureBuild(log: (s: string) => void): void {
  const cli = join(ROOT, 'dist', 'src', 'cli.js');
  const sources = Math.max(newestMtime(join(ROOT, 'src'), /\.ts$/), newestMtime(join(ROOT, 'rules'), /\.ts$/), statSync(join(ROOT, 'package.json')).mtimeMs);
  if (existsSync(cli) && statSync(cli).mtimeMs >= sources) return;
  log(existsSync(cli) ? 'dist/ is older than the sources: building (npm run build)...' : 'no dist/: building (npm run build)...');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    if (!existsSync(cli)) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
    log(`npm run build reported errors (the emitted JavaScript is measured anyway):\n${(r.stdout + r.stderr).split('\n').slice(0, 5).join('\n')}`);
  }
}

// -------------------------------------------------------------------------------------------------
// The machine

export function machine(): Record<string, string> {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1]?.trim() ?? cpu;
  return {
    cpu: `${model} (${cpus().length} CPUs seen by Node)`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

// -------------------------------------------------------------------------------------------------
// Output

export interface Row {
  figure: string;
  value: string;
  target?: string;
  verdict?: string;
}

export function table(title: string, rows: Row[]): string {
  const w = [Math.max(6, ...rows.map((r) => r.figure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => (r.target ?? '').length))];
  const line = (a: string, b: string, c: string, d: string) => `| ${a.padEnd(w[0]!)} | ${b.padStart(w[1]!)} | ${c.padEnd(w[2]!)} | ${d} |`;
  return [
    `\n### ${title}\n`,
    line('figure', 'value', 'target', 'met'),
    `|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 1)}:|${'-'.repeat(w[2]! + 2)}|-----|`,
    ...rows.map((r) => line(r.figure, r.value, r.target ?? '', r.verdict ?? '')),
  ].join('\n');
}

export const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
export const mib = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(0)} MiB`);
export const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'yes' : 'NO');

/** The phases an audit's `--stats` printed (`read 961 ms, evaluate 2621 ms, report 927 ms`; live runs: collect), or ''. */
export function statsPhases(stderr: string): string {
  return /(?:(?:collect|read) \d+ ms · )?evaluate \d+ ms · report \d+ ms/.exec(stderr)?.[0]?.replace(/ · /g, ', ') ?? '';
}
