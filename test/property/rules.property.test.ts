/**
 * Property-based tests over random snapshots generated from the dataset schemas (arbitrary.ts):
 *
 * - every generated snapshot is valid (parseSnapshot accepts it: the generator follows the schema);
 * - plausible snapshots (what a collector could write): no rule throws, ever;
 * - hostile snapshots (anything the schema allows): a rule may meet data it cannot judge, but the
 *   audit never crashes, a throwing rule is one `error` finding and the rest is evaluated;
 * - in both: the report is complete and valid (JSON Schema and counts), nothing that could not be
 *   checked is reported as `pass`, and every output format renders it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluate, type SelectedRule } from '../../src/engine/evaluate.js';
import { FORMATS } from '../../src/report/formats.js';
import { buildReport } from '../../src/engine/verdict.js';
import { ruleDatasets, type Rule } from '../../src/rule.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { withDependencies } from '../../src/snapshot/registry.js';
import { snapshotArbitrary, type Mode } from './arbitrary.js';
import { expectValidReport, passesWhereNotChecked } from './report-check.js';

const selected = (rule: Rule): SelectedRule => ({ rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
const ALL = RULES.map(selected);
const NEEDS = withDependencies(new Set(RULES.flatMap((r) => ruleDatasets(r))));

/** Findings of rules that threw (evaluate turns a throw into "rule failed: ..."). */
const thrown = (results: ReturnType<typeof evaluate>) =>
  results.flatMap((r) => r.findings.filter((f) => f.status === 'error' && f.message.startsWith('rule failed:')).map((f) => `${r.rule.id}: ${f.message}`));

async function checkRun(mode: Mode, snapshotJson: unknown): Promise<string[]> {
  const snapshot = parseSnapshot(JSON.stringify(snapshotJson), 'generated');
  const results = evaluate(snapshot, ALL);
  const report = buildReport({ snapshot, results, toolVersion: 'property', source: { kind: 'snapshot', file: 'generated.json' }, failOn: 'low', now: new Date('2026-11-02T00:00:00Z') });
  const json = JSON.parse(JSON.stringify(report));
  // Every finding names its resource (the report schema requires an ARN and a region): a rule that
  // takes them from a field the data left "" (moto does that, and so can a hostile file) breaks it.
  const nameless = results.flatMap((r) =>
    r.findings.filter((f) => !f.resource.arn || !f.resource.region).map((f) => `${r.rule.id}: ${JSON.stringify(f.resource)} ${f.message}`),
  );
  expect(nameless).toEqual([]);
  await expectValidReport(json);
  expect(passesWhereNotChecked(json)).toEqual([]);
  for (const [name, load] of Object.entries(FORMATS)) {
    const render = await load();
    const out = render(report, { color: name === 'terminal', width: 80, verbose: true });
    // A renderer returns its text, or its text in pieces.
    const text = typeof out === 'string' ? out : [...out].join('');
    expect(text.length, name).toBeGreaterThan(0);
    if (name === 'json') expect(JSON.parse(text)).toEqual(json);
  }
  return mode === 'plausible' ? thrown(results) : [];
}

describe('random snapshots from the dataset schemas', () => {
  it('the generator produces valid snapshots of every dataset the rules need', () => {
    fc.assert(
      fc.property(snapshotArbitrary(NEEDS, 'hostile'), (s) => {
        parseSnapshot(JSON.stringify(s), 'generated');
      }),
      { numRuns: 30 },
    );
  });

  it('plausible snapshots: no rule throws; the report is complete, valid and renders in every format', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArbitrary(NEEDS, 'plausible'), async (s) => {
        expect(await checkRun('plausible', s)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('hostile snapshots (anything the schema allows): no crash, the report is complete, valid and renders', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArbitrary(NEEDS, 'hostile'), async (s) => {
        await checkRun('hostile', s);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('each rule alone, on snapshots holding only what it needs: no throw', () => {
    for (const rule of RULES) {
      const needs = withDependencies(ruleDatasets(rule));
      if (needs.length === 0) continue;
      fc.assert(
        fc.property(snapshotArbitrary(needs, 'plausible'), (s) => {
          const snapshot = parseSnapshot(JSON.stringify(s), 'generated');
          expect(thrown(evaluate(snapshot, [selected(rule)]))).toEqual([]);
        }),
        { numRuns: 25 },
      );
    }
  }, 120_000);
});
