import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { UsageError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'aws-tips-load-'));
let n = 0;
const load = async (text: string) => {
  const path = join(dir, `c${n++}.yml`);
  writeFileSync(path, text);
  return (await loadConfig(path)).config;
};
const refused = async (text: string): Promise<string> => {
  try {
    await load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('prototype keys (__proto__, constructor, prototype) are refused in every mapping', () => {
  it('the YAML parser keeps __proto__ as an own key (it does not set the prototype), which a record parse used to drop', async () => {
    // What made `tags: { __proto__: prod }` become `tags: {}`: the key survives YAML, then vanished in the record copy.
    expect(await refused('suppressions:\n  - { rule: "*", tags: { __proto__: prod }, reason: r }\n')).toMatch(/: suppressions\[0\]\.tags\.__proto__: "__proto__" is not allowed as a key$/);
  });

  it.each([
    ['tags, flow YAML', 'suppressions:\n  - { rule: "*", tags: { __proto__: prod }, reason: r }\n', 'suppressions[0].tags.__proto__'],
    ['tags, quoted key', 'suppressions:\n  - { rule: "*", tags: { "__proto__": "prod" }, reason: r }\n', 'suppressions[0].tags.__proto__'],
    ['tags, JSON', '{"suppressions": [{"rule": "*", "tags": {"Role": "x", "__proto__": "prod"}, "reason": "r"}]}', 'suppressions[0].tags.__proto__'],
    ['tags, constructor', 'suppressions:\n  - { rule: "*", tags: { constructor: "*" }, reason: r }\n', 'suppressions[0].tags.constructor'],
    ['tags, prototype', 'suppressions:\n  - { rule: "*", tags: { prototype: "*" }, reason: r }\n', 'suppressions[0].tags.prototype'],
    ['rules, block YAML', 'rules:\n  __proto__:\n    enabled: false\n', 'rules.__proto__'],
    ['rules, JSON', '{"rules": {"__proto__": {"enabled": false}}}', 'rules.__proto__'],
    ['rules, constructor', 'rules:\n  constructor: {}\n', 'rules.constructor'],
    ['rule options', 'rules:\n  ec2-no-ssh-ingress: { __proto__: { strict: true } }\n', 'rules.ec2-no-ssh-ingress.__proto__'],
    ['nested rule options', 'rules:\n  naming-convention: { patterns: { prototype: "^x$" } }\n', 'rules.naming-convention.patterns.prototype'],
    ['inside a list', 'regions: [{ constructor: 1 }]\n', 'regions[0].constructor'],
    ['top level', '__proto__: { failOn: critical }\n', '__proto__'],
    ['through an alias', 'x: &a { __proto__: 1 }\nrules: *a\n', 'x.__proto__'],
  ])('%s', async (_name, text, path) => {
    expect(await refused(text)).toMatch(new RegExp(`: ${path.replace(/[.[\]]/g, '\\$&')}: "[a-z_]+" is not allowed as a key$`));
  });

  it('the schema refuses them too, for callers that skip the loader', () => {
    const tags = JSON.parse('{"__proto__": "prod"}') as Record<string, string>;
    expect(configSchema.safeParse({ suppressions: [{ rule: '*', tags, reason: 'r' }] }).success).toBe(false);
    expect(configSchema.safeParse({ suppressions: [{ rule: '*', tags: { constructor: '*' }, reason: 'r' }] }).success).toBe(false);
    expect(configSchema.safeParse({ rules: JSON.parse('{"__proto__": {}}') }).success).toBe(false);
    expect(configSchema.safeParse({ rules: { prototype: {} } }).success).toBe(false);
  });

  it('ordinary keys that merely contain the words are fine', async () => {
    expect((await load('suppressions:\n  - { rule: "*", tags: { proto: x, Constructor: y, my__proto__: z }, reason: r }\n')).suppressions[0]!.tags).toEqual({ proto: 'x', Constructor: 'y', my__proto__: 'z' });
  });
});

describe('suppression tags', () => {
  it('an empty tags mapping is refused (it would match every resource)', async () => {
    expect(await refused('suppressions:\n  - { rule: "*", tags: {}, reason: r }\n')).toMatch(/: suppressions\[0\]\.tags: list at least one tag, or leave tags out$/);
  });
});

describe('suppression reason: visible text', () => {
  it.each([
    ['empty', '""'],
    ['spaces', '"   "'],
    ['a zero-width space', '"\\u200b"'],
    ['zero-width joiner and non-joiner', '"\\u200c\\u200d"'],
    ['bidi controls', '"\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c"'],
    ['a byte-order mark and a soft hyphen', '"\\ufeff\\u00ad"'],
    ['no-break and ideographic spaces, Hangul fillers, braille blank', '"\\u00a0\\u3000\\u3164\\u115f\\u2800"'],
    ['control characters', '"\\t\\u0007\\n"'],
  ])('refuses %s', async (_name, reason) => {
    expect(await refused(`suppressions:\n  - { rule: "*", reason: ${reason} }\n`)).toMatch(/: suppressions\[0\]\.reason: a suppression needs a visible reason/);
  });

  it('accepts a reason with visible text among invisible characters, and in any script', async () => {
    expect((await load('suppressions:\n  - { rule: "*", reason: "  \\u200bbastion, SEC-123 " }\n')).suppressions[0]!.reason).toBe('\u200bbastion, SEC-123');
    expect((await load('suppressions:\n  - { rule: "*", reason: "承認済み" }\n')).suppressions[0]!.reason).toBe('承認済み');
  });
});

describe('suppression expires: a calendar day', () => {
  it.each([
    ['a YAML 1.2 string', '', '2027-01-31'],
    ['a quoted string', '', '"2027-01-31"'],
    ['a YAML 1.1 date (a timestamp without time)', '%YAML 1.1\n---\n', '2027-01-31'],
    ['an explicit YAML 1.1 !!timestamp date', '%YAML 1.1\n---\n', '!!timestamp 2027-01-31'],
  ])('accepts %s as the day 2027-01-31', async (_name, head, value) => {
    expect((await load(`${head}suppressions:\n  - { rule: "*", reason: r, expires: ${value} }\n`)).suppressions[0]!.expires).toBe('2027-01-31');
  });

  it.each([
    ['a YAML 1.1 timestamp with a zone', '%YAML 1.1\n---\n', '2027-01-31T23:00:00-05:00'],
    ['a YAML 1.1 space-separated timestamp', '%YAML 1.1\n---\n', '2027-01-31 23:00:00 -5'],
    ['a YAML 1.1 timestamp with a lowercase t', '%YAML 1.1\n---\n', '2027-01-31t23:00:00Z'],
    ['a YAML 1.1 timestamp at midnight', '%YAML 1.1\n---\n', '2027-01-31 00:00:00'],
    ['a YAML 1.2 date and time with a zone', '', '2027-01-31T23:00:00-05:00'],
    ['a YAML 1.2 date and time in UTC', '', '2027-01-31T00:00:00Z'],
    ['a date and time string', '', '"2027-01-31 12:00"'],
  ])('refuses %s (a time or zone would shift the day) with one line saying to write a date', async (_name, head, value) => {
    expect(await refused(`${head}suppressions:\n  - { rule: "*", reason: r, expires: ${value} }\n`)).toMatch(
      /: suppressions\[0\]\.expires: expires is a calendar day: write a date such as 2027-01-31, without a time or zone$/,
    );
  });

  it('still refuses dates that do not exist and other formats', async () => {
    expect(await refused('suppressions:\n  - { rule: "*", reason: r, expires: 2027-02-30 }\n')).toMatch(/expires: not a calendar date/);
    expect(await refused('suppressions:\n  - { rule: "*", reason: r, expires: 31/01/2027 }\n')).toMatch(/expires: expires is a calendar day: write a date/);
  });

  it('a Date given to the schema directly counts only when it is a whole UTC day', () => {
    const parse = (expires: unknown) => configSchema.safeParse({ suppressions: [{ rule: '*', reason: 'r', expires }] });
    expect(parse(new Date('2027-01-31T00:00:00Z')).success).toBe(true);
    expect(parse(new Date('2027-02-01T04:00:00Z')).success).toBe(false);
  });
});
