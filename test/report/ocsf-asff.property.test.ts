/**
 * OCSF events and ASFF records of reports built from random snapshots (test/property/arbitrary.ts): whatever
 * the account holds (names, tags, messages the schema allows), every event stays a valid Compliance Finding of
 * the OCSF schema and every record within what BatchImportFindings accepts. The account id is a real one (STS
 * gives twelve digits); everything else is as generated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluate, type SelectedRule } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/verdict.js';
import { asffFindings } from '../../src/report/asff.js';
import { ocsfEvents } from '../../src/report/ocsf.js';
import { ruleDatasets, type Rule } from '../../src/rule.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { withDependencies } from '../../src/snapshot/registry.js';
import { snapshotArbitrary, type Mode } from '../property/arbitrary.js';
import { asffErrors } from './asff-constraints.js';
import { loadOcsfSchema, ocsfErrors } from './ocsf-schema.js';

const selected = (rule: Rule): SelectedRule => ({ rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
const ALL = RULES.map(selected);
const NEEDS = withDependencies(new Set(RULES.flatMap((r) => ruleDatasets(r))));
const schema = loadOcsfSchema();
/** Findings rendered over all runs: the property must have had something to check. */
let exported = 0;

function errors(snapshotJson: Record<string, unknown>): string[] {
  const meta = snapshotJson.meta as Record<string, unknown>;
  const snapshot = parseSnapshot(JSON.stringify({ ...snapshotJson, meta: { ...meta, accountId: '111122223333' } }), 'generated');
  const report = buildReport({ snapshot, results: evaluate(snapshot, ALL), toolVersion: 'property', source: { kind: 'snapshot', file: 'generated.json' }, failOn: 'low', now: new Date('2026-11-02T00:00:00Z') });
  const out: string[] = [];
  exported += report.findings.length;
  for (const e of ocsfEvents(report, { includePassed: true })) out.push(...ocsfErrors(JSON.parse(JSON.stringify(e)), schema).map((x) => `ocsf ${e.finding_info.uid}: ${x}`));
  for (const a of asffFindings(report, { includePassed: true })) out.push(...asffErrors(a as unknown as Record<string, unknown>).map((x) => `asff ${a.Id}: ${x}`));
  return out;
}

describe('ocsf and asff of random snapshots', () => {
  for (const mode of ['plausible', 'hostile'] as Mode[]) {
    it(`${mode} snapshots: every event and record is valid`, () => {
      exported = 0;
      fc.assert(
        fc.property(snapshotArbitrary(NEEDS, mode), (s) => {
          expect(errors(s as Record<string, unknown>)).toEqual([]);
        }),
        { numRuns: 40 },
      );
      expect(exported).toBeGreaterThan(100);
    }, 120_000);
  }
});
