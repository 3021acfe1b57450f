import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MOTO_HINT, motoAvailable, requireMotoOrSkip, resetMoto, startMoto, TEST_CREDENTIALS, useMoto, type MotoServer } from './moto.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const get = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });

const s3 = (url: string) => new S3Client({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true, maxAttempts: 1 });
const bucketNames = async (url: string) => {
  const client = s3(url);
  try {
    return ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
  } finally {
    client.destroy();
  }
};

describe('requireMotoOrSkip', () => {
  const saved = { bin: process.env.MOTO_SERVER_BIN, ci: process.env.CI };
  afterEach(() => {
    for (const [k, v] of [
      ['MOTO_SERVER_BIN', saved.bin],
      ['CI', saved.ci],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    vi.restoreAllMocks();
  });

  it('skips with the install hint when moto_server is missing', () => {
    process.env.MOTO_SERVER_BIN = '/nonexistent/moto_server';
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(motoAvailable()).toBe(false);
    expect(requireMotoOrSkip()).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('moto_server not found: pip install "moto[server]"'));
  });

  it('fails hard under CI when moto_server is missing', () => {
    process.env.MOTO_SERVER_BIN = '/nonexistent/moto_server';
    process.env.CI = 'true';
    expect(() => requireMotoOrSkip()).toThrow(MOTO_HINT);
  });

  it('startMoto rejects with the hint when moto_server is missing', async () => {
    process.env.MOTO_SERVER_BIN = '/nonexistent/moto_server';
    await expect(startMoto()).rejects.toThrow(MOTO_HINT);
  });

  it('a non-executable or crashing server is reported, not waited on for 30 s', async () => {
    process.env.MOTO_SERVER_BIN = '/bin/false';
    const t0 = Date.now();
    await expect(startMoto()).rejects.toThrow(/exited with code 1/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

const hasMoto = requireMotoOrSkip();

describe.skipIf(!hasMoto)('startMoto', () => {
  let a: MotoServer;
  let b: MotoServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startMoto(), startMoto()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('serves HTTP on 127.0.0.1 at a port of its own', async () => {
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect(a.port).not.toBe(b.port);
    expect(alive(a.pid)).toBe(true);
    expect(await get(`${a.url}/moto-api/data.json`)).toBe(200);
  });

  it('keeps servers isolated from each other, and resetMoto forgets everything', async () => {
    const client = s3(a.url);
    await client.send(new CreateBucketCommand({ Bucket: 'only-in-a' }));
    client.destroy();
    expect(await bucketNames(a.url)).toEqual(['only-in-a']);
    expect(await bucketNames(b.url)).toEqual([]);
    await resetMoto(a.url);
    expect(await bucketNames(a.url)).toEqual([]);
  });

  it('stop() ends the process by its PID and is idempotent', async () => {
    const c = await startMoto();
    expect(alive(c.pid)).toBe(true);
    await c.stop();
    expect(alive(c.pid)).toBe(false);
    await expect(get(`${c.url}/moto-api/data.json`)).rejects.toThrow();
    await c.stop();
  });
});

describe.skipIf(!hasMoto)('useMoto', () => {
  const moto = useMoto();
  it('starts one server for the block', async () => {
    expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${moto.url}/moto-api/data.json`)).toBe(200);
  });
});
