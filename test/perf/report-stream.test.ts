/**
 * The JSON report in pieces (renderJsonChunks, for reports longer than a JavaScript string can be) is
 * byte for byte the text JSON.stringify(report, null, 2) gives.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { DEMO_SNAPSHOT } from '../../src/paths.js';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import { renderAsff } from '../../src/report/asff.js';
import type { RenderOptions } from '../../src/report/formats.js';
import { BATCH } from '../../src/report/json-stream.js';
import { renderOcsf } from '../../src/report/ocsf.js';
import { renderSarif } from '../../src/report/sarif.js';
import { bigReport } from '../report/big-report.js';
import { buildReport } from '../../src/engine/verdict.js';
import { type Report } from '../../src/engine/report.js';
import { readSnapshot } from '../../src/snapshot/io.js';

function demoReport(): Report {
  const snapshot = readSnapshot(DEMO_SNAPSHOT);
  const results = evaluate(snapshot, selectRules(RULES, { rules: {} } as never, {}));
  return buildReport({ snapshot, results, toolVersion: 'test', source: { kind: 'demo' }, failOn: 'low', now: new Date('2026-11-01T10:00:00Z') });
}

describe('renderJsonChunks', () => {
  it('gives the same text as one JSON.stringify, for the demo report', () => {
    const report = demoReport();
    expect(report.findings.length).toBeGreaterThan(10);
    const chunks = [...renderJsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(renderJson(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('with several batches of findings, and with none', () => {
    const report = demoReport();
    const many = { ...report, findings: Array.from({ length: 4500 }, (_, i) => report.findings[i % report.findings.length]!) };
    expect([...renderJsonChunks(many)].join('')).toBe(`${JSON.stringify(many, null, 2)}\n`);
    const none = { ...report, findings: [] };
    expect([...renderJsonChunks(none)].join('')).toBe(`${JSON.stringify(none, null, 2)}\n`);
  });

  it('a report compared with a baseline: its fixed findings are written in batches too', () => {
    const report = demoReport();
    const f = report.findings.find((x) => x.status === 'fail')!;
    const fixed = Array.from({ length: 20000 }, (_, i) => ({ key: `${i}`.padStart(32, '0'), account: f.account, ruleId: f.ruleId, status: f.status, severity: f.severity, resource: f.resource, message: f.message }));
    const compared = { ...report, baseline: { file: 'before.json', generatedAt: report.generatedAt, counts: { new: 0, unchanged: 0, fixed: fixed.length }, fixed } };
    const chunks = [...renderJsonChunks(compared as Report)];
    expect(chunks.join('')).toBe(`${JSON.stringify(compared, null, 2)}\n`);
    // As the findings: a batch of them a piece, not the whole list in one string.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(BATCH * 2000);
  });

  it('a finding whose text looks like the placeholder does not confuse it', () => {
    const report = demoReport();
    const f = { ...report.findings[0]!, message: '\u0000aws-tips-findings\u0000', evidence: { findings: '\u0000aws-tips-findings\u0000' } };
    const odd = { ...report, findings: [f, f] };
    expect([...renderJsonChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});

/**
 * A report whose findings count every read of an element: a renderer that maps all findings before it
 * writes (a second full array in memory: filter then map, or a string of the whole document) reads
 * them all before its first piece, or reads each twice.
 */
function countingReport(report: Report) {
  const reads = new Map<number, number>();
  const findings = new Proxy(report.findings, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads.set(Number(prop), (reads.get(Number(prop)) ?? 0) + 1);
      return Reflect.get(target, prop, receiver);
    },
  });
  return { report: { ...report, findings }, reads };
}

const STREAMING: Record<string, (report: Report, opts: Pick<RenderOptions, 'includePassed'>) => string | Iterable<string>> = {
  json: (r) => renderJsonChunks(r),
  sarif: renderSarif,
  ocsf: renderOcsf,
  asff: renderAsff,
};

describe('the JSON-family renderers map findings as they write them', () => {
  const big = bigReport(20000);

  it.each(Object.keys(STREAMING))('%s reads each finding once, about a batch of them for each piece it writes', (format) => {
    const { report, reads } = countingReport(big);
    const out = STREAMING[format]!(report, { includePassed: true });
    const pieces = (typeof out === 'string' ? [out] : out)[Symbol.iterator]();
    // Findings read to make each piece (from the call to the piece): a batch, with those left out (SARIF's errors).
    const perPiece: number[] = [reads.size];
    for (let before = reads.size; !pieces.next().done; before = reads.size) perPiece.push(reads.size - before);
    expect(perPiece.length).toBeGreaterThan(big.findings.length / (2 * BATCH));
    expect(Math.max(...perPiece)).toBeLessThanOrEqual(2 * BATCH);
    expect(reads.size).toBe(big.findings.length);
    expect(Math.max(...reads.values())).toBe(1);
  }, 60_000);
});
