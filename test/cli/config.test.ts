/**
 * Configuration hardening, end to end through the built CLI: user patterns never run unbounded
 * (regexes are matched by RE2, globs by the linear matcher), prototype keys are refused wherever the
 * configuration holds a mapping, a suppression cannot match everything by accident, and a
 * suppression's reason, expiry and rule id are checked as strictly as the rest of the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectUsageError, isolatedEnv, run, type RunResult } from './run.js';

const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aws-tips-config-'));
});

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Runs the CLI without blocking; a run still going after `timeoutMs` is killed (so a hang fails, not stalls, the test). */
function runTimed(args: string[], timeoutMs: number): Promise<RunResult & { ms: number; killed: boolean }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: isolatedEnv(), cwd: dir });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, killed });
    });
  });
}

const audit = (config: string, more: string[] = []) => run(['audit', '--demo', '--format', 'json', '--config', config, ...more], { cwd: dir });

describe('user patterns never run unbounded', () => {
  it('a regex that backtracks for minutes in RegExp (^(?:xy.*){12}z$) on a 200-character name finishes fast', async () => {
    const snapshot = JSON.parse(readFileSync(DEMO, 'utf8')) as { ec2: { securityGroups: { GroupName: string }[] } };
    snapshot.ec2.securityGroups[0]!.GroupName = 'xy'.repeat(100);
    const snap = file('long-name.json', JSON.stringify(snapshot));
    const config = file('xy.yml', "rules:\n  naming-convention:\n    patterns:\n      securityGroup: '^(?:xy.*){12}z$'\n");
    const r = await runTimed(['audit', '--snapshot', snap, '--rule', 'naming-convention', '--format', 'json', '--config', config], 20_000);
    expect(r.killed).toBe(false);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; status: string; resource: { id: string }; message: string }[] };
    const long = report.findings.find((f) => f.resource.id === snapshot.ec2.securityGroups[0]!.GroupName || f.message.includes('xy'.repeat(100)));
    expect(long?.status).toBe('warn');
  }, 30_000);

  it("--rule '************X' (a glob, matched in linear time) finishes fast", async () => {
    const r = await runTimed(['audit', '--demo', '--rule', '************X', '--format', 'json'], 20_000);
    expect(r.killed).toBe(false);
    expect(r.ms).toBeLessThan(10_000);
    expectUsageError(r, /^aws-tips: --rule: "\*+X" matches no rule \(see: aws-tips rules\)$/);
  }, 30_000);

  it('--skip globs go through the same matcher', async () => {
    const r = await runTimed(['audit', '--demo', '--skip', '*?*?*?*?*?*?*?*?*?*?*?*?X', '--format', 'json'], 20_000);
    expect(r.killed).toBe(false);
    expectUsageError(r, /--skip: ".*X" matches no rule/);
    const ok = run(['audit', '--demo', '--rule', 'ec2-*-unassociated', '--format', 'json']);
    expect((JSON.parse(ok.stdout) as { rules: { id: string }[] }).rules.map((x) => x.id)).toEqual(['ec2-eip-unassociated']);
  }, 30_000);

  it('a malformed --rule glob is one line, exit 2', () => {
    expectUsageError(run(['audit', '--demo', '--rule', 'ec2-[z-a]']), /^aws-tips: --rule: "ec2-\[z-a\]" is not a valid glob: reversed range/);
  });

  it('a backreference is refused: exit 2, one line naming the config path', () => {
    const r = audit(file('backref.yml', "rules:\n  naming-convention:\n    patterns:\n      role: '^(a)\\1$'\n"));
    expectUsageError(r, /^aws-tips: invalid config .*backref\.yml: rules\.naming-convention\.patterns\.role: regular expression uses a backreference/);
  });

  it('lookaround is refused the same way', () => {
    const r = audit(file('lookahead.yml', "rules:\n  iam-no-application-users: { serviceNamePattern: '^(?!admin).*' }\n"));
    expectUsageError(r, /: rules\.iam-no-application-users\.serviceNamePattern: regular expression uses lookahead or lookbehind/);
  });
});

describe('prototype keys are refused in every mapping of the configuration', () => {
  it.each([
    ['suppression tags, YAML', 'suppressions:\n  - rule: "*"\n    tags: { __proto__: prod }\n    reason: accepted\n', /suppressions\[0\]\.tags\.__proto__/],
    ['suppression tags, block YAML', 'suppressions:\n  - rule: "*"\n    tags:\n      __proto__: prod\n    reason: accepted\n', /suppressions\[0\]\.tags\.__proto__/],
    ['suppression tags, JSON', '{"suppressions": [{"rule": "*", "tags": {"__proto__": "prod"}, "reason": "accepted"}]}', /suppressions\[0\]\.tags\.__proto__/],
    ['suppression tags, constructor', 'suppressions:\n  - { rule: "*", tags: { constructor: "*" }, reason: accepted }\n', /suppressions\[0\]\.tags\.constructor/],
    ['suppression tags, prototype', 'suppressions:\n  - { rule: "*", tags: { prototype: "*" }, reason: accepted }\n', /suppressions\[0\]\.tags\.prototype/],
    ['rules, YAML', 'rules:\n  __proto__: { enabled: false }\n', /rules\.__proto__/],
    ['rules, JSON', '{"rules": {"__proto__": {"enabled": false}}}', /rules\.__proto__/],
    ['rules, constructor', 'rules:\n  constructor: {}\n', /rules\.constructor/],
    ['rule options', 'rules:\n  ec2-no-ssh-ingress: { __proto__: { strict: true } }\n', /rules\.ec2-no-ssh-ingress\.__proto__/],
    ['nested rule options', 'rules:\n  naming-convention: { patterns: { constructor: "^x$" } }\n', /rules\.naming-convention\.patterns\.constructor/],
    ['top level', '__proto__: { failOn: critical }\n', /: __proto__: /],
  ])('%s', (name, content, path) => {
    const r = audit(file(`proto-${name.replace(/\W+/g, '-')}.yml`, content));
    expectUsageError(r, path);
    expect(r.stderr).toMatch(/is not allowed as a key/);
  });

  it('an empty tags mapping is refused, not "match everything"', () => {
    const r = audit(file('empty-tags.yml', 'suppressions:\n  - { rule: "*", tags: {}, reason: accepted }\n'));
    expectUsageError(r, /: suppressions\[0\]\.tags: .*at least one tag/);
  });
});

describe('suppressions: reason, expiry and rule id', () => {
  it.each([
    ['a zero-width space', '"\\u200b"'],
    ['only whitespace, zero-width and bidi characters', '"\\u00a0\\u200b\\u200d\\u202e\\u2066\\ufeff\\u3000"'],
  ])('a reason of %s is refused', (_name, reason) => {
    const r = audit(file(`reason-${reason.length}.yml`, `suppressions:\n  - { rule: "*", reason: ${reason} }\n`));
    expectUsageError(r, /: suppressions\[0\]\.reason: a suppression needs a (visible )?reason/);
  });

  it.each([
    ['a YAML 1.1 timestamp with a zone', '%YAML 1.1\n---\n', '2027-01-31T23:00:00-05:00'],
    ['a YAML 1.1 space-separated timestamp', '%YAML 1.1\n---\n', '2027-01-31 23:00:00 -5'],
    ['a YAML 1.2 date and time', '', '2027-01-31T23:00:00Z'],
  ])('expires as %s is refused with one line saying to write a date', (_name, head, expires) => {
    const r = audit(file(`expires-${expires.replace(/\W+/g, '-')}.yml`, `${head}suppressions:\n  - { rule: "*", reason: accepted, expires: ${expires} }\n`));
    expectUsageError(r, /: suppressions\[0\]\.expires: .*write a date such as 2027-01-31/);
  });

  it('a YAML 1.1 date is the calendar day written, not shifted', () => {
    const r = audit(file('expires-11.yml', '%YAML 1.1\n---\nsuppressions:\n  - { rule: "*", reason: accepted, expires: 2099-01-31 }\n'));
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { suppressions: { expires: string }[] };
    expect(report.suppressions[0]!.expires).toBe('2099-01-31');
  });

  it('a suppression naming an unknown rule id is an error, as under rules:', () => {
    const r = audit(file('unknown-rule.yml', 'suppressions:\n  - { rule: ec2-no-ssh-ingres, reason: accepted }\n'));
    expectUsageError(r, /^aws-tips: invalid config .*unknown-rule\.yml: suppressions\[0\]\.rule: unknown rule "ec2-no-ssh-ingres" \(did you mean ec2-no-ssh-ingress\?\)$/);
    // A glob is not an id: it may match no rule in this version and is reported unused instead.
    expect(audit(file('glob-rule.yml', 'suppressions:\n  - { rule: "ec2-no-ssh-*", reason: accepted }\n')).code).toBe(1);
  });
});
