import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { complianceEntries, complianceProblem, controlOf, FRAMEWORK_IDS, FRAMEWORKS } from '../../src/compliance/registry.js';
import { run } from '../cli/run.js';

/**
 * The rules' compliance metadata against the reference, ../shared/compliance-map.json. The repo keeps a copy
 * (fixtures/compliance-map.json: the shared folder is not there in CI), held to the shared file wherever it exists.
 */
const file = (p: string) => new URL(p, import.meta.url).pathname;
const COPY = file('fixtures/compliance-map.json');
const SHARED = file('../../../shared/compliance-map.json');

interface MapEntry {
  framework: string;
  control: string;
  title: string;
  coverage: string;
  note?: string;
}
const MAP = JSON.parse(readFileSync(COPY, 'utf8')) as {
  frameworks: Record<string, { title: string; version: string; source: string }>;
  rules: Record<string, MapEntry[]>;
};

describe('compliance metadata equals the reference (compliance-map.json)', () => {
  it('the repo copy is the shared compliance-map.json', () => {
    if (existsSync(SHARED)) expect(readFileSync(COPY, 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });

  it('every rule of the map exists', () => {
    const ids = new Set(RULES.map((r) => r.id));
    expect(Object.keys(MAP.rules).filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: its controls are the map\'s, entry for entry, in order', (id, rule) => {
    const expected = MAP.rules[id] ?? [];
    // framework, control, coverage and note from the rule; the title through the registry (controlOf).
    const actual = rule.compliance.map((c) => ({
      framework: c.framework,
      control: c.control,
      title: controlOf(c.framework, c.control)?.title,
      coverage: c.coverage,
      ...(c.note !== undefined ? { note: c.note } : {}),
    }));
    expect(actual).toEqual(expected);
    expect(complianceEntries(rule.compliance)).toEqual(expected);
    expect(complianceProblem(id, rule.compliance)).toBeUndefined();
  });

  it('the frameworks are the map\'s: same ids, titles, versions and sources', () => {
    expect(Object.keys(FRAMEWORKS)).toEqual(Object.keys(MAP.frameworks));
    expect(FRAMEWORK_IDS).toEqual(Object.keys(MAP.frameworks));
    for (const id of FRAMEWORK_IDS) {
      const { title, version, source } = FRAMEWORKS[id];
      expect({ id, title, version, source }).toEqual({ id, ...MAP.frameworks[id] });
    }
  });

  it('`aws-tips rules --format json` carries each rule\'s controls as the map writes them', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { id: string; compliance: unknown }[];
    expect(listed.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    for (const x of listed) expect({ id: x.id, compliance: x.compliance }).toEqual({ id: x.id, compliance: MAP.rules[x.id] ?? [] });
  });
});

describe('complianceProblem (rules loaded at run time)', () => {
  const ok = { framework: 'cis-aws-foundations-5.0', control: '1.4', coverage: 'full' };
  it('accepts known ids, full, and partial with a note', () => {
    expect(complianceProblem('r', [])).toBeUndefined();
    expect(complianceProblem('r', [ok, { framework: 'aws-fsbp', control: 'IAM.6', coverage: 'partial', note: 'virtual MFA is a WARN' }])).toBeUndefined();
  });
  it('refuses an unknown framework, naming the known ones', () => {
    expect(complianceProblem('r', [ok, { ...ok, framework: 'pci-dss-4.0' }])).toBe(
      `rule r: unknown framework "pci-dss-4.0" (known: ${FRAMEWORK_IDS.join(', ')})`,
    );
  });
  it('refuses an unknown control, and a control of another framework', () => {
    expect(complianceProblem('r', [{ ...ok, control: '9.99' }])).toBe('rule r: cis-aws-foundations-5.0 has no control "9.99"');
    expect(complianceProblem('r', [{ ...ok, framework: 'cis-aws-foundations-7.0' }])).toBe('rule r: cis-aws-foundations-7.0 has no control "1.4"');
  });
  it('refuses a coverage other than full or partial', () => {
    expect(complianceProblem('r', [{ ...ok, coverage: 'most' }])).toBe('rule r: coverage of cis-aws-foundations-5.0 1.4 must be full or partial');
    expect(complianceProblem('r', [{ framework: ok.framework, control: ok.control }])).toMatch(/must be full or partial/);
  });
  it('refuses a partial coverage without a note', () => {
    expect(complianceProblem('r', [{ ...ok, coverage: 'partial' }])).toBe('rule r: partial coverage of cis-aws-foundations-5.0 1.4 needs a note');
  });
  it('refuses what is not a list', () => {
    expect(complianceProblem('r', { ...ok })).toBe('rule r: compliance must be a list');
  });
});

describe('the types refuse unknown framework and control ids', () => {
  it('tsc compiles fixtures/type-errors.ts: each @ts-expect-error there is needed', () => {
    const fixture = readFileSync(file('fixtures/type-errors.ts'), 'utf8');
    // The directives are the test: a fixture that lost them would compile and prove nothing.
    expect(fixture.match(/^\s*\/\/ @ts-expect-error /gm)?.length).toBe(5);
    const tsc = spawnSync(process.execPath, [file('../../node_modules/typescript/bin/tsc'), '-p', file('fixtures/tsconfig.json')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
