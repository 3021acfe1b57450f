import { stringify } from 'csv-stringify/sync';
import type { Report } from '../engine/report.js';
import { escapeInvisible } from './text.js';

/**
 * One row per finding, RFC 4180 (csv-stringify): a header row, comma separated, CRLF line ends, every
 * field quoted (so line breaks inside a message stay inside their field), quotes doubled.
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, and
 * resource names and tags are chosen by whoever can create resources in the account: such a cell
 * gets a leading apostrophe (OWASP "CSV injection"), which spreadsheets show as text. Bidi controls, invisible,
 * control and non-XML characters are shown escaped (`\u202e`, as in every human-facing format); tabs and line
 * breaks stay, inside their quoted field. An escape inside a JSON cell (tags, evidence) is still the same JSON.
 * `controls`: the framework controls the finding's rule checks, `<framework>/<control>` joined by a space.
 * `account`: the AWS account of the finding's resource (an organization's report holds several), before its region.
 */

export const CSV_COLUMNS = [
  'rule', 'section', 'title', 'status', 'severity', 'suppressed', 'suppression_reason', 'suppression_expires', 'baseline',
  'account', 'region', 'resource_id', 'resource_arn', 'resource_tags', 'message', 'evidence', 'controls',
] as const;

export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Findings per piece: each batch of rows is stringified on its own and dropped (a million rows are ~600 MB of text). */
const BATCH = 500;

/** The whole CSV as one string (small reports; the CLI writes renderCsvChunks). */
export function renderCsv(report: Report): string {
  return [...renderCsvChunks(report)].join('');
}

/**
 * The same text as renderCsv, in pieces: the header, then a batch of rows a piece, each batch stringified by
 * csv-stringify with the same options (every record stands alone, so batches joined are the records of one call).
 * The rule's cells are computed once per rule.
 */
export function* renderCsvChunks(report: Report): Generator<string> {
  const options = { quoted: true, record_delimiter: 'windows' } as const;
  const cell = (s: string) => neutralizeFormula(escapeInvisible(s));
  const rules = new Map(report.rules.map((r) => [r.id, {
    section: cell(r.section),
    title: cell(r.title),
    controls: cell(r.compliance.map((c) => `${c.framework}/${c.control}`).join(' ')),
  }]));
  const none = { section: '', title: '', controls: '' };
  yield stringify([[...CSV_COLUMNS]], options);
  let rows: string[][] = [];
  for (const f of report.findings) {
    const rule = rules.get(f.ruleId) ?? none;
    rows.push([
      cell(f.ruleId),
      rule.section,
      rule.title,
      cell(f.status),
      cell(f.severity),
      f.suppressed ? 'yes' : 'no',
      cell(f.suppressed?.reason ?? ''),
      cell(f.suppressed?.expires ?? ''),
      cell(f.baseline ?? ''),
      cell(f.account),
      cell(f.resource.region),
      cell(f.resource.id),
      cell(f.resource.arn),
      cell(f.resource.tags ? JSON.stringify(f.resource.tags) : ''),
      cell(f.message),
      cell(JSON.stringify(f.evidence)),
      rule.controls,
    ]);
    if (rows.length === BATCH) {
      yield stringify(rows, options);
      rows = [];
    }
  }
  if (rows.length) yield stringify(rows, options);
}
