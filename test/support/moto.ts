/**
 * A private moto_server per test file: `startMoto()` spawns `moto_server -H 127.0.0.1 -p <free port>`,
 * waits until it answers HTTP and returns a handle whose `stop()` ends that one process by its PID.
 * Nothing here touches anything but 127.0.0.1. See test/support/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const MOTO_HINT = 'moto_server not found: pip install "moto[server]"';
/** MOTO_SERVER_BIN overrides the executable (a path, or a name looked up on PATH). */
const motoBin = () => process.env.MOTO_SERVER_BIN || 'moto_server';

export interface MotoServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Fixed credentials moto accepts (it does not check signatures). */
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

function findExecutable(name: string): string | undefined {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** True when a moto_server executable is on PATH (or MOTO_SERVER_BIN names one). */
export function motoAvailable(): boolean {
  return findExecutable(motoBin()) !== undefined;
}

/**
 * Decides whether moto-backed tests run: true when moto_server is there. When it is missing, prints
 * the install hint and returns false (use with `describe.skipIf(!hasMoto)`), except under CI
 * (`process.env.CI` set), where it throws: a CI run must not pass by skipping its e2e tests.
 */
export function requireMotoOrSkip(): boolean {
  if (motoAvailable()) return true;
  if (process.env.CI) throw new Error(`${MOTO_HINT} (required when CI is set)`);
  console.warn(`[skip] ${MOTO_HINT}`);
  return false;
}

/** A port nobody listens on right now: listen on port 0, read it, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/** One HTTP GET; resolves with the status code, rejects on a socket error or after timeoutMs. */
function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The environment for moto: no AWS credentials, profile or endpoint of the developer's leaks in. */
function motoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('AWS_')) delete env[k];
  env.AWS_ACCESS_KEY_ID = 'testing';
  env.AWS_SECRET_ACCESS_KEY = 'testing';
  return env;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every moto started by this process, killed when the process exits or is told to stop by a signal,
 * so a crashed or interrupted test file does not leave servers behind (only SIGKILL escapes this).
 */
const running = new Set<ChildProcess>();
let exitHook = false;
function killRunning(): void {
  for (const child of running) {
    try {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  running.clear();
}
function killAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', killRunning);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killRunning();
      // Alone on this signal: restore its default action (terminate) rather than swallow it.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(t);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    if (!(await waitForExit(child, 5_000))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await waitForExit(child, 5_000);
    }
  }
  running.delete(child);
}

export interface StartMotoOptions {
  /** How long to wait for the first HTTP answer; default 30 s. */
  readyTimeoutMs?: number;
  /** The port to try first (tests of this module); a free one otherwise, and on every retry. */
  port?: number;
}

/**
 * Spawns moto_server on a free 127.0.0.1 port and waits (polling, bounded) until it says it runs there and answers
 * HTTP. Retries with a new port if the chosen one was taken in between (moto exits at once then).
 */
export async function startMoto(opts: StartMotoOptions = {}): Promise<MotoServer> {
  const bin = findExecutable(motoBin());
  if (!bin) throw new Error(MOTO_HINT);
  killAllOnExit();
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = attempt === 0 && opts.port !== undefined ? opts.port : await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: motoEnv(),
    });
    running.add(child);
    // Keep only the tail of stderr (werkzeug logs every request there) for error messages.
    let stderr = '';
    // Only our moto saying it listens on the port makes an answer there ours: between freePort() and moto's bind another
    // process (another test file's moto) can take the port, and its health check would pass for this one.
    let bound = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4_000);
      if (!bound && stderr.includes(`Running on ${url}`)) bound = true;
    });
    let spawnError: Error | undefined;
    child.once('error', (e) => (spawnError = e));
    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (Date.now() < deadline) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null) break;
      if (!bound) {
        await sleep(50);
        continue;
      }
      try {
        await httpStatus(`${url}/moto-api/data.json`, 1_000);
        ready = true;
        break;
      } catch {
        await sleep(100);
      }
    }
    if (ready && child.pid !== undefined) {
      const pid = child.pid;
      let stopping: Promise<void> | undefined;
      return { url, port, pid, stop: () => (stopping ??= stopChild(child)) };
    }
    await stopChild(child);
    lastError = new Error(
      spawnError
        ? `moto_server could not be started: ${spawnError.message}`
        : child.exitCode !== null
          ? `moto_server exited with code ${child.exitCode} on port ${port}: ${stderr.trim().slice(-1_000)}${child.exitCode === 127 ? ` (${MOTO_HINT})` : ''}`
          : `moto_server did not answer on ${url} within ${readyTimeoutMs} ms: ${stderr.trim().slice(-1_000)}`,
    );
    if (spawnError || child.exitCode === null) break; // only a quick exit (port taken) is worth a retry
  }
  throw lastError ?? new Error('moto_server could not be started');
}

/** Forgets every resource in that moto (POST /moto-api/reset). */
export function resetMoto(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url.replace(/\/$/, '')}/moto-api/reset`, { method: 'POST', agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`moto reset answered ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('moto reset timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * For a describe block: starts one moto before its tests and stops it after. Read `moto.url` inside
 * tests or hooks (not at collection time).
 *
 *   const hasMoto = requireMotoOrSkip();
 *   describe.skipIf(!hasMoto)('ec2 collectors', () => {
 *     const moto = useMoto();
 *     it('...', async () => { const ec2 = new EC2Client({ endpoint: moto.url, ... }) });
 *   });
 */
export function useMoto(): { readonly url: string; readonly server: MotoServer } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  }, 20_000);
  return {
    get server() {
      if (!server) throw new Error('moto is not started yet: read it inside a test or hook');
      return server;
    },
    get url() {
      return this.server.url;
    },
  };
}
