import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, run } from '../cli/run.js';

// The built CLI (npm pretest builds it) with the example plugin, examples/aws-tips-plugin-acme: its rule goes
// through selection, options, severity overrides, suppressions, baselines, every format and the info commands
// like a core rule. The plugin imports 'aws-tips' with no aws-tips installed near it: the CLI provides itself.
const EXAMPLE = fileURLToPath(new URL('../../examples/aws-tips-plugin-acme/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aws-tips-plugin-cli-'));
const configDir = join(dir, 'project');
const config = join(configDir, '.aws-tips.yml');
// Run from elsewhere: the plugin path is relative to the config file, not to the working directory.
const cwd = join(dir, 'elsewhere');

interface Report {
  rules: { id: string; status: string; severity: string }[];
  findings: { ruleId: string; status: string; severity: string; resource: { id: string }; suppressed: unknown; baseline: string | null }[];
}
const acme = (r: Report) => r.findings.filter((f) => f.ruleId === 'acme/bucket-owner-tag');

beforeAll(() => {
  mkdirSync(configDir, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  writeFileSync(
    config,
    [
      'plugins:',
      `  - ${JSON.stringify(`./${relative(configDir, EXAMPLE)}`)}`,
      'rules:',
      '  acme/bucket-owner-tag:',
      '    key: env',
      '    severity: high',
      'suppressions:',
      '  - rule: acme/bucket-owner-tag',
      '    resource: "arn:aws:s3:::www.*"',
      '    reason: the website bucket belongs to marketing, who do not use env tags',
      '',
    ].join('\n'),
  );
});

describe('a plugin rule in an audit', () => {
  let report: Report;
  const out = (ext: string) => join(dir, `report.${ext}`);

  beforeAll(() => {
    const r = run(['audit', '--demo', '--config', config, '--rule', 'acme/*', ...['json', 'sarif', 'junit', 'markdown', 'csv', 'html', 'terminal'].flatMap((f) => ['--format', `${f}=${out(f)}`])], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    report = JSON.parse(readFileSync(out('json'), 'utf8')) as Report;
  }, 120_000);

  it('is judged with its options and the configured severity; a suppression applies to it', () => {
    expect(report.rules.map((x) => x.id)).toEqual(['acme/bucket-owner-tag']);
    const byId = Object.fromEntries(acme(report).map((f) => [f.resource.id, f]));
    // key: env — the demo's prod bucket has one, the logs and website buckets do not.
    expect(byId['acme-prod-assets']).toMatchObject({ status: 'pass' });
    expect(byId['logs.acme-corp.internal']).toMatchObject({ status: 'fail', severity: 'high', suppressed: null });
    expect(byId['www.acme-example.com']).toMatchObject({ status: 'fail', severity: 'high' });
    expect(byId['www.acme-example.com']!.suppressed).toBeTruthy();
  });

  it('is in every format', () => {
    for (const f of ['sarif', 'junit', 'markdown', 'csv', 'html', 'terminal'])
      expect(readFileSync(out(f), 'utf8'), f).toContain('acme/bucket-owner-tag');
  });

  it('is followed by a baseline: the same violation again is unchanged, and does not fail the build', () => {
    const r = run(['audit', '--demo', '--config', config, '--rule', 'acme/*', '--format', 'json', '--baseline', out('json')], { cwd });
    expect(r.code).toBe(0);
    const again = JSON.parse(r.stdout) as Report;
    expect(acme(again).find((f) => f.resource.id === 'logs.acme-corp.internal')!.baseline).toBe('unchanged');
  });
});

describe('a plugin rule in the info commands', () => {
  it('rules and explain list and explain it', () => {
    const list = run(['rules', '--config', config, '--format', 'json'], { cwd });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string; options: unknown }[]).find((x) => x.id === 'acme/bucket-owner-tag')).toMatchObject({ options: { key: 'owner' } });
    const explain = run(['explain', 'acme/bucket-owner-tag', '--config', config], { cwd });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^acme\/bucket-owner-tag — S3 buckets carry an owner tag\n/);
    expect(explain.stdout).toContain('Data: s3.buckets, s3.bucketTagging');
  }, 60_000);

  it('policy derives its IAM actions from its datasets', () => {
    const r = run(['policy', '--config', config, '--rule', 'acme/bucket-owner-tag'], { cwd });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { Statement: { Action: string[] }[] }).Statement[0]!.Action).toEqual(
      expect.arrayContaining(['s3:GetBucketTagging', 's3:ListAllMyBuckets']),
    );
  });

  it('frameworks counts the controls it checks', () => {
    const r = run(['frameworks', 'aws-well-architected', '--config', config, '--format', 'json'], { cwd });
    expect(r.code).toBe(0);
    const control = (JSON.parse(r.stdout) as { controlList: { control: string; rules: { rule: string }[] }[] }).controlList.find((c) => c.control === 'COST03-BP02');
    expect(control!.rules.map((x) => x.rule)).toContain('acme/bucket-owner-tag');
  });
});

describe('a broken plugin', () => {
  it('is one line on stderr and exit 2, for audit as for the info commands', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'plugin.mjs'), "export default { namespace: 'acme', rules: [{ id: 'acme/x\\u202e' }] };\n");
    writeFileSync(join(bad, '.aws-tips.yml'), 'plugins: [./plugin.mjs]\n');
    const expected = /^aws-tips: plugin "\.\/plugin\.mjs": rule id "acme\/x\\u202e" must be acme\/<name>/;
    for (const args of [['audit', '--demo'], ['rules'], ['explain', 'acme/x'], ['policy']]) {
      const r = run([...args, '--config', join(bad, '.aws-tips.yml')], { cwd });
      expectUsageError(r, expected);
      expect(r.stdout).toBe('');
    }
  }, 120_000);

  it('a missing plugin, found from the config file in the working directory', () => {
    const here = join(dir, 'missing');
    mkdirSync(here, { recursive: true });
    writeFileSync(join(here, '.aws-tips.yml'), 'plugins: [aws-tips-plugin-missing]\n');
    expectUsageError(run(['audit', '--demo'], { cwd: here }), /^aws-tips: plugin "aws-tips-plugin-missing": package not found in node_modules from .*\(npm install aws-tips-plugin-missing\)$/);
  });
});
