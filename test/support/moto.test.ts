import { CloudTrailClient, CreateTrailCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { AllocateAddressCommand, DescribeAddressesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('never takes another server on its port for its own (a port picked free can be taken before moto binds it)', async () => {
    // The likely cause of a test file now and then seeing another's moto under CI: its health check answered by that one.
    const foreign = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    const taken = (foreign.address() as AddressInfo).port;
    try {
      const c = await startMoto({ port: taken });
      expect(c.port).not.toBe(taken);
      expect(alive(c.pid)).toBe(true);
      await c.stop();
    } finally {
      await new Promise((r) => foreign.close(r));
    }
  }, 60_000);

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

/**
 * The moto 5.2.1 behaviours that differ from AWS and that test/support/README.md lists: if one of
 * these fails after a moto upgrade, update the README table (and the code that works around it).
 */
describe.skipIf(!hasMoto)('moto differences from AWS (README table)', () => {
  const moto = useMoto();
  const base = () => ({ endpoint: moto.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

  it('ec2: an unassociated Elastic IP has InstanceId "" and NetworkInterfaceId ""', async () => {
    const ec2 = new EC2Client(base());
    await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const { Addresses = [] } = await ec2.send(new DescribeAddressesCommand({}));
    expect(Addresses[0]).toMatchObject({ InstanceId: '', NetworkInterfaceId: '' });
    ec2.destroy();
  });

  it('iam: credential report has no <root_account> row and a fixed GeneratedTime', async () => {
    const iam = new IAMClient(base());
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
      Code: 'ReportNotPresent',
      $metadata: { httpStatusCode: 410 },
    });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const report = await iam.send(new GetCredentialReportCommand({}));
    const users = Buffer.from(report.Content!).toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(users).toEqual(['alice']);
    expect(report.GeneratedTime?.toISOString()).toBe('2015-02-02T20:02:02.000Z');
    iam.destroy();
  });

  it('iam: ListOrganizationsFeatures is not implemented (500 HTML -> SDK deserialization error)', async () => {
    const iam = new IAMClient(base());
    await expect(iam.send(new ListOrganizationsFeaturesCommand({}))).rejects.toMatchObject({
      name: 'Error',
      message: expect.stringContaining('Deserialization error'),
      $metadata: { httpStatusCode: 500 },
    });
    iam.destroy();
  });

  it('s3: ListBuckets gives no BucketRegion and no ContinuationToken when MaxBuckets truncates', async () => {
    const s3c = s3(moto.url);
    await s3c.send(new CreateBucketCommand({ Bucket: 'diff-a' }));
    await s3c.send(new CreateBucketCommand({ Bucket: 'diff-b', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const page = await s3c.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    expect(page.Buckets).toHaveLength(1);
    expect(page.ContinuationToken).toBeUndefined();
    const all = await s3c.send(new ListBucketsCommand({ MaxBuckets: 1000 }));
    expect(all.Buckets?.map((b) => b.BucketRegion)).toEqual([undefined, undefined]);
    s3c.destroy();
  });

  it('cloudtrail: GetTrailStatus of a never-started trail has "" for absent times; no default event selector', async () => {
    const s3c = s3(moto.url);
    await s3c.send(new CreateBucketCommand({ Bucket: 'diff-trail-logs' }));
    s3c.destroy();
    const ct = new CloudTrailClient(base());
    await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'diff-trail-logs', IsMultiRegionTrail: true }));
    const status = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(status).toMatchObject({ IsLogging: false, LatestDeliveryAttemptTime: '', TimeLoggingStarted: '' });
    // AWS gives a new trail one selector (All, management events); moto gives none.
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors).toEqual([]);
    ct.destroy();
  });
});
