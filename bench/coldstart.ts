/**
 * Part 3: cold start of the built CLI, median of N runs (each a fresh `node bin/aws-tips.js` process), before and
 * after the bundle (issue 14): "dist/src" is tsc's output (AWS_TIPS_UNBUNDLED=1), "bundle" is dist/bundle/ (what
 * bin/aws-tips.js runs). Commands: `--version`, `rules`, the demo audit, an audit of a small saved snapshot, and a
 * live audit of a small account in moto (2 regions, a few resources; skipped without moto).
 *
 * Module loading is measured by replaying it: the command runs once with a resolve hook that logs every module it
 * loads (test/perf/module-log-hook.mjs), then a fresh process imports those modules, in that order, without running
 * anything, and reports the CPU (user + system, process.cpuUsage) the imports took: resolving, reading, format
 * detection, compiling and evaluating every module the command loaded (CommonJS files required by them included,
 * the hook does not see those but the replay loads them again). Node's own start (~40-60 ms) is not in it; the
 * functions V8 compiles lazily when first called are in the command's CPU, not here.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { motoAvailable, startMoto, type MotoServer } from '../test/support/moto.js';
import { seedLargeAccount } from './seed.js';
import { BIN, median, ms, ROOT, runNode, verdict, type Row } from './util.js';

export interface ColdStartOptions {
  runs: number;
  log: (s: string) => void;
  /** Scratch directory (the small account's snapshot, module lists); a temporary one, removed after, when absent. */
  dir?: string;
}

interface Variant {
  name: string;
  env: NodeJS.ProcessEnv;
}
const VARIANTS: Variant[] = [
  { name: 'dist/src', env: { AWS_TIPS_UNBUNDLED: '1' } },
  { name: 'bundle', env: { AWS_TIPS_UNBUNDLED: '' } },
];

interface Case {
  label: string;
  args: string[];
  /** Exit codes accepted (a live audit of moto: 1 with findings, 3 where moto lacks an API). */
  codes: number[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Also measure module loading (the replay above). */
  loading?: boolean;
}

interface Timing {
  wall: number;
  min: number;
  cpu: number;
  code: number | null;
}

async function timed(c: Case, v: Variant, runs: number): Promise<Timing> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let code: number | null = null;
  // One warm-up run fills the OS file cache; it is not counted.
  for (let i = 0; i <= runs; i++) {
    const r = await runNode([BIN, ...c.args], { usage: i > 0, env: { ...c.env, ...v.env }, cwd: c.cwd });
    if (!c.codes.includes(r.code ?? -1)) throw new Error(`aws-tips ${c.args.join(' ')} (${v.name}) exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    if (i > 0 && code !== null && r.code !== code) throw new Error(`aws-tips ${c.args.join(' ')} (${v.name}) exited ${r.code}, then ${code}`);
    code = r.code;
    if (i > 0) {
      walls.push(r.wallMs);
      cpus.push(r.cpuMs ?? NaN);
    }
  }
  return { wall: median(walls), min: Math.min(...walls), cpu: median(cpus), code };
}

const LOG_HOOK = pathToFileURL(join(ROOT, 'test', 'perf', 'module-log-hook.mjs')).href;
/** Imports the modules listed (JSON) in the file AWS_TIPS_REPLAY, in order; prints the CPU and wall time it took. */
const REPLAY = `import { readFileSync } from 'node:fs';
const urls = JSON.parse(readFileSync(process.env.AWS_TIPS_REPLAY, 'utf8'));
const c0 = process.cpuUsage();
const t0 = performance.now();
for (const u of urls) await import(u);
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 }));`;

/** The modules a command loads (in order), then the median CPU of importing them in fresh processes. */
async function loading(c: Case, v: Variant, runs: number, dir: string): Promise<{ modules: number; cpu: number; wall: number }> {
  const log = join(dir, 'modules.txt');
  rmSync(log, { force: true });
  const r = await runNode(['--import', LOG_HOOK, BIN, ...c.args], { env: { ...c.env, ...v.env, AWS_TIPS_MODULE_LOG: log }, cwd: c.cwd });
  if (!c.codes.includes(r.code ?? -1)) throw new Error(`aws-tips ${c.args.join(' ')} (${v.name}, module log) exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  const bin = pathToFileURL(BIN).href;
  // The CLI's own entry would run the command: everything it loads is in the list after it.
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u && u !== bin && !u.startsWith('data:')))];
  const list = join(dir, 'modules.json');
  writeFileSync(list, JSON.stringify(urls));
  const cpus: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const p = await runNode(['--input-type=module', '-e', REPLAY], { env: { ...c.env, AWS_TIPS_REPLAY: list }, cwd: c.cwd, captureStdout: true });
    if (p.code !== 0) throw new Error(`module replay of ${c.args.join(' ')} (${v.name}) exited ${p.code}: ${p.stderr.slice(0, 500)}`);
    if (i === 0) continue;
    const m = JSON.parse(p.stdout) as { cpuMs: number; wallMs: number };
    cpus.push(m.cpuMs);
    walls.push(m.wallMs);
  }
  return { modules: urls.length, cpu: median(cpus), wall: median(walls) };
}

/** dist/bundle/ as bin/aws-tips.js would run it: built when missing or older than dist/src/ (a `tsc` alone since). */
function ensureBundle(log: (s: string) => void): void {
  const mtime = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : undefined);
  const bundled = mtime(join(ROOT, 'dist', 'bundle', 'cli.js'));
  const compiled = mtime(join(ROOT, 'dist', 'src', 'cli.js'));
  if (bundled !== undefined && compiled !== undefined && bundled >= compiled) return;
  log('dist/bundle/ is missing or older than dist/src/: bundling (node scripts/bundle.mjs)...');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed:\n${r.stdout}${r.stderr}`);
}

/** A small account in moto: 2 regions, a few instances, groups, buckets, users, a load balancer, a trail. */
async function smallAccount(dir: string, log: (s: string) => void): Promise<{ moto: MotoServer; env: NodeJS.ProcessEnv; args: string[] }> {
  log('cold start: starting moto and seeding a small account (2 regions)...');
  const moto = await startMoto();
  const regions = ['us-east-1', 'eu-west-1'];
  await seedLargeAccount(moto.url, { regions, instances: 4, securityGroups: 4, buckets: 3, users: 3, loadBalancers: 2 });
  const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: regions[0], AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') && !(k in env)) env[k] = '';
  // One attempt per call: moto answers the APIs it lacks with a 500 page, which would otherwise be retried with backoff.
  const args = ['--endpoint-url', moto.url, '--regions', regions.join(','), '--max-attempts', '1', '--timeout', '20'];
  const collected = join(dir, 'small.json');
  const r = await runNode([BIN, 'collect', ...args, '--output', collected, '--allow-incomplete'], { env, cwd: dir });
  if (r.code !== 0) throw new Error(`aws-tips collect (moto) exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return { moto, env, args };
}

export async function coldStart(opts: ColdStartOptions): Promise<{ rows: Row[]; data: Record<string, unknown> }> {
  ensureBundle(opts.log);
  const dir = opts.dir ? join(opts.dir, 'coldstart') : mkdtempSync(join(tmpdir(), 'aws-tips-coldstart-'));
  mkdirSync(dir, { recursive: true });
  let live: Awaited<ReturnType<typeof smallAccount>> | undefined;
  if (motoAvailable()) live = await smallAccount(dir, opts.log);
  else {
    opts.log('cold start: moto_server not found: no live audit; the snapshot case audits a copy of the demo snapshot');
    copyFileSync(join(ROOT, 'fixtures', 'snapshots', 'demo.json'), join(dir, 'small.json'));
  }
  const cases: Case[] = [
    { label: 'aws-tips --version', args: ['--version'], codes: [0] },
    { label: 'aws-tips rules --format json', args: ['rules', '--format', 'json'], codes: [0] },
    { label: 'aws-tips audit --demo --format json', args: ['audit', '--demo', '--format', 'json'], codes: [1] },
    { label: `aws-tips audit --snapshot <${live ? 'small account from moto' : 'demo copy'}> --format json`, args: ['audit', '--snapshot', join(dir, 'small.json'), '--format', 'json'], codes: [0, 1, 3], cwd: dir, loading: true },
    ...(live ? [{ label: 'aws-tips audit (live, moto, 2 regions) --format json', args: ['audit', ...live.args, '--format', 'json'], codes: [0, 1, 3], env: live.env, cwd: dir, loading: true }] : []),
  ];
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  try {
    for (const c of cases) {
      const per: Record<string, Timing & { load?: { modules: number; cpu: number; wall: number } }> = {};
      for (const v of VARIANTS) {
        opts.log(`cold start: ${c.label} (${v.name}), ${opts.runs} runs...`);
        per[v.name] = { ...(await timed(c, v, opts.runs)), ...(c.loading ? { load: await loading(c, v, opts.runs, dir) } : {}) };
      }
      data[c.args.slice(0, 2).join(' ')] = per;
      const before = per['dist/src']!;
      const after = per.bundle!;
      const target = c.args[0] === '--version' ? { target: '< 150 ms', verdict: verdict(after.wall < 150) } : c.args.includes('--demo') ? { target: '< 1 s', verdict: verdict(after.wall < 1000) } : {};
      rows.push({ figure: `${c.label}: median wall, dist/src -> bundle`, value: `${ms(before.wall)} -> ${ms(after.wall)}`, ...target });
      rows.push({ figure: '  median CPU (user + system), dist/src -> bundle', value: `${ms(before.cpu)} -> ${ms(after.cpu)}` });
      if (before.load && after.load) {
        rows.push({ figure: '  modules loaded (ESM resolutions), dist/src -> bundle', value: `${before.load.modules} -> ${after.load.modules}` });
        rows.push({ figure: '  module loading CPU (replayed), dist/src -> bundle', value: `${ms(before.load.cpu)} -> ${ms(after.load.cpu)}`, target: '< 300 ms', verdict: verdict(after.load.cpu < 300) });
      }
    }
  } finally {
    await live?.moto.stop();
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
  return { rows, data };
}
