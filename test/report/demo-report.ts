import { readFileSync } from 'node:fs';
import { RULES } from '../../rules/index.js';
import { emptyConfig } from '../../src/config/load.js';
import type { Suppression } from '../../src/config/schema.js';
import type { BaselineReport } from '../../src/engine/baseline.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { buildReport, type Report } from '../../src/report/model.js';
import type { Severity } from '../../src/rule.js';
import { snapshotSchema, type Snapshot } from '../../src/snapshot/schema.js';

export const DEMO_PATH = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
export const NOW = new Date('2026-11-02T08:00:00.000Z');

export function demoSnapshot(): Snapshot {
  return snapshotSchema.parse(JSON.parse(readFileSync(DEMO_PATH, 'utf8'))) as Snapshot;
}

/** The demo account's report, built in-process as `aws-tips audit --demo` builds it. */
export function demoReport(opts: { failOn?: Severity; minScore?: number; suppressions?: Suppression[]; baseline?: BaselineReport; snapshot?: Snapshot } = {}): Report {
  const snapshot = opts.snapshot ?? demoSnapshot();
  const results = evaluate(snapshot, selectRules(RULES, emptyConfig(), {}));
  return buildReport({
    snapshot,
    results,
    toolVersion: '0.0.0-test',
    source: { kind: 'demo' },
    failOn: opts.failOn ?? 'low',
    minScore: opts.minScore,
    suppressions: opts.suppressions,
    baseline: opts.baseline ? { file: 'baseline.json', report: opts.baseline } : undefined,
    now: NOW,
  });
}

/** A copy of a report whose resource strings are hostile: markup, formulas, control characters. */
export function hostileReport(report: Report): Report {
  const r = structuredClone(report);
  const evil = [
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x","y")',
    '"><img src=x onerror=alert(2)>',
    '| pipe | `tick` **bold** [link](http://evil.example) @someone',
    'line\nbreak\u001b[31mred\u0007',
    "+cmd|' /C calc'!A0",
    ']]><!-- &amp; -->',
  ];
  r.findings = r.findings.map((f, i) => {
    const e = evil[i % evil.length]!;
    return { ...f, message: `${e} ${f.message}`, resource: { ...f.resource, id: e, tags: { Name: e } } };
  });
  r.findings[0] = { ...r.findings[0]!, message: '=1+1', resource: { ...r.findings[0]!.resource, id: '@SUM(A1)' } };
  return r;
}
