/**
 * JSON files that may be longer than a JavaScript string: a report of a million findings is about 1 GB, and V8's
 * longest string is 512 MiB, so `readFileSync` + `JSON.parse` cannot read back what `audit --format json` wrote.
 * A file that fits in a string is read and parsed at once (the fast path: every report of a normal account); a
 * larger one, or one that is not a regular file (a pipe), is parsed as it streams in by @streamparser/json, into
 * the same value (`__proto__` an own key, as JSON.parse makes it), about 3x slower. Both read strict UTF-8 (bytes that
 * are not UTF-8 are an error, not replaced) and skip a leading byte-order mark.
 */
import { constants } from 'node:buffer';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { onPipe } from './io.js';

/** Why a JSON file could not be read: its reader says it in one line, in its own words. */
export class JsonFileError extends Error {
  constructor(
    readonly reason: 'read' | 'syntax' | 'size',
    message: string,
  ) {
    super(message);
  }
}

/** A regular file up to this size is read as one string: UTF-8 never has fewer bytes than the string has units. */
export const WHOLE_MAX_BYTES = constants.MAX_STRING_LENGTH;
/** Larger files are refused: what they parse to would not fit in Node's default heap (about 4 GB). */
export const JSON_FILE_MAX_BYTES = 2 * 1024 ** 3;

export interface ReadJsonOptions {
  /** Regular files up to this size are parsed whole (WHOLE_MAX_BYTES); lowered by tests to reach the streaming path. */
  wholeMaxBytes?: number;
  maxBytes?: number;
}

const gib = (n: number) => `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GiB`;

/** The file's JSON value. Errors: JsonFileError (`read` with the errno code, `syntax`, `size`). */
export async function readJsonFile(file: string, opts: ReadJsonOptions = {}): Promise<unknown> {
  // A pipe (a FIFO, `<(cmd)`, /dev/stdin) may wait on its writer indefinitely: the signal handler must know (io.ts).
  const regular = await stat(file).then((s) => s.isFile(), () => true);
  return regular ? readOpened(file, opts) : onPipe(() => readOpened(file, opts));
}

async function readOpened(file: string, opts: ReadJsonOptions): Promise<unknown> {
  const maxBytes = opts.maxBytes ?? JSON_FILE_MAX_BYTES;
  // Opened off the event loop: a FIFO's open waits for its writer, and a signal is handled meanwhile.
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw readError(err);
  }
  let bytes: Buffer | undefined;
  try {
    const info = await handle.stat();
    if (info.isFile() && info.size > maxBytes) throw new JsonFileError('size', `${info.size} bytes, over the limit of ${gib(maxBytes)}`);
    if (info.isFile() && info.size <= (opts.wholeMaxBytes ?? WHOLE_MAX_BYTES)) bytes = await handle.readFile();
  } catch (err) {
    await handle.close();
    throw err instanceof JsonFileError ? err : readError(err);
  }
  if (bytes === undefined) return parseStream(handle, maxBytes);
  await handle.close();
  try {
    // Decoded as the streaming parser decodes (strict UTF-8, a leading BOM skipped), so both paths agree on any file.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new JsonFileError('syntax', (err as Error).message);
  }
}

/**
 * A report given on the command line (`--baseline`, `merge`): its JSON value, or a UsageError of one line, "cannot read
 * <what> FILE: <why>" or "invalid <what> FILE: not JSON (<hint>)".
 */
export async function readJsonArgument(file: string, what: string, hint: string): Promise<unknown> {
  try {
    return await readJsonFile(file);
  } catch (err) {
    if (!(err instanceof JsonFileError)) throw err;
    if (err.reason === 'syntax') throw new UsageError(`invalid ${what} ${file}: not JSON (${hint})`);
    throw new UsageError(`cannot read ${what} ${file}: ${err.message}`);
  }
}

const readError = (err: unknown) => new JsonFileError('read', (err as NodeJS.ErrnoException).code ?? String(err));

/** Parses the file's bytes as they are read (and closes it); more than maxBytes is refused as it streams. */
async function parseStream(handle: FileHandle, maxBytes: number): Promise<unknown> {
  let root: { value: unknown } | undefined;
  let failure: unknown;
  let stream: ReturnType<FileHandle['createReadStream']> | undefined;
  let bytes = 0;
  try {
    const { JSONParser } = await import('@streamparser/json');
    const parser = new JSONParser({ paths: ['$'] });
    parser.onValue = ({ value, stack }) => {
      if (stack.length === 0) root = { value };
    };
    parser.onError = (err) => {
      failure ??= err;
    };
    stream = handle.createReadStream({ highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new JsonFileError('size', `over the limit of ${gib(maxBytes)}`);
      parser.write(chunk);
      if (failure) break;
    }
    if (!failure && !parser.isEnded) parser.end();
  } catch (err) {
    if (err instanceof JsonFileError) throw err;
    // The parser throws its errors from write() and end(); a read error has an errno code.
    if ((err as NodeJS.ErrnoException).code) throw readError(err);
    failure ??= err;
  } finally {
    stream?.destroy();
    await handle.close().catch(() => undefined);
  }
  if (failure || !root) throw new JsonFileError('syntax', failure instanceof Error ? failure.message : 'no JSON value');
  return root.value;
}
