import type { Report } from '../engine/report.js';
import { jsonPieces, streamedArray } from './json-stream.js';

/** The whole report, pretty-printed (2 spaces), as one string. */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/**
 * The same text as renderJson, in pieces: a large account's report (a million findings is about
 * 900 MB) is longer than the longest string V8 can build, so its findings, not-checked entries and the
 * baseline's fixed findings are stringified a batch at a time between the parts before and after them.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const baseline = report.baseline && { ...report.baseline, fixed: streamedArray(report.baseline.fixed) };
  yield* jsonPieces({ ...report, baseline, findings: streamedArray(report.findings), notChecked: streamedArray(report.notChecked) }, { indent: 2, end: '\n' });
}
