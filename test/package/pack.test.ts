import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as npm publishes it: `npm pack`, installed into an empty directory, run from there with `npx aws-tips`
 * (the demo audit and a plugin rule from an installed plugin package), and its TypeScript declarations used by a
 * plugin. Offline: npm installs from its cache (filled by `npm ci` of this repository), with a lockfile made from this
 * repository's, so no request leaves the machine (`--offline`). Runs on the built package (npm pretest builds it).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
};

/**
 * The environment of npm and the installed CLI: the machine's (HOME, or npm_config_cache, says where npm's cache is),
 * no AWS settings, none of the variables `npm test` sets for its own run, quiet npm.
 */
const KEEP_NPM = new Set(['npm_config_cache', 'npm_config_userconfig']);
const env: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith('AWS_') && (!k.startsWith('npm_') || KEEP_NPM.has(k))) as [string, string][],
  ),
  AWS_EC2_METADATA_DISABLED: 'true',
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};
const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

describe('npm pack: what the tarball holds', () => {
  let files: string[];
  beforeAll(() => {
    const r = npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    expect(r.status, r.stderr).toBe(0);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  }, 120_000);

  it('the CLI, the built code with its declarations, the demo snapshot, the schemas and the plugin guide', () => {
    for (const f of ['package.json', 'README.md', 'bin/aws-tips.js', 'dist/src/cli.js', 'dist/bundle/cli.js', 'dist/bundle/index.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/testing/rule-tester.js',
      'dist/src/testing/rule-tester.d.ts', 'dist/rules/index.js', 'fixtures/snapshots/demo.json', 'schema/report.schema.json', 'docs/writing-a-rule.md'])
      expect(files, f).toContain(f);
  });

  it('every entry point package.json names is in it', () => {
    const targets = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const t of targets) expect(files, t).toContain(t.replace(/^\.\//, ''));
  });

  it('no tests, sources, examples, fixtures beyond the demo, or source maps', () => {
    const unexpected = files.filter(
      (f) =>
        /^(test|src|rules|scripts|bench|examples|coverage|\.ci|\.github)\//.test(f) ||
        /^dist\/(test|scripts|bench|examples)\//.test(f) ||
        /\.test\.(js|ts)$/.test(f) ||
        (f.startsWith('fixtures/') && f !== 'fixtures/snapshots/demo.json') ||
        f.endsWith('.map') ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(unexpected).toEqual([]);
  });
});

describe('installed from the tarball into an empty directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aws-tips-pack-'));
  const consumer = join(dir, 'consumer');
  let skipped: string | undefined;

  beforeAll(() => {
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename;
    mkdirSync(consumer);
    const spec = `file:../${tarball}`;
    // A lockfile: the tarball, and this repository's locked production dependencies (resolved + integrity), which
    // npm takes from its cache without asking the registry for anything.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
    const packages: Record<string, unknown> = {
      '': { name: 'consumer', dependencies: { [pkg.name]: spec } },
      [`node_modules/${pkg.name}`]: {
        version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
        ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies, peerDependenciesMeta: pkg.peerDependenciesMeta } : {}),
      },
    };
    for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && !entry.dev && !entry.link) packages[path] = entry;
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: { [pkg.name]: spec } }, null, 2));
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2));
    const installed = npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], consumer);
    if (installed.status !== 0) {
      // Only a cache without this repository's dependencies (no `npm ci` run here) makes this impossible offline.
      if (/ENOTCACHED/.test(installed.stderr) && !process.env.CI) {
        skipped = `npm's cache lacks a dependency (ENOTCACHED), and this test never goes online: run npm ci first. ${installed.stderr.split('\n')[0]}`;
        return;
      }
      throw new Error(`npm ci --offline failed:\n${installed.stderr}`);
    }
    // The example plugin, installed as a package next to the config (as `npm install aws-tips-plugin-acme` would).
    cpSync(join(ROOT, 'examples', 'aws-tips-plugin-acme'), join(consumer, 'node_modules', 'aws-tips-plugin-acme'), {
      recursive: true,
      filter: (src) => !src.includes(`${join('aws-tips-plugin-acme', 'test')}`) && !src.includes('node_modules'),
    });
    writeFileSync(join(consumer, '.aws-tips.yml'), 'plugins:\n  - aws-tips-plugin-acme\n');
  }, 240_000);

  const npx = (args: string[]) => spawnSync('npx', ['--no-install', 'aws-tips', ...args], { cwd: consumer, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

  it('npx aws-tips audit --demo runs the core rules and the installed plugin\'s rule', (ctx) => {
    if (skipped) return ctx.skip(skipped);
    const r = npx(['audit', '--demo', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { tool: { version: string }; rules: { id: string }[]; findings: { ruleId: string; status: string; resource: { id: string } }[] };
    expect(report.tool.version).toBe(pkg.version);
    expect(report.rules.length).toBeGreaterThan(40);
    expect(report.findings.filter((f) => f.ruleId === 'acme/bucket-owner-tag' && f.status === 'fail').map((f) => f.resource.id)).toEqual(['logs.acme-corp.internal']);
  }, 120_000);

  it('the installed package holds only what npm pack listed (no test or source left behind)', (ctx) => {
    if (skipped) return ctx.skip(skipped);
    const root = join(consumer, 'node_modules', pkg.name);
    for (const f of ['test', 'src', 'examples', 'dist/test']) expect(existsSync(join(root, f)), f).toBe(false);
  });

  it('its declarations type a plugin: the example plugin and a TypeScript rule check, a misspelt dataset does not', (ctx) => {
    if (skipped) return ctx.skip(skipped);
    writeFileSync(
      join(consumer, 'check.ts'),
      `import { defineRule, definePlugin, fail, pass, z, DATASET_KEYS, type DatasetItem, type DatasetKey } from 'aws-tips';
import { RuleTester, type InvalidCase } from 'aws-tips/rule-tester';
import acme from 'aws-tips-plugin-acme';

const keys: readonly DatasetKey[] = DATASET_KEYS;
const bucket: DatasetItem<'s3.buckets'> = { Name: 'b', Arn: 'arn:aws:s3:::b', Region: 'us-east-1' };
const common = {
  section: 's3' as const, tip: 't', title: 'T', kind: 'automatic' as const, severity: 'low' as const, compliance: [],
  docs: { rationale: 'r', checks: 'c', remediation: 'm', links: [] }, messages: { ok: '{{name}} ok', bad: '{{name}} bad' },
};
const rule = defineRule({
  ...common, id: 'mine/bucket-named', needs: ['s3.buckets'], options: z.object({ prefix: z.string().default('') }),
  *check({ s3 }, ctx) {
    const prefix: string = ctx.options.prefix;
    for (const b of s3.buckets) yield b.Name.startsWith(prefix) ? pass(b, 'ok', { name: b.Name }) : fail(b, 'bad', { name: b.Name });
  },
});
defineRule({
  ...common, id: 'mine/x', needs: ['s3.buckets'], options: z.object({}),
  // @ts-expect-error: the view holds only the declared datasets
  *check({ ec2 }) { yield* []; },
});
// @ts-expect-error: no such dataset
defineRule({ ...common, id: 'mine/y', needs: ['s3.bukets'], options: z.object({}), *check() {} });
const cases: InvalidCase[] = [];
export default definePlugin({ namespace: 'mine', rules: [rule, ...acme.rules] });
export { keys, bucket, cases, RuleTester };
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowJs: true, checkJs: true, skipLibCheck: true, types: [] },
        files: ['check.ts', 'node_modules/aws-tips-plugin-acme/index.js', 'node_modules/aws-tips-plugin-acme/rules/bucket-owner-tag.js'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer, env, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
