import { once } from 'node:events';
import { fstatSync } from 'node:fs';
import { UsageError, errorMessage, oneLine } from '../errors.js';
import { isCharacterDevice, missingFolder, outputIdentity, writeErrorReason, writeOutput } from '../io.js';
import { FORMATS, type FormatTarget, type RenderOptions } from '../report/formats.js';

type Formats = typeof FORMATS;
type Report = Parameters<Awaited<ReturnType<Formats[string]>>>[0];

/** The flag the user wrote for an output: `--output FILE` or `--format F=FILE`. */
const flag = (t: FormatTarget) => (t.fromOutput ? `--output ${t.file}` : `--format ${t.format}=${t.file}`);

/**
 * Refuses, before any work, outputs that cannot be written or would destroy something: a file in a
 * missing folder, two outputs to one file (through a symlink or a symlinked folder too: compared by
 * device and inode, or by real folder), an output that is the --snapshot input, or a file that is
 * also standard output where another format goes. Character devices (/dev/null) may take several.
 */
export function checkOutputs(targets: FormatTarget[], inputs: { snapshot?: string; reports?: string[] } = {}): void {
  const snapshot = inputs.snapshot ? outputIdentity(inputs.snapshot) : undefined;
  // `merge`'s input reports: an output that is one of them would overwrite it.
  const reports = new Map((inputs.reports ?? []).map((r) => [outputIdentity(r), r]));
  const seen = new Map<string, FormatTarget>();
  for (const t of targets) {
    if (!t.file) continue;
    const missing = missingFolder(t.file);
    if (missing) throw new UsageError(`cannot write ${t.format} report ${t.file}: ${missing}`);
    if (isCharacterDevice(t.file)) continue;
    const id = outputIdentity(t.file);
    if (id === snapshot) throw new UsageError(`${flag(t)} is the --snapshot input: it would be overwritten`);
    if (reports.has(id)) throw new UsageError(`${flag(t)} is the input report ${reports.get(id)}: it would be overwritten`);
    const other = seen.get(id);
    if (other) throw new UsageError(`${flag(other)} and ${flag(t)} write the same file: give each output its own`);
    seen.set(id, t);
  }
  const toStdout = targets.find((t) => !t.file);
  if (toStdout) {
    const other = seen.get(stdoutIdentity() ?? '');
    if (other) throw new UsageError(`${flag(other)} is standard output, where ${toStdout.format} goes too: give each output its own`);
  }
}

function stdoutIdentity(): string | undefined {
  try {
    const st = fstatSync(1);
    return st.isCharacterDevice() ? undefined : `inode:${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** collect --output: a missing folder is said before a collection that may take minutes. */
export function checkSnapshotOutput(file: string): void {
  const missing = missingFolder(file);
  if (missing) throw new UsageError(`cannot write snapshot ${file}: ${missing}`);
}

/** An exception thrown by a renderer while its pieces were being written (not a write error). */
class RenderError extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original));
  }
}

function* tagRenderErrors(pieces: Iterable<string>): Generator<string> {
  try {
    yield* pieces;
  } catch (err) {
    throw new RenderError(err);
  }
}

const renderFailure = (t: FormatTarget, err: unknown) => oneLine(`cannot render ${t.format} report: ${errorMessage(err)}`);

async function toStdout(text: string | Iterable<string>): Promise<void> {
  // A failed write to standard output (a full disk) is reported by the stream's error handler (bin/aws-tips.js).
  if (typeof text === 'string') process.stdout.write(text);
  else for (const chunk of text) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

/**
 * Renders and writes every output on its own: a format that fails to render or a file that cannot be
 * written does not stop the others. Returns one line per failure (the caller prints them and exits 2).
 * Files are written by writeOutput (atomic for regular files, in place for FIFOs and devices).
 */
export async function writeReports(
  report: Report,
  targets: FormatTarget[],
  renderOpts: RenderOptions,
  formats: Formats = FORMATS,
): Promise<string[]> {
  const failures: string[] = [];
  for (const t of targets) {
    let text: string | Iterable<string>;
    try {
      const render = await formats[t.format]!();
      // A report written to a file is plain and wraps at 80 columns.
      text = render(report, t.file ? { ...renderOpts, color: false, width: 80 } : renderOpts);
    } catch (err) {
      failures.push(renderFailure(t, err));
      continue;
    }
    const pieces = typeof text === 'string' ? text : tagRenderErrors(text);
    try {
      if (t.file) await writeOutput(t.file, pieces);
      else await toStdout(pieces);
    } catch (err) {
      if (err instanceof RenderError) failures.push(renderFailure(t, err.original));
      else failures.push(oneLine(`cannot write ${t.format} report ${t.file}: ${writeErrorReason(err, t.file!)}`));
    }
  }
  return failures;
}
