import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temp files being written: removed if the process is interrupted, so no half-written file is left. */
export const pendingTempFiles = new Set<string>();

export function removePendingTempFiles(): void {
  for (const f of pendingTempFiles) rmSync(f, { force: true });
  pendingTempFiles.clear();
}

/**
 * Writes a file atomically: a temp file in the same folder, flushed, then renamed over the target.
 * `data` may come in pieces (a report too large for one string).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>, mode = 0o644): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  pendingTempFiles.add(tmp);
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      else for (const chunk of data) writeSync(fd, Buffer.from(chunk));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pendingTempFiles.delete(tmp);
  }
}
