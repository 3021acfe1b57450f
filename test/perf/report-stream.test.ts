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

  it('a finding whose text looks like the placeholder does not confuse it', () => {
    const report = demoReport();
    const f = { ...report.findings[0]!, message: '\u0000aws-tips-findings\u0000', evidence: { findings: '\u0000aws-tips-findings\u0000' } };
    const odd = { ...report, findings: [f, f] };
    expect([...renderJsonChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});
