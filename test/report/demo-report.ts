import { readFileSync } from 'node:fs';
import { RULES } from '../../rules/index.js';
import { emptyConfig } from '../../src/config/load.js';
import type { Suppression } from '../../src/config/schema.js';
import type { BaselineReport } from '../../src/engine/baseline.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { buildReport } from '../../src/engine/verdict.js';
import { type Report } from '../../src/engine/report.js';
import type { Severity } from '../../src/rule.js';
import type { FrameworkId } from '../../src/compliance/registry.js';
import { snapshotSchema, type Snapshot } from '../../src/snapshot/schema.js';

export const DEMO_PATH = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
export const NOW = new Date('2026-11-02T08:00:00.000Z');

export function demoSnapshot(): Snapshot {
  return snapshotSchema.parse(JSON.parse(readFileSync(DEMO_PATH, 'utf8'))) as Snapshot;
}

/** The demo account's report, built in-process as `aws-tips audit --demo` builds it. */
export function demoReport(
  opts: { failOn?: Severity; minScore?: number; suppressions?: Suppression[]; baseline?: BaselineReport; snapshot?: Snapshot; frameworks?: FrameworkId[]; rule?: string[] } = {},
): Report {
  const snapshot = opts.snapshot ?? demoSnapshot();
  const results = evaluate(snapshot, selectRules(RULES, emptyConfig(), { frameworks: opts.frameworks, rule: opts.rule }));
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
    frameworks: opts.frameworks,
    knownRules: RULES,
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

/** Bidi controls, zero-width and other invisible characters, line separators: text that reads as something else. */
export const INVISIBLE = '\u202e\u202a\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2028\u2029';
/** Characters XML 1.0 cannot carry (and UTF-8 cannot encode, for lone surrogates). */
export const NON_XML = '\ufffe\uffff\ud800x\udfff\u0000\u001b';
/** Any of them, raw. */
// eslint-disable-next-line no-control-regex
export const RAW_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]/;

/**
 * A copy of a report whose strings from the account (ids, ARNs, regions, messages, tags, what could not be
 * checked) and from the config (suppressions) carry invisible and non-XML characters.
 */
export function invisibleReport(report: Report): Report {
  const r = structuredClone(report);
  const bad = `${INVISIBLE}${NON_XML}`;
  r.findings = r.findings.map((f) => ({
    ...f,
    message: `alarm${bad} ${f.message}`,
    resource: { ...f.resource, arn: `${f.resource.arn}${bad}`, id: `name${bad}`, region: f.resource.region === 'global' ? 'global' : `${f.resource.region}${bad}`, tags: { [`Name${bad}`]: `v${bad}` } },
    ...(f.suppressed ? { suppressed: { ...f.suppressed, reason: `ok${bad}` } } : {}),
  }));
  r.notChecked = [...r.notChecked, { account: '111122223333', ruleId: r.rules[0]!.id, region: `eu-west-1${bad}`, resource: `arn${bad}`, message: `denied${bad}` }];
  r.suppressions = [
    ...r.suppressions,
    { rule: `*${bad}`, resource: `arn:*${bad}`, region: `eu${bad}`, tags: {}, reason: `why${bad}`, expires: null, status: 'unused', matched: 0 } as Report['suppressions'][number],
  ];
  return r;
}
