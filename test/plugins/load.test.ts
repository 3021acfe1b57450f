import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { loadRules, ruleProblem } from '../../src/plugins.js';
import { buildSnapshot } from '../../src/testing/rule-tester.js';
import { RULES } from '../../rules/index.js';
import { z } from 'zod';

// Plugins are written to a temporary directory, next to a config file: paths in `plugins:` are relative to it.
// They import 'aws-tips' by its package name (vitest.config.ts points it at src/index.ts, as a resolve hook points
// it at the running aws-tips in the CLI).
const dir = mkdtempSync(join(tmpdir(), 'aws-tips-plugins-'));
const configFile = join(dir, '.aws-tips.yml');
let n = 0;

/** A plugin module whose default export is `exported` (JavaScript, with `rule` a valid rule to vary). */
function plugin(exported: string, prelude = ''): string {
  const file = `p${n++}.mjs`;
  writeFileSync(
    join(dir, file),
    `import { defineRule, definePlugin, pass, z } from 'aws-tips';
${prelude}
const rule = {
  id: 'acme/bucket-owner-tag', section: 's3', tip: 'Tag buckets.', title: 'Buckets are tagged', kind: 'automatic', severity: 'low',
  needs: ['s3.buckets'], options: z.object({ key: z.string().default('owner') }), compliance: [],
  docs: { rationale: 'r', checks: 'c', remediation: 'm', links: ['https://docs.aws.amazon.com/s3/'] },
  messages: { ok: 'bucket {{bucket}} is fine' },
  *check({ s3 }) { for (const b of s3.buckets) yield pass(b, 'ok', { bucket: b.Name }); },
};
export default ${exported};
`,
  );
  return `./${file}`;
}

const ok = (rules = '[defineRule(rule)]', namespace = 'acme') => plugin(`definePlugin({ namespace: '${namespace}', rules: ${rules} })`);

async function refused(plugins: string[]): Promise<string> {
  try {
    await loadRules({ plugins }, configFile);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    // One line, nothing a terminal would interpret.
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    return message;
  }
  throw new Error(`accepted: ${plugins.join(', ')}`);
}

describe('loadRules', () => {
  it('is the core rules, unchanged, without plugins', async () => {
    expect(await loadRules({}, configFile)).toBe(RULES);
  });

  it('adds a plugin\'s rules after the core rules, resolved from the config file\'s directory (not the working directory)', async () => {
    const spec = ok();
    const rules = await loadRules({ plugins: [spec] }, configFile);
    expect(rules.length).toBe(RULES.length + 1);
    expect(rules.at(-1)!.id).toBe('acme/bucket-owner-tag');
    expect(process.cwd()).not.toBe(dir);
  });

  it('loads a plugin from the config directory\'s node_modules by package name (exports, import condition)', async () => {
    const pkg = join(dir, 'node_modules', '@acme', 'aws-tips-rules');
    mkdirSync(join(pkg, 'lib'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/aws-tips-rules', type: 'module', exports: { '.': { import: './lib/index.js', require: './nope.cjs' } } }));
    // Packages are loaded by Node itself here (vitest leaves node_modules alone), so this one builds its rule without aws-tips.
    writeFileSync(
      join(pkg, 'lib', 'index.js'),
      `export default { namespace: 'acme-pkg', rules: [{ id: 'acme-pkg/r', section: 'misc', tip: 't', title: 'T', kind: 'manual', severity: 'info', needs: [],
        options: { _zod: {}, safeParse: () => ({ success: true, data: {} }) }, docs: { rationale: 'r', checks: 'c', remediation: 'm', links: [] },
        messages: { m: 'advice' }, *check() {} }] };`,
    );
    const rules = await loadRules({ plugins: ['@acme/aws-tips-rules'] }, configFile);
    expect(rules.at(-1)!.id).toBe('acme-pkg/r');
  });

  it('a plugin rule gets the view guard: reading a dataset it did not declare is an error finding, never a verdict', async () => {
    const spec = ok("[{ ...rule, *check(view) { for (const i of view.ec2.instances) yield pass(i, 'ok', { bucket: 'x' }); } }]");
    const rule = (await loadRules({ plugins: [spec] }, configFile)).at(-1)!;
    const result = evaluateRule(buildSnapshot(rule, { s3: { buckets: [{ Name: 'b' }] } }), { rule, options: {}, severity: 'low', severityOverridden: false });
    expect(result.findings.map((f) => [f.status, f.messageId, f.message])).toEqual([
      ['error', 'engine/rule-failed', 'rule failed: rule acme/bucket-owner-tag read ec2, which it does not declare in needs'],
    ]);
  });

  it.each([
    ['a verdict on a resource it built itself', "{ status: 'fail', resource: { arn: 'arn:aws:s3:::b', region: 'us-east-1', id: 'b' }, messageId: 'ok' }",
      'rule failed: yielded a verdict whose resource was not named by this aws-tips (report on a collected item, ctx.account() or ctx.referenced(), with the helpers aws-tips exports)'],
    ['an unknown status', "{ ...pass(b, 'ok', { bucket: 'b' }), status: 'fixed' }", 'rule failed: yielded a verdict with status "fixed"'],
    ['not a verdict', "'pass'", 'rule failed: yielded something that is not a verdict (pass(), fail(), warn(), info() or error())'],
  ])('a plugin rule\'s verdicts are checked as they come: %s is the rule\'s error finding', async (_name, emitted, message) => {
    const spec = ok(`[{ ...rule, *check({ s3 }) { for (const b of s3.buckets) yield ${emitted}; } }]`);
    const rule = (await loadRules({ plugins: [spec] }, configFile)).at(-1)!;
    const result = evaluateRule(buildSnapshot(rule, { s3: { buckets: [{ Name: 'b' }] } }), { rule, options: {}, severity: 'low', severityOverridden: false });
    expect(result.findings.map((f) => [f.status, f.message])).toEqual([['error', message]]);
  });

  it('exports that throw when read are the plugin\'s one line', async () => {
    expect(await refused([plugin("{ namespace: 'acme', get rules() { throw new Error('no rules today'); } }")])).toMatch(/^plugin "\.\/p\d+\.mjs": invalid: no rules today$/);
  });

  it('copies a rule when it loads: a plugin cannot change it once validated', async () => {
    const rules = await loadRules({ plugins: [ok()] }, configFile);
    const rule = rules.at(-1)!;
    expect(Object.getPrototypeOf(rule.messages)).toBe(Object.prototype);
    expect(rule.compliance).toEqual([]);
  });
});

describe('a broken plugin is one line (a UsageError: exit 2)', () => {
  it.each([
    ['a missing file', ['./nope.js'], /^plugin "\.\/nope\.js": no such file \(/],
    ['a package that is not installed', ['aws-tips-plugin-nope'], /^plugin "aws-tips-plugin-nope": package not found in node_modules from .* \(npm install aws-tips-plugin-nope\)$/],
    ['neither a path nor a package name', ['plugins/acme.js'], /write a path starting with \.\/ or \.\.\/ \(relative to the config file\), or an npm package name$/],
  ])('%s', async (_name, specs, expected) => {
    expect(await refused(specs)).toMatch(expected);
  });

  it('a module that throws when imported', async () => {
    expect(await refused([plugin('{}', "throw new Error('boom\\nsecond line');")])).toMatch(/: cannot load it: boom$/);
  });

  it.each([
    ['no default export', 'undefined', /its default export must be a plugin, definePlugin\(\{ namespace, rules \}\)$/],
    ['a rule as the default export', 'defineRule(rule)', /its default export must be a plugin/],
    ['a function', '() => {}', /its default export must be a plugin/],
    ['an unknown plugin key', "{ namespace: 'acme', rules: [rule], rulez: [] }", /unknown key "rulez" \(a plugin is \{ namespace, rules \}\)$/],
    ['no rules', "{ namespace: 'acme', rules: [] }", /rules must be a non-empty list/],
    ['a namespace with a capital', "{ namespace: 'Acme', rules: [rule] }", /namespace "Acme" must be lower-case letters/],
    ['a reserved namespace', "{ namespace: 'engine', rules: [{ ...rule, id: 'engine/x' }] }", /namespace "engine" is reserved$/],
  ])('bad export: %s', async (_name, exported, expected) => {
    expect(await refused([plugin(exported)])).toMatch(expected);
  });

  it('a rule id without the plugin\'s namespace, or of another namespace', async () => {
    expect(await refused([ok("[{ ...rule, id: 'bucket-owner-tag' }]")])).toMatch(/rule id "bucket-owner-tag" must be acme\/<name>/);
    expect(await refused([ok("[{ ...rule, id: 'other/bucket-owner-tag' }]")])).toMatch(/rule id "other\/bucket-owner-tag" must be acme\/<name>/);
  });

  it('a rule id colliding with a core rule (namespaced or not) or with another plugin\'s rule', async () => {
    expect(await refused([ok("[{ ...rule, id: 's3-bucket-name-no-dots' }]")])).toMatch(/must be acme\/<name>/);
    const first = ok();
    expect(await refused([first, ok()])).toMatch(/^plugin "\.\/p\d+\.mjs": rule acme\/bucket-owner-tag is already defined by plugin "\.\/p\d+\.mjs"$/);
    expect(await refused([ok('[rule, { ...rule }]')])).toMatch(/rule acme\/bucket-owner-tag is already defined by plugin/);
  });

  it('control and bidi characters in a rule id are refused and shown escaped', async () => {
    expect(await refused([ok("[{ ...rule, id: 'acme/bucket\\u202eowner' }]")])).toMatch(/rule id "acme\/bucket\\u202eowner" must be acme\/<name>/);
    expect(await refused([ok("[{ ...rule, id: 'acme/x\\u001b[31m' }]")])).toMatch(/rule id "acme\/x\\u001b\[31m"/);
  });

  it('prototype keys in messages: an own __proto__ key, a changed prototype, constructor', async () => {
    expect(await refused([ok('[{ ...rule, messages: JSON.parse(\'{"ok": "x", "__proto__": "y"}\') }]')])).toMatch(/messages: "__proto__" is not allowed as a message id$/);
    expect(await refused([ok("[{ ...rule, messages: { __proto__: { ok: 'x' } } }]")])).toMatch(/messages must be a plain object/);
    expect(await refused([ok("[{ ...rule, messages: { ok: 'x', constructor: 'y' } }]")])).toMatch(/"constructor" is not allowed as a message id$/);
  });

  it.each([
    ['an unknown dataset, with the nearest', "{ needs: ['s3.bukets'] }", /rule acme\/bucket-owner-tag: needs: unknown dataset "s3\.bukets" \(did you mean s3\.buckets/],
    ['a dataset named twice', "{ needs: ['s3.buckets', 's3.buckets'] }", /needs: s3\.buckets is listed twice/],
    ['an undeclared optional dataset', "{ optionalNeeds: ['iam.nothing'] }", /optionalNeeds: unknown dataset "iam\.nothing"/],
    ['an opt-in dataset in needs', "{ needs: ['costexplorer.reservationCoverage'] }", /needs: costexplorer\.reservationCoverage is collected only when cost-explorer is enabled: read it through optionalNeeds$/],
    ['an unknown section', "{ section: 'storage' }", /unknown section "storage" \(one of: application, /],
    ['an unknown kind', "{ kind: 'magic' }", /kind must be one of automatic, heuristic, manual$/],
    ['an unknown severity', "{ severity: 'urgent' }", /severity must be one of critical, high, medium, low, info$/],
    ['a typo in a key', "{ meesages: {} }", /rule acme\/bucket-owner-tag: unknown key "meesages"$/],
    ['options that are not a zod schema', '{ options: {} }', /options must be a zod 4 schema: z\.object\(\{ \.\.\. \}\), with the z that aws-tips exports$/],
    ['options without defaults', '{ options: z.object({ key: z.string() }) }', /options must be an object schema whose every key has a default/],
    ['check that is not a function', "{ check: 'yes' }", /check must be a function/],
    ['no messages', '{ messages: {} }', /messages must declare at least one message$/],
    ['a message id with a dot', "{ messages: { 'a.b': 'x' } }", /message id "a\.b" must be letters, digits and underscores$/],
    ['a message with a bidi control', "{ messages: { ok: 'fine \\u202e' } }", /messages\.ok holds a control or invisible character \(U\+202E\)$/],
    ['a title with an escape sequence', "{ title: 'T\\u001b[2J' }", /title holds a control or invisible character \(U\+001B\)$/],
    ['an empty tip', "{ tip: ' ' }", /tip must be non-empty text$/],
    ['docs without links', "{ docs: { rationale: 'r', checks: 'c', remediation: 'm' } }", /docs\.links must be a list of URLs$/],
    ['a link that is not http(s)', "{ docs: { ...rule.docs, links: ['javascript:alert(1)'] } }", /docs\.links: "javascript:alert\(1\)" is not an http\(s\) URL$/],
    ['an unknown framework', "{ compliance: [{ framework: 'cis-9', control: '1.1', coverage: 'full' }] }", /rule acme\/bucket-owner-tag: unknown framework "cis-9" \(known: /],
    ['an unknown control', "{ compliance: [{ framework: 'aws-fsbp', control: 'S3.999', coverage: 'full' }] }", /aws-fsbp has no control "S3\.999"$/],
    ['a partial control without a note', "{ compliance: [{ framework: 'aws-fsbp', control: 'S3.1', coverage: 'partial' }] }", /partial coverage of aws-fsbp S3\.1 needs a note$/],
  ])('a bad rule shape: %s', async (_name, change, expected) => {
    expect(await refused([ok(`[{ ...rule, ...${change} }]`)])).toMatch(expected);
  });

  it('a plugin path with control characters is refused by the config schema', async () => {
    const file = join(dir, 'hostile.yml');
    writeFileSync(file, 'plugins:\n  - "./acme\\u202e.js"\n');
    await expect(loadConfig(file)).rejects.toThrow(/invalid config .*plugins\[0\].*without control or invisible characters/);
  });
});

describe('ruleProblem', () => {
  it('accepts every core rule (no namespace): the checks hold the plugins to what core rules already are', () => {
    for (const rule of RULES) expect(ruleProblem(rule), rule.id).toBeUndefined();
  });

  it('accepts a well-formed plugin rule and refuses it under another namespace', () => {
    const rule = { ...RULES[0]!, id: 'acme/x', options: z.object({}) };
    expect(ruleProblem(rule, 'acme')).toBeUndefined();
    expect(ruleProblem(rule, 'other')).toMatch(/must be other\/<name>/);
  });
});
