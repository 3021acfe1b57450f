/**
 * Report and snapshot outputs end to end through the built CLI: special files are streamed, never
 * replaced (a FIFO, /dev/null, /dev/stdout, /dev/fd/N); a failed write is one stderr line and exit 2;
 * each format is written independently; format names are looked up as own properties; long names,
 * missing folders, two outputs to one file and an output over the input snapshot.
 *
 * Nothing here touches the host's /dev: tests that need /dev/null, /dev/full or /dev/stdout run the
 * CLI in a private mount namespace (`unshare --mount`) whose /dev is a fresh tmpfs holding only
 * those nodes; they are skipped where unshare is not allowed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/commands/outputs.js';
import type { FormatTarget } from '../../src/report/formats.js';
import { BIN, expectUsageError, isolatedEnv, run, type RunResult } from './run.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'aws-tips-outputs-'));
const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;

/** Runs the CLI without blocking (a FIFO reader runs meanwhile), with extra stdio entries (fd 3...). */
function runAsync(args: string[], opts: { cwd?: string; stdio?: ('pipe' | 'ignore')[] } = {}): Promise<RunResult & { extra: string[] }> {
  return new Promise((resolve, reject) => {
    const stdio = ['ignore', 'pipe', 'pipe', ...(opts.stdio ?? [])] as ('pipe' | 'ignore')[];
    const child = spawn(process.execPath, [BIN, ...args], { env: isolatedEnv(), cwd: opts.cwd, stdio });
    const out = stdio.map(() => '');
    child.stdio.forEach((s, i) => (s as NodeJS.ReadableStream | null)?.on('data', (d) => (out[i] += d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: out[1]!, stderr: out[2]!, extra: out.slice(3) }));
  });
}

/** Readers still running after a test (a failed write never opened their FIFO): ended by their pid. */
const readers = new Set<ChildProcess>();
afterEach(() => {
  for (const r of readers) if (r.exitCode === null && r.signalCode === null) r.kill();
  readers.clear();
});

/** A reader on a FIFO: resolves with everything read once the writer closes it. */
function readFifo(path: string): Promise<string> {
  const reader = spawn('cat', [path]);
  readers.add(reader);
  let got = '';
  reader.stdout.on('data', (d) => (got += d));
  return once(reader, 'close').then(() => got);
}

const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

/** A private /dev (tmpfs) with null, full and the descriptor links, for this one command. */
const PRIVATE_DEV = [
  'set -e',
  'mount -t tmpfs none /dev',
  'mknod -m 666 /dev/null c 1 3',
  'mknod -m 666 /dev/full c 1 7',
  'ln -s /proc/self/fd /dev/fd',
  'ln -s /proc/self/fd/1 /dev/stdout',
  'ln -s /proc/self/fd/2 /dev/stderr',
  'set +e',
].join('\n');
const canUnshare = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /mnt'], { stdio: 'ignore' }).status === 0;

/** Runs `sh -c script` in a private mount namespace with a private /dev; $AWS_TIPS is the CLI. */
function inPrivateDev(script: string, cwd?: string): RunResult {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `${PRIVATE_DEV}\n${script}`], {
    env: { ...isolatedEnv(), AWS_TIPS: `${process.execPath} ${BIN}` },
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('special files are written in place, never replaced', () => {
  it('--format json=FIFO and --output FIFO: the reader gets the report, the FIFO stays a FIFO', async () => {
    const dir = fresh();
    mkfifo(join(dir, 'a'));
    mkfifo(join(dir, 'b'));
    const readers = [readFifo(join(dir, 'a')), readFifo(join(dir, 'b'))];
    const r = await runAsync(['audit', '--demo', '--format', 'json=a', '--format', 'csv', '--output', 'b'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the demo account has violations
    const [json, csv] = await Promise.all(readers);
    expect(JSON.parse(json!).tool.name).toBe('aws-tips');
    expect(csv!.split('\n')[0]).toMatch(/^"rule",/);
    for (const f of ['a', 'b']) expect(lstatSync(join(dir, f)).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('/proc/self/fd/3 (what /dev/fd/3 and >(jq .) resolve to) is written to descriptor 3', async () => {
    const r = await runAsync(['audit', '--demo', '--format', 'json=/proc/self/fd/3', '--format', 'markdown'], { stdio: ['pipe'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.extra[0]!).tool.name).toBe('aws-tips');
    expect(r.stdout).toMatch(/^## .*aws-tips: \d+ violations/);
  });

  describe.skipIf(!canUnshare)('in a private /dev', () => {
    it('--output /dev/null and --format json=/dev/null leave /dev/null a character device', () => {
      const r = inPrivateDev(
        '$AWS_TIPS audit --demo --format json=/dev/null --format sarif=/dev/null --format csv --output /dev/null; echo "exit=$?"; stat -c %F /dev/null',
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('exit=1\ncharacter special file\n');
    });

    it('--format json=/dev/stdout and --format csv=/dev/fd/3 reach those descriptors', () => {
      const r = inPrivateDev('$AWS_TIPS audit --demo --format json=/dev/stdout --format csv=/dev/fd/3 3>"$PWD/fd3.csv"; echo "exit=$?"', fresh());
      expect(r.stderr).toBe('');
      const [json, exit] = r.stdout.split(/(?<=\}\n)(?=exit=)/);
      expect(JSON.parse(json!).tool.name).toBe('aws-tips');
      expect(exit).toBe('exit=1\n');
    });

    it('a failed write to standard output (> /dev/full) is one line, exit 2', () => {
      const r = inPrivateDev('$AWS_TIPS audit --demo >/dev/full 2>"$PWD/err"; echo "exit=$?"; cat "$PWD/err"', fresh());
      const [exit, ...lines] = r.stdout.trimEnd().split('\n');
      expect(exit).toBe('exit=2');
      expect(lines).toEqual(['aws-tips: cannot write to standard output: no space left on device (ENOSPC)']);
    });

    it('a report file on a full device (json=/dev/full) is one line, exit 2; the other formats are written', () => {
      const dir = fresh();
      const r = inPrivateDev('$AWS_TIPS audit --demo --format json=/dev/full --format csv=r.csv; echo "exit=$?"', dir);
      expect(r.stdout).toBe('exit=2\n');
      expect(r.stderr).toBe('aws-tips: cannot write json report /dev/full: no space left on device (ENOSPC)\n');
      expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toMatch(/^"rule",/);
    });
  });
});

describe('each format is rendered and written on its own', () => {
  it('a report that cannot be written is one stderr line; the other formats are still written; exit 2', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'a-folder'));
    const r = run(['audit', '--demo', '--format', 'csv=r.csv', '--format', 'json=a-folder', '--format', 'sarif=r.sarif', '--format', 'markdown'], { cwd: dir });
    expectUsageError(r, /^aws-tips: cannot write json report a-folder: it is a folder$/);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toMatch(/^"rule",/);
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout).toMatch(/^## .*aws-tips: \d+ violations/);
    expect(readdirSync(dir).sort()).toEqual(['a-folder', 'r.csv', 'r.sarif']);
  });

  it('a format that fails to render (even halfway through its pieces) is one line; the others are written', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'b.txt'), 'previous');
    const ok = async () => () => 'fine\n';
    const throws = async () => () => {
      throw new Error('boom\nat somewhere');
    };
    const halfway = async () =>
      function* () {
        yield 'half';
        throw new Error('broke mid-way');
      };
    const targets: FormatTarget[] = [
      { format: 'throws', file: join(dir, 'a.txt') },
      { format: 'halfway', file: join(dir, 'b.txt') },
      { format: 'ok', file: join(dir, 'c.txt') },
    ];
    const failures = await writeReports({} as Parameters<typeof writeReports>[0], targets, { color: false }, { ok, throws, halfway });
    expect(failures).toEqual(['cannot render throws report: boom\\nat somewhere', 'cannot render halfway report: broke mid-way']);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('previous');
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('fine\n');
    expect(readdirSync(dir).sort()).toEqual(['b.txt', 'c.txt']);
  });
});

describe('format names are own properties, not anything an object inherits', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
    it(`--format ${name} is an unknown format: one line, exit 2`, () => {
      expectUsageError(run(['audit', '--demo', '--format', name]), new RegExp(`--format: unknown format "${name}" \\(one of: terminal, json`));
      expectUsageError(run(['audit', '--demo', '--format', `${name}=x`], { cwd: fresh() }), /unknown format/);
    });
});

describe('output names and folders', () => {
  it('an output name of 250 characters is written (the temp name stays short)', () => {
    const dir = fresh();
    const name = `${'r'.repeat(245)}.json`;
    const r = run(['audit', '--demo', '--format', `json=${name}`], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('collect --output into a missing folder: one line naming the folder, exit 2, before any AWS call', () => {
    const dir = fresh();
    expectUsageError(
      run(['collect', '--output', join(dir, 'missing', 'snap.json'), '--region', 'us-east-1']),
      new RegExp(`^aws-tips: cannot write snapshot ${join(dir, 'missing', 'snap.json')}: folder ${join(dir, 'missing')} does not exist$`),
    );
  });

  it('audit --format json=missing/r.json: one line naming the folder, exit 2, nothing written', () => {
    const dir = fresh();
    const r = run(['audit', '--demo', '--format', 'csv=ok.csv', '--format', 'json=missing/r.json'], { cwd: dir });
    expectUsageError(r, /^aws-tips: cannot write json report missing\/r\.json: folder .*\/missing does not exist$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('two outputs to one file, or an output over the input snapshot', () => {
  it('--format json=a --format csv=a is refused, one line, exit 2, nothing written', () => {
    const dir = fresh();
    expectUsageError(
      run(['audit', '--demo', '--format', 'json=a', '--format', 'csv=a'], { cwd: dir }),
      /^aws-tips: --format json=a and --format csv=a write the same file: give each output its own$/,
    );
    expectUsageError(run(['audit', '--demo', '--format', 'json=a', '--format', 'csv', '--output', './a'], { cwd: dir }), /write the same file/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('also when one name is a symlink to the other, or a path through a symlinked folder', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a.json'), 'previous');
    symlinkSync('a.json', join(dir, 'link.json'));
    symlinkSync('.', join(dir, 'here'));
    expectUsageError(run(['audit', '--demo', '--format', 'json=a.json', '--format', 'csv=link.json'], { cwd: dir }), /write the same file/);
    expectUsageError(run(['audit', '--demo', '--format', 'json=new.json', '--format', 'csv=here/new.json'], { cwd: dir }), /write the same file/);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('previous');
  });

  it('--output equal to the --snapshot input is refused and the snapshot is untouched (also through a symlink)', () => {
    const dir = fresh();
    const snap = readFileSync(DEMO, 'utf8');
    writeFileSync(join(dir, 's.json'), snap);
    symlinkSync('s.json', join(dir, 'link.json'));
    expectUsageError(
      run(['audit', '--snapshot', 's.json', '--format', 'json', '--output', 's.json'], { cwd: dir }),
      /^aws-tips: --output s\.json is the --snapshot input: it would be overwritten$/,
    );
    expectUsageError(run(['audit', '--snapshot', 'link.json', '--format', 'html=s.json'], { cwd: dir }), /--format html=s\.json is the --snapshot input/);
    expect(readFileSync(join(dir, 's.json'), 'utf8')).toBe(snap);
  });

  it('several outputs to one character device are fine (json=/dev/null twice, in a private /dev)', () => {
    if (!canUnshare) return;
    const r = inPrivateDev('$AWS_TIPS audit --demo --format json=/dev/null --format csv=/dev/null --format sarif >/dev/null; echo "exit=$?"');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit=1\n');
  });
});
