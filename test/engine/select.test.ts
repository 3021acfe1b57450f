import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { emptyConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { ruleOptions, selectRules } from '../../src/engine/select.js';

const ids = (sel: { rule?: string[]; skip?: string[] }) => selectRules(RULES, emptyConfig(), sel).map((s) => s.rule.id);
const timed = <T>(f: () => T): { value?: T; error?: unknown; ms: number } => {
  const started = performance.now();
  try {
    return { value: f(), ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
};

describe('--rule / --skip globs: the linear glob matcher, never a backtracking RegExp', () => {
  it("'******X' against every rule id answers at once (as a RegExp, .* six times backtracks on every id)", () => {
    const r = timed(() => ids({ rule: ['******X'] }));
    expect(r.ms).toBeLessThan(250);
    expect(String(r.error)).toMatch(/--rule: "\*+X" matches no rule/);
    const s = timed(() => ids({ skip: [`${'*?'.repeat(12)}X`] }));
    expect(s.ms).toBeLessThan(250);
    expect(String(s.error)).toMatch(/--skip: ".*X" matches no rule/);
  });

  it('globs select as before, with the same syntax as config globs', () => {
    expect(ids({ rule: ['ec2-*-unassociated'] })).toEqual(['ec2-eip-unassociated']);
    expect(ids({ rule: ['ec2-eip-unassociate?'] })).toEqual(['ec2-eip-unassociated']);
    expect(ids({ rule: ['{ec2-eip-unassociated,iam-mfa-enabled}'] })).toEqual(['ec2-eip-unassociated', 'iam-mfa-enabled'].filter((id) => RULES.some((r) => r.id === id)));
    expect(ids({ rule: ['ec2-*'], skip: ['ec2-[!e]*'] }).every((id) => id.startsWith('ec2-e'))).toBe(true);
  });

  it('a malformed glob or an unknown id is a usage error', () => {
    expect(() => ids({ rule: ['ec2-[z-a]'] })).toThrow(/--rule: "ec2-\[z-a\]" is not a valid glob: reversed range/);
    expect(() => ids({ skip: ['{a,b'] })).toThrow(/--skip: "\{a,b" is not a valid glob: unclosed/);
    expect(() => ids({ rule: ['nope'] })).toThrow(/--rule: unknown rule "nope"/);
  });
});

describe('configuration checked against the rule list', () => {
  it('a suppression naming an unknown rule id is an error, like the same typo under rules:', () => {
    const config = configSchema.parse({ suppressions: [{ rule: 'ec2-eip-unassociated', reason: 'ok' }, { rule: 'ec2-eip-unasociated', reason: 'typo' }] });
    expect(() => selectRules(RULES, config, {}, 'cfg.yml')).toThrow(/^invalid config cfg\.yml: suppressions\[1\]\.rule: unknown rule "ec2-eip-unasociated" \(did you mean ec2-eip-unassociated\?\)$/);
  });

  it('a typo in --rule, --skip or a rules: key names the nearest ids; nothing near says where to look', () => {
    expect(() => ids({ rule: ['ec2-no-ssh-ingres'] })).toThrow(/^--rule: unknown rule "ec2-no-ssh-ingres" \(did you mean ec2-no-ssh-ingress\?\)$/);
    expect(() => ids({ skip: ['iam-mfa-enabeld'] })).toThrow(/--skip: unknown rule "iam-mfa-enabeld" \(did you mean .*iam-/);
    expect(() => selectRules(RULES, configSchema.parse({ rules: { 'ec2-eip-unasociated': {} } }), {}, 'c.yml')).toThrow(/rules\.ec2-eip-unasociated: unknown rule "ec2-eip-unasociated" \(did you mean ec2-eip-unassociated\?\)/);
    expect(() => ids({ rule: ['zzzzzzzzzzzz'] })).toThrow(/unknown rule "zzzzzzzzzzzz" \(see: aws-tips rules\)$/);
  });

  it('a suppression with a glob for its rule is not checked against the ids (it may be written for a later version)', () => {
    const config = configSchema.parse({ suppressions: [{ rule: '*', reason: 'ok' }, { rule: 'nothing-*', reason: 'ok' }, { rule: 'ec2-eip-unassociate?', reason: 'ok' }] });
    expect(() => selectRules(RULES, config, {})).not.toThrow();
  });

  it('a prototype key in rule options is an unknown key, never a lookup on Object.prototype', () => {
    const rule = RULES.find((r) => r.id === 'ec2-no-ssh-ingress')!;
    expect(() => ruleOptions(rule, { constructor: { strict: true } }, 'cfg')).toThrow(/rules\.ec2-no-ssh-ingress\.constructor: unknown key/);
    expect(() => ruleOptions(rule, { toString: 1 }, 'cfg')).toThrow(/rules\.ec2-no-ssh-ingress\.toString: unknown key/);
    expect(() => ruleOptions(rule, JSON.parse('{"__proto__": {"strict": true}}') as Record<string, unknown>, 'cfg')).toThrow(/rules\.ec2-no-ssh-ingress\.__proto__: unknown key/);
  });
});
