/**
 * Resource names, tags and messages come from the account: someone else may have written them.
 * Control characters (ANSI escapes, newlines) are shown escaped, never interpreted by the terminal.
 */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
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
