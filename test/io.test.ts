/**
 * src/io.ts: how outputs are written. Regular files (and new paths) through a temp file that is
 * created exclusively (O_EXCL | O_NOFOLLOW) under a random, short name and renamed over the target;
 * FIFOs, character devices and /dev/fd/N streamed in place, never replaced.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTempFile, outputIdentity, pendingTempFiles, writeErrorReason, writeOutput } from '../src/io.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'aws-tips-io-'));
const TEMP = /^\.aws-tips-[0-9a-f]{16}\.tmp$/;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Data in pieces that calls `during` between the first and the second piece (the temp file is open then). */
function* pieces(during: () => void): Generator<string> {
  yield 'first ';
  during();
  yield 'second';
}

describe('temp files: exclusive, random, short, owner-only when asked', () => {
  it('a symlink planted at the old-style temp name is not written through', async () => {
    const dir = fresh();
    const victim = join(fresh(), 'victim');
    writeFileSync(victim, 'untouched');
    const target = join(dir, 'report.json');
    // The old name was `.<target>.<pid>.<Date.now()>.tmp`: with the clock pinned, it is known in advance.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    symlinkSync(victim, join(dir, `.report.json.${process.pid}.1700000000000.tmp`));
    await writeOutput(target, 'new report');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(target).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new report');
  });

  it('the temp name is random and short (.aws-tips-<16 hex>.tmp), in the target folder', async () => {
    const dir = fresh();
    const seen: string[] = [];
    for (let i = 0; i < 2; i++)
      await writeOutput(join(dir, `${'x'.repeat(200)}.json`), pieces(() => seen.push(...readdirSync(dir).filter((n) => n.startsWith('.')))));
    expect(seen).toHaveLength(2);
    for (const name of seen) expect(name).toMatch(TEMP);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('a file or symlink already at the chosen name is never used: another random name is taken', () => {
    const dir = fresh();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(dir, '.aws-tips-aaaaaaaaaaaaaaaa.tmp'));
    writeFileSync(join(dir, '.aws-tips-bbbbbbbbbbbbbbbb.tmp'), 'planted');
    const names = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];
    const { path, fd } = createTempFile(dir, 0o600, () => names.shift()!);
    closeSync(fd);
    expect(basename(path)).toBe('.aws-tips-cccccccccccccccc.tmp');
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(dir, '.aws-tips-bbbbbbbbbbbbbbbb.tmp'), 'utf8')).toBe('planted');
  });

  it('a snapshot temp file is owner-only (0600) from its creation, not only after the rename', async () => {
    const dir = fresh();
    const modes: number[] = [];
    const during = () => {
      for (const n of readdirSync(dir)) if (TEMP.test(n)) modes.push(statSync(join(dir, n)).mode & 0o777);
    };
    const old = process.umask(0);
    try {
      await writeOutput(join(dir, 'snap.json'), pieces(during), 0o600);
    } finally {
      process.umask(old);
    }
    expect(modes).toEqual([0o600]);
    expect(statSync(join(dir, 'snap.json')).mode & 0o777).toBe(0o600);
  });

  it('an output name of 250 characters is written: the temp name does not grow with it', async () => {
    const dir = fresh();
    const target = join(dir, `${'r'.repeat(245)}.json`);
    await writeOutput(target, 'ok');
    expect(readFileSync(target, 'utf8')).toBe('ok');
    expect(readdirSync(dir)).toEqual([basename(target)]);
  });
});

describe('regular files: atomic replacement', () => {
  it('replaces the file whole; no temp file stays; a failure leaves the previous file', async () => {
    const dir = fresh();
    const target = join(dir, 'report.json');
    writeFileSync(target, 'old');
    await expect(
      writeOutput(
        target,
        pieces(() => {
          throw new Error('render failed');
        }),
      ),
    ).rejects.toThrow('render failed');
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
    await writeOutput(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(pendingTempFiles.size).toBe(0);
  });

  it('a symlink to a regular file: the file it points to is replaced, the link stays', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    await writeOutput(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('a write error names the target folder or the cause, never the temp path', async () => {
    const dir = fresh();
    const missing = join(dir, 'missing', 'snap.json');
    const err = await writeOutput(missing, 'x').catch((e: unknown) => e);
    expect(writeErrorReason(err, missing)).toBe(`folder ${join(dir, 'missing')} does not exist`);
    mkdirSync(join(dir, 'a-folder'));
    const err2 = await writeOutput(join(dir, 'a-folder'), 'x').catch((e: unknown) => e);
    expect(writeErrorReason(err2, join(dir, 'a-folder'))).toBe('it is a folder');
    writeFileSync(join(dir, 'file'), '');
    const err3 = await writeOutput(join(dir, 'file', 'x.json'), 'x').catch((e: unknown) => e);
    expect(writeErrorReason(err3, join(dir, 'file', 'x.json'))).toBe(`${join(dir, 'file')} is not a folder`);
    for (const reason of [err, err2, err3].map((e) => writeErrorReason(e, 'x'))) expect(reason).not.toMatch(/aws-tips-|\.tmp/);
  });
});

describe('special files: streamed in place, never replaced', () => {
  it('a FIFO is opened and written to its reader, and stays a FIFO', async () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const closed = once(reader, 'close');
    let got = '';
    reader.stdout.on('data', (d) => (got += d));
    try {
      await writeOutput(fifo, pieces(() => undefined));
      await closed;
    } finally {
      if (reader.exitCode === null) reader.kill();
    }
    expect(got).toBe('first second');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('a FIFO whose reader left (EPIPE) is not an error', async () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    spawnSync('mkfifo', [fifo]);
    const reader = spawn('head', ['-c', '1', fifo]);
    const closed = once(reader, 'close');
    try {
      // Far more than a pipe buffer holds, so the writer is still writing when the reader is gone.
      await writeOutput(fifo, (function* () {
        for (let i = 0; i < 200; i++) yield 'x'.repeat(65_536);
      })());
      await closed;
    } finally {
      if (reader.exitCode === null) reader.kill();
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('/proc/self/fd/N (what /dev/fd/N and >(cmd) resolve to) is written to that descriptor', () => {
    // A child process with a pipe as fd 3, writing there through the path.
    const script = `
      const { writeOutput } = await import(${JSON.stringify(new URL('../src/io.ts', import.meta.url).pathname)});
      await writeOutput('/proc/self/fd/3', 'to fd 3');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.output[3]).toBe('to fd 3');
  });

  it('identity: two names of one file (a symlink, a new path in a symlinked folder) are one output', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a.json'), '');
    symlinkSync('a.json', join(dir, 'b.json'));
    symlinkSync(dir, join(dir, 'same-folder'));
    expect(outputIdentity(join(dir, 'b.json'))).toBe(outputIdentity(join(dir, 'a.json')));
    expect(outputIdentity(join(dir, 'same-folder', 'new.json'))).toBe(outputIdentity(join(dir, 'new.json')));
    expect(outputIdentity(join(dir, 'new.json'))).not.toBe(outputIdentity(join(dir, 'a.json')));
    symlinkSync('dangling-target.json', join(dir, 'dangling.json'));
    expect(outputIdentity(join(dir, 'dangling.json'))).toBe(outputIdentity(join(dir, 'dangling-target.json')));
    rmSync(join(dir, 'a.json'));
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
  });
});
