/**
 * `--accounts` / `--exclude-accounts` values: account ids inline or in @FILE. Apart from discovery (accounts.ts)
 * so that the CLI's flag parsing loads no SDK module (`aws-tips rules` and `--help` stay fast).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { showValue } from './show.js';

/** An AWS account id: exactly 12 digits (Organizations API reference, Account.Id: `^\d{12}$`). */
export const ACCOUNT_ID = /^[0-9]{12}$/;

/** Reads a whole file as UTF-8 text (injected by tests); throws an errno error when it cannot. */
export type ReadFile = (path: string) => string;

/** Largest @FILE read: a million account ids take 13 MB; anything far larger is not a list of ids. */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads at most MAX_LIST_FILE_BYTES + 1 bytes, chunk by chunk: a huge file or an endless one
 * (/dev/zero, a FIFO fed forever) fails with EFBIG instead of filling the memory.
 */
export const readListFile: ReadFile = (path) => {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > MAX_LIST_FILE_BYTES)
        throw Object.assign(new Error(`larger than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MB`), { code: 'EFBIG' });
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
};

export interface ParseAccountListOptions {
  /** The flag named in error messages: `--accounts` (default) or `--exclude-accounts`. */
  flag?: string;
}

/**
 * Reads `--accounts` / `--exclude-accounts`: `111111111111,222222222222` (ids separated by commas or
 * white space, so `"$(cat ids)"` works too) or `@FILE` (one id a line; `#` starts a comment, blank lines are skipped, spaces trimmed).
 * Every id must be exactly 12 digits; duplicates are dropped, first order kept; at least one id.
 * A bad id is a UsageError naming it (shown quoted, cut short, invisible characters escaped) and, in a
 * file, its line; an unreadable file is a UsageError with the errno code. Linear in the input.
 *
 * As a commander option parser, wrap it (`(v) => parseAccountList(v, undefined, { flag })`): commander
 * passes the previous value as the second argument.
 */
export function parseAccountList(value: string, readFile: ReadFile = readListFile, opts: ParseAccountListOptions = {}): string[] {
  const flag = opts.flag ?? '--accounts';
  const ids = new Set<string>();
  if (value.startsWith('@')) {
    const path = value.slice(1);
    if (path.trim() === '') throw new UsageError(`${flag} @FILE: a file name is needed after @`);
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
      throw new UsageError(`${flag} @${showValue(path, 200)}: cannot read the file (${code})`);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let line = 0;
    let start = 0;
    // One pass, no regex over the whole text: each line is looked at once.
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      line++;
      const raw = text.slice(start, end);
      const hash = raw.indexOf('#');
      const id = (hash < 0 ? raw : raw.slice(0, hash)).trim();
      if (id !== '') {
        if (!ACCOUNT_ID.test(id))
          throw new UsageError(`${flag} @${showValue(path, 200)} line ${line}: ${showValue(id)} is not an AWS account id (12 digits)`);
        ids.add(id);
      }
      start = end + 1;
    }
    if (ids.size === 0) throw new UsageError(`${flag} @${showValue(path, 200)}: the file holds no account id`);
    return [...ids];
  }
  for (const item of value.split(/[,\s]+/)) {
    const id = item.trim();
    if (id === '') continue;
    if (!ACCOUNT_ID.test(id)) throw new UsageError(`${flag}: ${showValue(id)} is not an AWS account id (12 digits); give ids separated by commas, or @FILE`);
    ids.add(id);
  }
  if (ids.size === 0) throw new UsageError(`${flag}: no account id given; give ids separated by commas, or @FILE`);
  return [...ids];
}
