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
 * continuation lines get `indent`. A word longer than a line is cut only when `breakWords` is set: a shell command
 * must stay copyable.
 */
export function wrap(text: string, width: number, indent: string, breakWords = true): string[] {
  const lead = /^ */.exec(text)![0];
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  let prefix = lead;
  for (const w of words) {
    const candidate = line === prefix ? line + w : `${line} ${w}`;
    if (visible(candidate) > width && line !== prefix) {
      lines.push(line);
      prefix = indent;
      line = indent + w;
    } else line = candidate;
    while (breakWords && visible(line) > width && width > prefix.length + 10 && !HAS_ANSI.test(line)) {
      lines.push(line.slice(0, width));
      prefix = indent;
      line = indent + line.slice(width);
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}
