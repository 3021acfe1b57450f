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

export function renderCsv(report: Report): string {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const rows = report.findings.map((f) => {
    const rule = rules.get(f.ruleId);
    return [
      f.ruleId,
      rule?.section ?? '',
      rule?.title ?? '',
      f.status,
      f.severity,
      f.suppressed ? 'yes' : 'no',
      f.suppressed?.reason ?? '',
      f.suppressed?.expires ?? '',
      f.baseline ?? '',
      f.account,
      f.resource.region,
      f.resource.id,
      f.resource.arn,
      f.resource.tags ? JSON.stringify(f.resource.tags) : '',
      f.message,
      JSON.stringify(f.evidence),
      (rule?.compliance ?? []).map((c) => `${c.framework}/${c.control}`).join(' '),
    ].map((cell) => neutralizeFormula(escapeInvisible(cell)));
  });
  return stringify([[...CSV_COLUMNS], ...rows], { quoted: true, record_delimiter: 'windows' });
}
