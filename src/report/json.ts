import type { Report } from '../engine/report.js';

/** The whole report, pretty-printed (2 spaces), as one string. */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

const SLOT = JSON.stringify('\u0000aws-tips-findings\u0000');
// Small batches keep each string young (under V8's large-object size), so a scavenge frees it at once.
const BATCH = 100;

/**
 * The same text as renderJson, in pieces: a large account's report (a million findings is about
 * 900 MB) is longer than the longest string V8 can build, so the findings are stringified a batch
 * at a time between the parts before and after them.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  if (report.findings.length === 0) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  const text = JSON.stringify({ ...report, findings: SLOT }, null, 2);
  const marker = `\n  "findings": ${JSON.stringify(SLOT)}`;
  const at = text.indexOf(marker);
  yield `${text.slice(0, at)}\n  "findings": [\n`;
  const { findings } = report;
  // A batch stringified where the report has it ({ "findings": [...] }: elements 4 spaces in), cut out.
  const open = '{\n  "findings": [\n';
  const close = '\n  ]\n}';
  for (let i = 0; i < findings.length; i += BATCH) {
    const batch = JSON.stringify({ findings: findings.slice(i, i + BATCH) }, null, 2);
    yield `${i > 0 ? ',\n' : ''}${batch.slice(open.length, batch.length - close.length)}`;
  }
  yield `\n  ]${text.slice(at + marker.length)}\n`;
}
