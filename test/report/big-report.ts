/**
 * Large reports for the streaming renderers' tests: the demo report's findings repeated until there
 * are `count`, each with its own key and resource (so per-resource grouping sees `count` resources).
 */
import type { Report, ReportFinding } from '../../src/engine/report.js';
import { demoReport } from './demo-report.js';

export function bigReport(count: number, base: Report = demoReport()): Report {
  const src = base.findings;
  const findings: ReportFinding[] = Array.from({ length: count }, (_, i) => {
    const f = src[i % src.length]!;
    const n = Math.floor(i / src.length);
    if (n === 0) return f;
    return { ...f, key: `${f.key.slice(0, 8)}-${n}`, resource: { ...f.resource, id: `${f.resource.id}-${n}`, arn: `${f.resource.arn}-${n}` } };
  });
  return { ...base, findings };
}

/** A renderer's output as pieces: strings stay as one piece. */
export function pieces(out: string | Iterable<string>): string[] {
  return typeof out === 'string' ? [out] : [...out];
}

/** The longest piece a streaming renderer may yield: a batch of findings, never the whole report. */
export const MAX_PIECE = 1 << 20;

/** The text of an OCSF or ASFF file: a JSON array, one record a line (`[]` when empty), then a newline. */
export function oneRecordALine(records: unknown[]): string {
  return records.length ? `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n` : '[]\n';
}
