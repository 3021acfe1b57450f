/**
 * Characters that must never reach a reader raw from a string someone else wrote (resource names, tags,
 * messages, file names, regions): each is shown as a visible escape (`\n`, `\u001b`, `\u202e`), never
 * interpreted.
 *  - C0 and C1 controls and DEL: terminal escape sequences (CSI, OSC), bells, forged line breaks;
 *  - bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069), zero-width and other invisible format
 *    characters (U+200B-200D, U+2060-2064, U+FEFF, U+00AD, fillers, the U+E0000 tag block): text that
 *    reads differently from what it is ("Trojan Source");
 *  - U+2028/2029: line breaks to some viewers;
 *  - U+FFFE, U+FFFF and lone surrogates: not characters of XML 1.0, and not encodable in UTF-8.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeOne(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  if (c.length === 2) return `\\u{${c.codePointAt(0)!.toString(16)}}`;
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Resource names, tags and messages come from the account: someone else may have written them. Control,
 * bidi, invisible and non-XML characters (see UNSAFE) are shown escaped, never interpreted by the
 * terminal or the viewer.
 */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, escapeOne);
}

/**
 * escapeControl, except tab, line feed and carriage return, which stay: for formats where a line break
 * is data inside a quoted field (CSV) or markup whitespace (HTML), not a forged line.
 */
export function escapeInvisible(s: string): string {
  return s.replace(UNSAFE, (c) => (c === '\n' || c === '\t' || c === '\r' ? c : escapeOne(c)));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const HAS_ANSI = /\u001b\[/;
const visible = (s: string) => s.replace(ANSI, '').length;

/**
 * Greedy word wrap to `width` visible columns (colour codes do not count); the text's own leading indent is kept,
 * continuation lines get `indent`. A word longer than a line is cut only when `breakWords` is set (and the line
 * has no colour code): a shell command must stay copyable.
 *
 * Linear in the text's length: each word is measured once, and a long word is cut by index, never by slicing
 * what is left of it again and again (a 1 MiB resource name would otherwise cost gigabytes).
 */
export function wrap(text: string, width: number, indent: string, breakWords = true): string[] {
  const lead = /^ */.exec(text)![0];
  const words = text.slice(lead.length).split(' ');
  const indentWidth = visible(indent);
  const indentAnsi = HAS_ANSI.test(indent);
  const lines: string[] = [];
  let line = lead;
  let lineWidth = lead.length;
  let lineAnsi = false;
  let prefix = lead;
  for (const w of words) {
    const wWidth = visible(w);
    const wAnsi = HAS_ANSI.test(w);
    // `line` always starts with `prefix`: it is the prefix alone exactly when the lengths match.
    const empty = line.length === prefix.length;
    const candidateWidth = lineWidth + (empty ? 0 : 1) + wWidth;
    if (candidateWidth > width && !empty) {
      lines.push(line);
      prefix = indent;
      line = indent + w;
      lineWidth = indentWidth + wWidth;
      lineAnsi = indentAnsi || wAnsi;
    } else {
      line = empty ? line + w : `${line} ${w}`;
      lineWidth = candidateWidth;
      lineAnsi ||= wAnsi;
    }
    if (breakWords && lineWidth > width && width > prefix.length + 10 && !lineAnsi) {
      // No colour code in the line: its visible width is its length. Cut `width` characters, then
      // `width - indent` at a time behind the indent, while what is left is wider than a line.
      const s = line;
      lines.push(s.slice(0, width));
      prefix = indent;
      let at = width;
      const step = width - indent.length;
      if (width > indent.length + 10 && !indentAnsi) {
        while (indent.length + (s.length - at) > width) {
          lines.push(indent + s.slice(at, at + step));
          at += step;
        }
      }
      line = indent + s.slice(at);
      lineWidth = indentWidth + (s.length - at);
      lineAnsi = indentAnsi;
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}

/** The accounts of a report as its per-account tables list them. */
interface AccountLike {
  id: string;
  score: number | null;
  violations: number;
  error: string | null;
}

/**
 * Worst first, for the per-account tables: accounts that could not be audited at all, then by violations (most
 * first), then by score (lowest first; an account with nothing scored after those scored), then by id. An order of
 * what the report decided, not a verdict.
 */
export function accountsWorstFirst<T extends AccountLike>(accounts: readonly T[]): T[] {
  const score = (a: T) => a.score ?? Number.POSITIVE_INFINITY;
  return [...accounts].sort((a, b) =>
    Number(b.error !== null) - Number(a.error !== null) || b.violations - a.violations || score(a) - score(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
