import type { Report } from '../engine/report.js';

export interface RenderOptions {
  color: boolean;
  width?: number;
  verbose?: boolean;
  /** terminal: only what gates, and the summary. */
  quiet?: boolean;
  /** sarif, ocsf, asff: also list passed and advisory findings (--include-passed). */
  includePassed?: boolean;
}

/**
 * Every output format: a pure function of the report, loaded only when asked for. A renderer may
 * return its text in pieces (json does: a large report is longer than a JavaScript string can be).
 */
export const FORMATS: Record<string, () => Promise<(report: Report, opts: RenderOptions) => string | Iterable<string>>> = {
  terminal: async () => (await import('./terminal.js')).renderTerminalChunks,
  json: async () => (await import('./json.js')).renderJsonChunks,
  sarif: async () => (await import('./sarif.js')).renderSarif,
  junit: async () => (await import('./junit.js')).renderJunitChunks,
  markdown: async () => (await import('./markdown.js')).renderMarkdownChunks,
  csv: async () => (await import('./csv.js')).renderCsvChunks,
  html: async () => (await import('./html.js')).renderHtml,
  ocsf: async () => (await import('./ocsf.js')).renderOcsf,
  asff: async () => (await import('./asff.js')).renderAsff,
};

export interface FormatTarget {
  format: string;
  /** undefined: standard output. */
  file?: string;
  /** The file came from --output (for messages that name the flag the user gave). */
  fromOutput?: boolean;
}

/** `--format json=out.json --format terminal`: at most one format without a file (it goes to stdout). */
export function parseFormats(values: string[], output: string | undefined, defaultFormat: string): FormatTarget[] {
  const targets: FormatTarget[] = (values.length ? values : [defaultFormat]).map((v) => {
    const eq = v.indexOf('=');
    const format = (eq < 0 ? v : v.slice(0, eq)).trim();
    const file = eq < 0 ? undefined : v.slice(eq + 1);
    // Own keys only: `in` would also see what every object inherits (constructor, __proto__, toString).
    if (!Object.hasOwn(FORMATS, format)) throw new Error(`--format: unknown format "${format}" (one of: ${Object.keys(FORMATS).join(', ')})`);
    if (file === '') throw new Error(`--format ${format}=: missing file name`);
    return { format, file };
  });
  const toStdout = targets.filter((t) => !t.file);
  if (toStdout.length > 1) throw new Error('--format: only one format can go to standard output; give the others a file (json=FILE)');
  if (output) {
    if (toStdout.length === 0) throw new Error('--output: every --format already names its file');
    toStdout[0]!.file = output;
    toStdout[0]!.fromOutput = true;
  }
  return targets;
}
