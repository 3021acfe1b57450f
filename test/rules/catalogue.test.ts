import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { emptyConfig } from '../../src/config/load.js';
import { SEVERITIES } from '../../src/rule.js';
import { SECTIONS } from '../../src/sections.js';
import { isDatasetKey } from '../../src/snapshot/registry.js';
import { readSnapshot } from '../../src/snapshot/io.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const tips = readFileSync(join(ROOT, 'fixtures/tips.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [section, tip] = line.split('|') as [string, string];
    return { section, tip };
  });

describe('the rule catalogue', () => {
  it('fixtures/tips.txt is the shared tips list', () => {
    const shared = join(ROOT, '../shared/tips.txt');
    if (existsSync(shared)) expect(readFileSync(join(ROOT, 'fixtures/tips.txt'), 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('rules/index.ts lists every rule file, sorted by id', () => {
    const files: string[] = [];
    for (const section of readdirSync(join(ROOT, 'rules'))) {
      const dir = join(ROOT, 'rules', section);
      if (statSync(dir).isDirectory()) for (const f of readdirSync(dir)) if (f.endsWith('.ts')) files.push(`${section}/${f.slice(0, -3)}`);
    }
    expect(RULES.map((r) => `${r.section}/${r.id}`).sort()).toEqual(files.sort());
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every tip has a rule; two for "Everyone gets an IAM account. Never login to the master."', () => {
    for (const { tip } of tips) expect(RULES.filter((r) => r.tip === tip).map((r) => r.id), tip).not.toEqual([]);
    const shared = RULES.filter((r) => r.tip === 'Everyone gets an IAM account. Never login to the master.').map((r) => r.id);
    expect(shared.sort()).toEqual(['iam-individual-human-identities', 'iam-root-not-used']);
    expect(RULES.length).toBe(50);
  });

  for (const rule of RULES) {
    it(`${rule.id}: metadata`, () => {
      const tip = tips.find((t) => t.tip === rule.tip);
      expect(tip, `tip of ${rule.id} is not verbatim from tips.txt`).toBeDefined();
      expect(SECTIONS.find((s) => s.id === rule.section)?.name).toBe(tip!.section);
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(SEVERITIES).toContain(rule.severity);
      expect(['automatic', 'heuristic', 'manual']).toContain(rule.kind);
      for (const n of rule.needs) expect(isDatasetKey(n), `${n} is not a dataset`).toBe(true);
      if (rule.kind !== 'manual') expect(rule.needs.length).toBeGreaterThan(0);
      expect(rule.options.safeParse({}).success, 'every option has a default').toBe(true);
      expect(rule.title.length).toBeGreaterThan(10);
      for (const field of ['rationale', 'checks', 'remediation'] as const) expect(rule.docs[field].length, field).toBeGreaterThan(20);
      for (const link of rule.docs.links) expect(link).toMatch(/^https:\/\//);
    });
  }
});

describe('the demo account', () => {
  const snapshot = readSnapshot(join(ROOT, 'fixtures/snapshots/demo.json'));
  const results = evaluate(snapshot, selectRules(RULES, emptyConfig(), {}));

  it('is built from fixtures/demo/*.json (npm run gen:demo)', async () => {
    const { execFileSync } = await import('node:child_process');
    const before = readFileSync(join(ROOT, 'fixtures/snapshots/demo.json'), 'utf8');
    const dir = join(ROOT, 'fixtures/demo');
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-demo.mjs')], { stdio: 'ignore' });
    expect(readFileSync(join(ROOT, 'fixtures/snapshots/demo.json'), 'utf8')).toBe(before);
  });

  for (const rule of RULES.filter((r) => r.kind !== 'manual' && r.enabledByDefault !== false)) {
    it(`${rule.id} has a failing and a passing resource, and no error`, () => {
      const findings = results.find((r) => r.rule.id === rule.id)!.findings;
      expect(findings.filter((f) => f.status === 'error').map((f) => f.message)).toEqual([]);
      expect(findings.some((f) => f.status === 'fail' || f.status === 'warn'), 'no failing resource').toBe(true);
      expect(findings.some((f) => f.status === 'pass'), 'no passing resource').toBe(true);
    });
  }
});
