/**
 * Cold start: `aws-tips --version` and `aws-tips rules` must not load the AWS SDK (issue 6). The built
 * CLI runs with a resolve hook that logs every module it loads; a command that collects is the control
 * (it must show the SDK, so the hook is known to see it). Both builds bin/aws-tips.js can run: the bundle
 * (dist/bundle/, what users run: a loaded chunk counts as SDK when esbuild put SDK sources in it, from
 * dist/bundle-inputs.json) and tsc's dist/src/ (AWS_TIPS_UNBUNDLED=1). The same way, an audit without a config file
 * must not load the YAML parser.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, isolatedEnv } from '../cli/run.js';
import { startMoto } from '../support/moto.js';

const HOOK = new URL('./module-log-hook.mjs', import.meta.url).href;
const SDK = /(^|\/)node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;
const DIST = new URL('../../dist/', import.meta.url);

/** The sources in each file of dist/bundle/, as scripts/bundle.mjs wrote them. */
const bundleInputs = (): Record<string, string[]> => JSON.parse(readFileSync(new URL('bundle-inputs.json', DIST), 'utf8')) as Record<string, string[]>;

const BUILDS = [
  {
    name: 'bundle',
    env: { AWS_TIPS_UNBUNDLED: '' },
    entry: '/dist/bundle/cli.js',
    /** The loaded modules that hold sources matching `re`: chunks with such sources in them. */
    holding: (modules: string[], re: RegExp) => {
      const inputs = bundleInputs();
      return modules.filter((m) => m.includes('/dist/bundle/') && (inputs[m.slice(m.lastIndexOf('/') + 1)] ?? []).some((i) => re.test(i)));
    },
  },
  { name: 'dist/src', env: { AWS_TIPS_UNBUNDLED: '1' }, entry: '/dist/src/cli.js', holding: (modules: string[], re: RegExp) => modules.filter((m) => re.test(m)) },
].map((b) => ({ ...b, sdk: (modules: string[]) => b.holding(modules, SDK) }));
const YAML = /(^|\/)node_modules\/yaml\//;

const COLLECTORS = /(^|\/)src\/collect\/services\//;

function modulesLoadedBy(args: string[], env: Record<string, string>, cwd?: string): { code: number | null; modules: string[]; stderr: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'aws-tips-modules-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd,
    env: isolatedEnv({ AWS_TIPS_MODULE_LOG: log, ...env }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, modules: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [], stderr: r.stderr };
}

describe.each(BUILDS)('lazy loading of the AWS SDK: $name', (build) => {
  it('the bundle is built and not older than dist/src/ (else bin/aws-tips.js would run dist/src/: npm run build)', () => {
    if (build.name !== 'bundle') return;
    const mtime = (f: string) => statSync(new URL(f, DIST)).mtimeMs;
    expect(mtime('bundle/cli.js')).toBeGreaterThanOrEqual(mtime('src/cli.js'));
    expect(Object.values(bundleInputs()).flat().some((i) => SDK.test(i)), 'the SDK is in the bundle').toBe(true);
  });

  it.each([[['--version']], [['rules']], [['rules', '--format', 'json']], [['explain', 'ec2-no-ssh-ingress']], [['--help']]])('aws-tips %j loads no SDK module', (args) => {
    const r = modulesLoadedBy(args, build.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.some((m) => m.includes('/bin/aws-tips.js')), 'the hook saw the CLI start').toBe(true);
    if (args[0] !== '--version') expect(r.modules.some((m) => m.endsWith(build.entry)), `${build.entry} ran`).toBe(true);
    expect(build.sdk(r.modules)).toEqual([]);
  });

  it('a snapshot audit (the demo) loads no SDK module: nothing it runs calls AWS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-nosdk-'));
    const r = modulesLoadedBy(['audit', '--demo', '--format', 'json', '--output', join(dir, 'r.json')], build.env, dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.modules.some((m) => m.endsWith(build.entry)), `${build.entry} ran`).toBe(true);
    expect(build.sdk(r.modules)).toEqual([]);
  });

  it('the control: a live command loads the SDK (so the hook would see it)', () => {
    const r = modulesLoadedBy(['collect', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1', '--output', join(tmpdir(), 'never.json'), '--timeout', '2'], build.env);
    expect(r.code).toBe(2);
    expect(r.modules.some((m) => m.endsWith(build.entry)), `${build.entry} ran`).toBe(true);
    expect(build.sdk(r.modules).length).toBeGreaterThan(0);
  });

  it('an audit without a config file loads no YAML parser; with one it does (the control)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-noconfig-'));
    const bare = modulesLoadedBy(['audit', '--demo', '--format', 'json', '--output', join(dir, 'r.json')], build.env, dir);
    expect(bare.code, bare.stderr).toBe(1);
    expect(build.holding(bare.modules, YAML)).toEqual([]);
    writeFileSync(join(dir, '.aws-tips.yml'), 'rules: {}\n');
    const configured = modulesLoadedBy(['audit', '--demo', '--format', 'json', '--output', join(dir, 'r.json')], build.env, dir);
    expect(configured.code, configured.stderr).toBe(1);
    expect(build.holding(configured.modules, YAML).length).toBeGreaterThan(0);
  });
});

describe('the live path in the bundle', () => {
  // ES modules are resolved and linked one by one: a chunk per SDK client and per collector made a live audit load
  // 144 bundle files, 84 of them SDK code (module loading ~280 ms of CPU). src/collect/services/all.ts makes them one.
  it('a live audit loads every collector from one chunk and the SDK in a few', async () => {
    const moto = await startMoto();
    try {
      const bundle = BUILDS.find((b) => b.name === 'bundle')!;
      const r = modulesLoadedBy(['audit', '--endpoint-url', moto.url, '--regions', 'us-east-1', '--max-attempts', '1', '--format', 'json', '--output', join(mkdtempSync(join(tmpdir(), 'aws-tips-live-')), 'r.json')], {
        ...bundle.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1',
      });
      expect([0, 1, 3], r.stderr).toContain(r.code);
      const distinct = (modules: string[]) => new Set(modules).size;
      expect(distinct(bundle.holding(r.modules, COLLECTORS))).toBe(1);
      expect(distinct(bundle.sdk(r.modules))).toBeGreaterThan(0);
      expect(distinct(bundle.sdk(r.modules))).toBeLessThanOrEqual(30);
    } finally {
      await moto.stop();
    }
  }, 120_000);
});
