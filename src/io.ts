import { randomBytes } from 'node:crypto';
import {
  close,
  constants,
  fsync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  write,
  type Stats,
} from 'node:fs';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Temp files being written: removed if the process is interrupted, so no half-written file is left. */
export const pendingTempFiles = new Set<string>();

export function removePendingTempFiles(): void {
  for (const f of pendingTempFiles) rmSync(f, { force: true });
  pendingTempFiles.clear();
}

/**
 * I/O on a pipe or a device in progress: a FIFO's open waits for the other end, its reads and writes for the peer, on
 * one of libuv's threads. process.exit joins those threads, so the signal handler (cli.ts) cannot exit while one waits:
 * it lets the signal itself end the process instead.
 */
let pipeWaits = 0;
export async function onPipe<T>(work: () => Promise<T>): Promise<T> {
  pipeWaits += 1;
  try {
    return await work();
  } finally {
    pipeWaits -= 1;
  }
}
export const waitingOnPipe = (): boolean => pipeWaits > 0;

export type OutputData = string | Uint8Array | Iterable<string>;

const writeAsync = (fd: number, buf: Uint8Array) =>
  new Promise<number>((res, rej) => write(fd, buf, 0, buf.length, null, (err, n) => (err ? rej(err) : res(n))));
const fsyncAsync = (fd: number) => new Promise<void>((res, rej) => fsync(fd, (err) => (err ? rej(err) : res())));
const closeAsync = (fd: number) => new Promise<void>((res, rej) => close(fd, (err) => (err ? rej(err) : res())));

/** Short whatever the target's name (a 250-character name must still leave room for it) and unguessable. */
const randomTempName = () => randomBytes(8).toString('hex');
const tempPath = (dir: string, random: string) => join(dir, `.aws-tips-${random}.tmp`);

/**
 * Creates a new temp file in `dir`, exclusively: O_CREAT | O_EXCL fails on any file or symlink
 * already there (a planted one is never written through), O_NOFOLLOW refuses a symlink outright, and
 * the name is random. The mode applies from creation (a snapshot is never readable by others, even
 * half-written). A name that happens to exist is skipped for another random one.
 */
export function createTempFile(dir: string, mode: number, random: () => string = randomTempName): { path: string; fd: number } {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  for (let attempt = 0; ; attempt++) {
    const path = tempPath(dir, random());
    try {
      return { path, fd: openSync(path, flags, mode) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 9) throw err;
    }
  }
}

/** The path behind symlinks (a missing last target is kept as a new path), without requiring it to exist. */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  return p; // a loop: the open below fails with ELOOP
}

/** /dev/stdout, /dev/fd/3, /proc/self/fd/3 (what `>(cmd)` names): a descriptor, written where it points. */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:stdout|stderr|fd\/\d+)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;

/**
 * Whether a target is written in place rather than replaced: a descriptor path, or an existing file
 * that is not a regular file or folder (a FIFO, a character device such as /dev/null, a socket).
 */
export function isStreamTarget(path: string): boolean {
  if (DESCRIPTOR_PATH.test(resolve(path))) return true;
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/**
 * What a target is, for comparing outputs and inputs: the device and inode of an existing file (so a
 * symlink or hard link is its target), else the real path of the folder it would be created in.
 */
export function outputIdentity(path: string): string {
  try {
    const st = statSync(path);
    return `inode:${st.dev}:${st.ino}`;
  } catch {
    const p = followLinks(path);
    let dir = dirname(p);
    try {
      dir = realpathSync(dir);
    } catch {
      // a missing folder: its own name is the best identity there is
    }
    return `path:${join(dir, basename(p))}`;
  }
}

/** Whether the target is a character device (/dev/null, a terminal): several outputs may share one. */
export function isCharacterDevice(path: string): boolean {
  try {
    return statSync(path).isCharacterDevice();
  } catch {
    return false;
  }
}

/** The folder a new file would be written in, when it does not exist or is not a folder (else undefined). */
export function missingFolder(path: string): string | undefined {
  if (isStreamTarget(path)) return undefined;
  const dir = dirname(followLinks(path));
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? `${firstNonFolder(dir)} is not a folder` : `folder ${dir} does not exist`;
  }
  return undefined;
}

/** The first component of `dir` that exists but is not a folder. */
function firstNonFolder(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) return dir;
      return d;
    } catch {
      if (dirname(d) === d) return dir;
    }
  }
}

/**
 * Why writing `target` failed, in a few words for one stderr line: the folder that is missing, or the
 * error code. Never the temp file's path (the user did not name it).
 */
export function writeErrorReason(err: unknown, target: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return missingFolder(target) ?? e.code;
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'ENOSPC':
      return 'no space left on device (ENOSPC)';
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENAMETOOLONG':
      return 'file name too long (ENAMETOOLONG)';
    default:
      return e?.code ?? (err instanceof Error ? err.message : String(err));
  }
}

const PIECE = 1 << 20;

/**
 * Pieces of at most about 1 MiB (fewer system calls for many small chunks, no copy of a huge string):
 * chunks are encoded straight into the piece's buffer, no joined string in between. A fresh buffer per
 * piece, since a stream may still hold the last one.
 */
function* buffers(data: OutputData): Generator<Uint8Array> {
  if (typeof data === 'string') return yield Buffer.from(data);
  if (data instanceof Uint8Array) return yield data;
  let piece = Buffer.allocUnsafe(PIECE);
  let used = 0;
  for (const chunk of data) {
    // At most 3 bytes of UTF-8 per UTF-16 unit: a chunk that might not fit closes the piece first.
    if (chunk.length * 3 > PIECE - used) {
      if (used > 0) {
        yield piece.subarray(0, used);
        piece = Buffer.allocUnsafe(PIECE);
        used = 0;
      }
      if (chunk.length * 3 > PIECE) {
        yield Buffer.from(chunk);
        continue;
      }
    }
    used += piece.write(chunk, used);
  }
  if (used > 0) yield piece.subarray(0, used);
}

async function writeAll(fd: number, data: OutputData): Promise<void> {
  for (const buf of buffers(data)) for (let off = 0; off < buf.length; ) off += await writeAsync(fd, buf.subarray(off));
}

/** One turn of the event loop: a signal that arrived meanwhile is handled (the process exits) before going on. */
const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * Writes an output file. A regular file (or a new path) is written atomically: a temp file in the
 * same folder, flushed, then renamed over the target, so a reader sees the old file or the new one.
 * A symlink to a file replaces the file it points to. A FIFO, a character device (/dev/null) or a
 * descriptor path (/dev/stdout, /dev/fd/N, `>(cmd)`) is opened and written in place: replacing it
 * would break it. Writes are asynchronous, so a signal (Ctrl-C) is acted on during a long write; the
 * rename happens only if none came, so an interrupted write leaves the previous file as it was.
 * `data` may come in pieces (a report too large for one string).
 */
export async function writeOutput(path: string, data: OutputData, mode = 0o644): Promise<void> {
  if (isStreamTarget(path)) return streamTo(path, data);
  const target = followLinks(path);
  const { path: tmp, fd } = createTempFile(dirname(target), mode);
  pendingTempFiles.add(tmp);
  try {
    try {
      await writeAll(fd, data);
      await fsyncAsync(fd);
    } finally {
      await closeAsync(fd);
    }
    await turn();
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pendingTempFiles.delete(tmp);
  }
}

/** The descriptor of this process a descriptor path names (/dev/stdout: 1), else undefined. */
function ownDescriptor(path: string): number | undefined {
  const p = resolve(path);
  if (p === '/dev/stdout') return 1;
  if (p === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(?:self|thread-self|(\d+))\/fd)\/(\d+)$/.exec(p);
  if (!m || (m[1] !== undefined && Number(m[1]) !== process.pid)) return undefined;
  return Number(m[2]);
}

function streamTo(path: string, data: OutputData): Promise<void> {
  return onPipe(() => streamToPipe(path, data));
}

async function streamToPipe(path: string, data: OutputData): Promise<void> {
  // Asynchronous open: a FIFO waits for its reader without blocking the event loop (a signal is handled meanwhile).
  // O_APPEND: a descriptor that points to a file (`>> log`) keeps what is already in it.
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
  } catch (err) {
    // A socket cannot be opened by name (ENXIO): write to the descriptor itself.
    const fd = ownDescriptor(path);
    if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || fd === undefined) throw err;
    return quietOnEpipe(writeToDescriptor(fd, data));
  }
  try {
    await quietOnEpipe(
      (async () => {
        for (const buf of buffers(data)) await handle.write(buf);
      })(),
    );
  } finally {
    await handle.close();
  }
}

/** The reader left (`>(head -1)`): like a closed standard output, not an error. */
async function quietOnEpipe(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
  }
}

async function writeToDescriptor(fd: number, data: OutputData): Promise<void> {
  // Standard output and error through their streams, so the text keeps its order with what else goes there.
  const stream = fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
  for (const buf of buffers(data)) {
    if (stream) {
      if (!stream.write(buf)) await once(stream, 'drain');
      continue;
    }
    for (let off = 0; off < buf.length; ) {
      try {
        off += await writeAsync(fd, buf.subarray(off));
      } catch (err) {
        // A non-blocking socket that is full: wait for the reader.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  }
}
