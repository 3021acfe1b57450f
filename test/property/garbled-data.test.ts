/**
 * Issue 17, property 3: garbled data never yields a verdict.
 *
 * Seeded mutations of leaves of the demo snapshot (a wrong type, a date that does not parse) must end in
 * one of:
 *  - `audit --snapshot`: the file refused, naming the field's path;
 *  - accepted (a field no rule reads, kept unchecked as an unknown SDK field): every rule's verdicts exactly
 *    as on the unmutated demo, so no verdict was computed from the garbled value;
 * and, read live (quarantineInvalid, as collect() does): the item taken out and an `error` finding for that
 * resource in every rule that reads its dataset. No message or evidence anywhere holds NaN, undefined,
 * null, Invalid Date or [object Object].
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluate, type RuleResult, type SelectedRule } from '../../src/engine/evaluate.js';
import { ruleDatasets, type Rule } from '../../src/rule.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { ALL_DATASET_KEYS } from '../../src/snapshot/registry.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { quarantineInvalid } from '../../src/snapshot/validate.js';

const selected = (rule: Rule): SelectedRule => ({ rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
const ALL = RULES.map(selected);
const DEMO_TEXT = readFileSync('fixtures/snapshots/demo.json', 'utf8');
const DATASETS = new Set<string>(ALL_DATASET_KEYS);

type Path = (string | number)[];

/** Every leaf of the datasets (collection errors and meta are not AWS answers: other tests cover them). */
function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (path.length === 2 && !DATASETS.has(`${path[0]}.${path[1]}`)) return out;
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else if (path.length > 2 && value !== null) out.push(path);
  return out;
}

const ISO = /^\d{4}-\d{2}-\d{2}T/;
/** Wrong-typed or unparseable replacements for a leaf. */
function garbles(leaf: unknown): unknown[] {
  if (typeof leaf === 'string') return ISO.test(leaf) ? ['not-a-date', '2026-13-45T99:99:99Z', 20261101, {}] : [42, true, {}, ['x']];
  if (typeof leaf === 'number') return ['12abc', 'NaN', true, {}, [1]];
  if (typeof leaf === 'boolean') return ['yes', 1, {}];
  // null: the schema may allow any type there (an object, text, a number), so no value is wrong for sure.
  return [];
}

const FORBIDDEN = /NaN|undefined|\bnull\b|Invalid Date|\[object Object\]/;

/** Messages and evidence strings holding a token that betrays a computation on garbage. */
function garbledText(results: RuleResult[]): string[] {
  const out: string[] = [];
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
  for (const r of results)
    for (const f of r.findings)
      for (const s of [f.message, ...strings(f.evidence)]) if (FORBIDDEN.test(s)) out.push(`${r.rule.id}: ${f.resource.arn}: ${s}`);
  return out;
}

/** Each rule's verdicts, by finding key and status: what "no verdict changed" compares. */
const verdicts = (results: RuleResult[]) => results.flatMap((r) => r.findings.map((f) => `${f.key} ${f.status}`)).sort();

const setAt = (root: unknown, path: Path, value: unknown) => {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
};

describe('garbled data never yields a verdict', () => {
  const demo = parseSnapshot(DEMO_TEXT, 'demo');
  const baseline = evaluate(demo, ALL);
  const baseVerdicts = new Set(verdicts(baseline));
  const paths = leaves(JSON.parse(DEMO_TEXT));

  it('the demo snapshot itself: no message or evidence holds NaN, undefined, null, Invalid Date or [object Object]', () => {
    expect(garbledText(baseline)).toEqual([]);
  });

  it('a mutated leaf: refused with its path, or no verdict changes; live, an error for that resource', () => {
    // Seeded: the same mutations every run (about 3 s on a slow machine, unloaded), dates drawn apart so they are not rare.
    const data = JSON.parse(DEMO_TEXT) as unknown;
    const isDate = (p: Path) => ISO.test(String(p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], data)));
    const draw = (pool: Path[], seed: number, numRuns: number) =>
      fc.sample(fc.record({ path: fc.constantFrom(...pool), pick: fc.nat({ max: 99 }) }), { seed, numRuns });
    const cases = [...draw(paths.filter(isDate), 17_003, 30), ...draw(paths.filter((p) => !isDate(p)), 17_004, 60)];
    const problems: string[] = [];
    let refused = 0;
    for (const { path, pick } of cases) {
      const data = JSON.parse(DEMO_TEXT) as Record<string, unknown>;
      let leaf: unknown = data;
      for (const k of path) leaf = (leaf as Record<string | number, unknown>)[k];
      const options = garbles(leaf);
      if (options.length === 0) continue;
      const garbled = options[pick % options.length];
      setAt(data, path, garbled);
      const where = `${path.join('.')} = ${JSON.stringify(garbled)}`;

      // audit --snapshot
      let file: Snapshot | undefined;
      try {
        file = parseSnapshot(JSON.stringify(data), 'mutated');
      } catch (err) {
        refused++;
        const message = (err as Error).message;
        // The path of the dataset item at least (zod names the field, or the union that holds it).
        const prefix = `${path[0]}.${path[1]}${typeof path[2] === 'number' ? `[${path[2]}]` : `.${path[2]}`}`;
        if (!message.includes(prefix)) problems.push(`${where}: refused without the path ${prefix}: ${message}`);
      }
      // Only the rules that read the mutated dataset can be moved by it (and evaluating all 100 would take long).
      const dataset = `${path[0]}.${path[1]}`;
      const readers = ALL.filter((s) => ruleDatasets(s.rule).includes(dataset as never));
      if (file) {
        const results = evaluate(file, readers);
        problems.push(...garbledText(results).map((t) => `${where} (file): ${t}`));
        const changed = verdicts(results).filter((v) => !baseVerdicts.has(v));
        if (changed.length) problems.push(`${where}: accepted unchecked, and verdicts changed: ${changed.slice(0, 3).join('; ')}`);
        continue;
      }

      // Live: the same answer from AWS.
      const live = JSON.parse(JSON.stringify(data)) as Snapshot;
      const recorded = quarantineInvalid(live);
      if (!recorded.some((e) => e.dataset === dataset)) {
        problems.push(`${where}: refused as a file, but live collection kept it`);
        continue;
      }
      let snapshot: Snapshot;
      try {
        snapshot = parseSnapshot(JSON.stringify(live), 'quarantined');
      } catch (err) {
        problems.push(`${where}: quarantined snapshot still invalid: ${(err as Error).message}`);
        continue;
      }
      const results = evaluate(snapshot, readers);
      problems.push(...garbledText(results).map((t) => `${where} (live): ${t}`));
      for (const e of recorded)
        for (const r of results.filter((x) => x.rule.needs.includes(e.dataset as never)))
          if (!r.findings.some((f) => f.status === 'error' && (e.resource ? f.resource.arn === e.resource : true)))
            problems.push(`${where} (live): ${r.rule.id} has no error finding for ${e.resource ?? e.dataset}`);
    }
    expect(problems).toEqual([]);
    // The mutations reach typed fields (else this test proves little).
    expect(refused).toBeGreaterThan(20);
  }, 60_000);
});
