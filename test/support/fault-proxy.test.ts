import { cbor, loadSmithyRpcV2CborErrorCode } from '@smithy/core/cbor';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeAddressesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient, DescribeLoadBalancersCommand as ElbDescribe } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand as Elbv2Describe } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, ListOrganizationsFeaturesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cborStringMap,
  credentialScopeOf,
  errorResponse,
  faultSpec,
  operationOf,
  protocolOf,
  startFaultProxy,
  type FaultProxy,
  type RequestLike,
} from './fault-proxy.js';
import { requireMotoOrSkip, startMoto, TEST_CREDENTIALS, type MotoServer } from './moto.js';

const auth = (service: string, region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;
const req = (service: string, method: string, url: string, headers: Record<string, string> = {}): RequestLike => ({
  method,
  url,
  headers: { authorization: auth(service), ...headers },
});
const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('operationOf', () => {
  it('reads X-Amz-Target for the JSON protocols', () => {
    expect(operationOf(req('logs', 'POST', '/', { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }), '{}')).toBe('DescribeLogGroups');
    expect(operationOf(req('ssm', 'POST', '/', { 'x-amz-target': 'AmazonSSM.DescribeInstanceInformation' }), '{}')).toBe('DescribeInstanceInformation');
    expect(operationOf(req('monitoring', 'POST', '/', { 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms' }))).toBe('DescribeAlarms');
  });

  it('reads Action= from the form body or the query string (query and EC2 protocols)', () => {
    expect(operationOf(req('ec2', 'POST', '/', form), 'Action=DescribeAddresses&Version=2016-11-15')).toBe('DescribeAddresses');
    expect(operationOf(req('iam', 'POST', '/', form), Buffer.from('Version=2010-05-08&Action=GetCredentialReport'))).toBe('GetCredentialReport');
    expect(operationOf(req('sts', 'GET', '/?Action=GetCallerIdentity&Version=2011-06-15'))).toBe('GetCallerIdentity');
    // A body that is not a form is not searched for Action=
    expect(operationOf(req('s3', 'PUT', '/bucket/key?x-id=PutObject', { 'content-type': 'text/plain' }), 'Action=Nope')).toBe('PutObject');
  });

  it('reads the Smithy RPC v2 CBOR path', () => {
    const r = req('monitoring', 'POST', '/service/GraniteServiceVersion20100801/operation/GetMetricData', { 'smithy-protocol': 'rpc-v2-cbor' });
    expect(operationOf(r)).toBe('GetMetricData');
    expect(protocolOf(r)).toBe('rpc-v2-cbor');
  });

  it.each([
    ['GET', '/', 'ListBuckets'],
    ['GET', '/?x-id=ListBuckets&max-buckets=10', 'ListBuckets'],
    ['GET', '/my-bucket?tagging', 'GetBucketTagging'],
    ['GET', '/my-bucket/?tagging', 'GetBucketTagging'],
    ['PUT', '/my-bucket?tagging', 'PutBucketTagging'],
    ['DELETE', '/my-bucket?tagging', 'DeleteBucketTagging'],
    ['GET', '/my-bucket?website', 'GetBucketWebsite'],
    ['GET', '/my-bucket?versioning', 'GetBucketVersioning'],
    ['GET', '/my-bucket?location', 'GetBucketLocation'],
    ['GET', '/my-bucket?policy', 'GetBucketPolicy'],
    ['GET', '/my-bucket?publicAccessBlock', 'GetPublicAccessBlock'],
    ['GET', '/my-bucket?list-type=2&prefix=a', 'ListObjectsV2'],
    ['GET', '/my-bucket', 'ListObjects'],
    ['HEAD', '/my-bucket', 'HeadBucket'],
    ['PUT', '/my-bucket', 'CreateBucket'],
    ['GET', '/my-bucket/dir/key.txt?x-id=GetObject', 'GetObject'],
    ['GET', '/my-bucket/dir/key.txt?tagging', 'GetObjectTagging'],
    ['HEAD', '/my-bucket/key', 'HeadObject'],
  ])('S3 %s %s -> %s', (method, url, op) => {
    expect(operationOf(req('s3', method, url))).toBe(op);
    expect(protocolOf(req('s3', method, url))).toBe('s3');
  });

  it.each([
    ['route53', 'GET', '/2013-04-01/hostedzone', 'ListHostedZones'],
    ['route53', 'GET', '/2013-04-01/hostedzone/Z123/rrset?maxitems=300', 'ListResourceRecordSets'],
    ['route53', 'GET', '/2013-04-01/hostedzone/Z123', 'GetHostedZone'],
    ['route53', 'GET', '/2013-04-01/tags/hostedzone/Z123', 'ListTagsForResource'],
    ['cloudfront', 'GET', '/2020-05-31/distribution', 'ListDistributions'],
    ['cloudfront', 'GET', '/2020-05-31/distribution/E123/config', 'GetDistributionConfig'],
    ['guardduty', 'GET', '/detector', 'ListDetectors'],
    ['guardduty', 'GET', '/detector/abc123', 'GetDetector'],
    ['access-analyzer', 'GET', '/analyzer', 'ListAnalyzers'],
    ['savingsplans', 'POST', '/DescribeSavingsPlans', 'DescribeSavingsPlans'],
    ['eks', 'GET', '/clusters?maxResults=100', 'ListClusters'],
    ['eks', 'GET', '/clusters/k8s', 'DescribeCluster'],
  ])('%s %s %s -> %s', (service, method, url, op) => {
    expect(operationOf(req(service, method, url))).toBe(op);
  });

  it('falls back to METHOD /path for REST requests it cannot name', () => {
    expect(operationOf(req('execute-api', 'GET', '/prod/things?x=1'))).toBe('GET /prod/things');
    expect(operationOf(req('route53', 'GET', '/2013-04-01/no-such-thing'))).toBe('GET /2013-04-01/no-such-thing');
  });
});

describe('credentialScopeOf / protocolOf', () => {
  it('takes service and region from the SigV4 credential scope', () => {
    expect(credentialScopeOf(req('ec2', 'POST', '/'))).toEqual({ service: 'ec2', region: 'us-east-1' });
    expect(credentialScopeOf({ headers: { authorization: auth('elasticloadbalancing', 'ap-southeast-2') } })).toEqual({
      service: 'elasticloadbalancing',
      region: 'ap-southeast-2',
    });
    const presigned = '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=x';
    expect(credentialScopeOf({ url: presigned, headers: {} })).toEqual({ service: 's3', region: 'eu-west-1' });
    expect(credentialScopeOf({ headers: {} })).toEqual({ service: 'unknown', region: '' });
  });

  it('tells the protocols apart', () => {
    expect(protocolOf(req('ec2', 'POST', '/', form), 'Action=DescribeVpcs')).toBe('ec2');
    expect(protocolOf(req('iam', 'POST', '/', form), 'Action=ListUsers')).toBe('query');
    expect(protocolOf(req('logs', 'POST', '/', { 'x-amz-target': 'Logs_20140328.X' }))).toBe('json');
    expect(protocolOf(req('route53', 'GET', '/2013-04-01/hostedzone'))).toBe('rest-xml');
    expect(protocolOf(req('guardduty', 'GET', '/detector'))).toBe('rest-json');
  });
});

describe('fault shapes', () => {
  it('encodes RPC v2 CBOR errors that the Smithy decoder reads back', () => {
    const r = errorResponse(faultSpec({ kind: 'throttle' }, 'rpc-v2-cbor')!, 'rpc-v2-cbor', req('x', 'POST', '/'));
    expect(r.status).toBe(400);
    expect(r.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    const decoded = cbor.deserialize(new Uint8Array(r.body)) as Record<string, string>;
    expect(decoded).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
    expect(loadSmithyRpcV2CborErrorCode({ headers: {} } as never, decoded)).toBe('ThrottlingException');
    const long = 'x'.repeat(70_000);
    expect(cbor.deserialize(new Uint8Array(cborStringMap({ a: long, é: 'ü'.repeat(30) })))).toEqual({ a: long, é: 'ü'.repeat(30) });
  });

  it('gives each protocol its own throttling and access-denied code', () => {
    expect(faultSpec({ kind: 'throttle' }, 'ec2')).toMatchObject({ status: 503, code: 'RequestLimitExceeded' });
    expect(faultSpec({ kind: 'throttle' }, 'query')).toMatchObject({ status: 400, code: 'Throttling' });
    expect(faultSpec({ kind: 'throttle' }, 'json')).toMatchObject({ status: 400, code: 'ThrottlingException' });
    expect(faultSpec({ kind: 'throttle' }, 's3')).toMatchObject({ status: 503, code: 'SlowDown' });
    expect(faultSpec({ kind: 'accessDenied' }, 'ec2')).toMatchObject({ status: 403, code: 'UnauthorizedOperation' });
    expect(faultSpec({ kind: 'accessDenied' }, 'query')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(faultSpec({ kind: 'accessDenied' }, 'json')).toMatchObject({ status: 400, code: 'AccessDeniedException' });
    expect(faultSpec({ kind: 'accessDenied' }, 's3')).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(faultSpec({ kind: 'hang' }, 'ec2')).toBeUndefined();
  });
});

const hasMoto = requireMotoOrSkip();

describe.skipIf(!hasMoto)('fault proxy against moto with SDK v3 clients', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  const silent = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };
  // One client per service, created once: a client's first call pays for its lazy set-up.
  const cfg = (region = 'eu-west-1', extra: object = {}) => ({
    endpoint: proxy.url,
    region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    logger: silent,
    ...extra,
  });
  let ec2: EC2Client, iam: IAMClient, s3: S3Client, sts: STSClient, logs: CloudWatchLogsClient;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy({ target: moto.url });
    ec2 = new EC2Client(cfg());
    iam = new IAMClient(cfg('us-east-1'));
    s3 = new S3Client(cfg('eu-west-1', { forcePathStyle: true }));
    sts = new STSClient(cfg());
    logs = new CloudWatchLogsClient(cfg());
    await s3.send(new CreateBucketCommand({ Bucket: 'proxy-test-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    proxy.clear();
  });
  afterAll(async () => {
    for (const c of [ec2, iam, s3, sts, logs]) c?.destroy();
    await proxy?.stop();
    await moto?.stop();
  });
  afterEach(() => {
    proxy.clearInjections();
    proxy.clear();
  });

  it('forwards requests and records service, operation, region and status', async () => {
    await ec2.send(new DescribeVpcsCommand({}));
    await iam.send(new ListUsersCommand({}));
    await s3.send(new ListBucketsCommand({}));
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'proxy-test-bucket' }))).rejects.toMatchObject({ name: 'NoSuchTagSet' });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('123456789012');
    await logs.send(new DescribeLogGroupsCommand({}));
    expect(proxy.requests.map(({ service, operation, region, status }) => ({ service, operation, region, status }))).toEqual([
      { service: 'ec2', operation: 'DescribeVpcs', region: 'eu-west-1', status: 200 },
      { service: 'iam', operation: 'ListUsers', region: 'us-east-1', status: 200 },
      { service: 's3', operation: 'ListBuckets', region: 'eu-west-1', status: 200 },
      { service: 's3', operation: 'GetBucketTagging', region: 'eu-west-1', status: 404 },
      { service: 'sts', operation: 'GetCallerIdentity', region: 'eu-west-1', status: 200 },
      { service: 'logs', operation: 'DescribeLogGroups', region: 'eu-west-1', status: 200 },
    ]);
    expect(proxy.requests.every((r) => r.injected === undefined)).toBe(true);
    proxy.clear();
    expect(proxy.requests).toEqual([]);
  });

  it('flags what moto does not implement (500 + HTML page)', async () => {
    const err = await iam.send(new ListOrganizationsFeaturesCommand({})).then(
      () => undefined,
      (e: unknown) => e as { message: string; $metadata: { httpStatusCode?: number } },
    );
    expect(err?.$metadata.httpStatusCode).toBe(500);
    expect(err?.message).toMatch(/Deserialization error/);
    expect(proxy.requests).toEqual([expect.objectContaining({ operation: 'ListOrganizationsFeatures', status: 500, notImplemented: true })]);
  });

  it('tells ELB from ELBv2 by the query API version', async () => {
    const elb = new ElasticLoadBalancingClient(cfg());
    const elbv2 = new ElasticLoadBalancingV2Client(cfg());
    proxy.inject({ operation: 'DescribeLoadBalancers', match: (r) => r.apiVersion === '2015-12-01', fault: { kind: 'accessDenied' } });
    await elb.send(new ElbDescribe({}));
    await expect(elbv2.send(new Elbv2Describe({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(proxy.requests.map((r) => [r.service, r.apiVersion, r.injected])).toEqual([
      ['elasticloadbalancing', '2012-06-01', undefined],
      ['elasticloadbalancing', '2015-12-01', 'accessDenied'],
    ]);
    elb.destroy();
    elbv2.destroy();
  });

  describe('throttling, in each protocol shape', () => {
    it.each([
      ['ec2 (EC2 query)', () => ec2.send(new DescribeAddressesCommand({})), 'RequestLimitExceeded', 503],
      ['iam (query)', () => iam.send(new ListUsersCommand({})), 'Throttling', 400],
      ['sts (query)', () => sts.send(new GetCallerIdentityCommand({})), 'Throttling', 400],
      ['logs (JSON 1.1)', () => logs.send(new DescribeLogGroupsCommand({})), 'ThrottlingException', 400],
      ['s3 (REST XML)', () => s3.send(new ListBucketsCommand({})), 'SlowDown', 503],
    ])('%s -> %s', async (_label, call, name, status) => {
      proxy.inject({ fault: { kind: 'throttle' } });
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ name, $metadata: { httpStatusCode: status } });
      expect(proxy.requests).toHaveLength(1);
      expect(proxy.requests[0]).toMatchObject({ status, injected: 'throttle' });
    });

    it('CloudWatch (JSON 1.0, query-compatible) surfaces the query code Throttling', async () => {
      const cw = new CloudWatchClient(cfg());
      proxy.inject({ service: 'monitoring', fault: { kind: 'throttle' } });
      await expect(cw.send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({ name: 'Throttling', Code: 'Throttling' });
      expect(proxy.requests[0]).toMatchObject({ service: 'monitoring', operation: 'DescribeAlarms', protocol: 'json' });
      cw.destroy();
    });

    it('Route 53 (REST XML) and GuardDuty (REST JSON)', async () => {
      const r53 = new Route53Client(cfg('us-east-1'));
      const gd = new GuardDutyClient(cfg());
      proxy.inject({ fault: { kind: 'throttle' } });
      await expect(r53.send(new ListHostedZonesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
      await expect(gd.send(new ListDetectorsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      expect(proxy.requests.map((r) => r.operation)).toEqual(['ListHostedZones', 'ListDetectors']);
      r53.destroy();
      gd.destroy();
    });
  });

  it.each([
    ['ec2', () => ec2.send(new DescribeAddressesCommand({})), 'UnauthorizedOperation', 403],
    ['iam', () => iam.send(new ListUsersCommand({})), 'AccessDenied', 403],
    ['logs', () => logs.send(new DescribeLogGroupsCommand({})), 'AccessDeniedException', 400],
    ['s3', () => s3.send(new ListBucketsCommand({})), 'AccessDenied', 403],
  ])('accessDenied on %s -> %s', async (_s, call, name, status) => {
    proxy.inject({ fault: { kind: 'accessDenied' } });
    await expect(call()).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect(proxy.requests[0]).toMatchObject({ status, injected: 'accessDenied' });
  });

  it('matches on service, operation and region; other requests pass through', async () => {
    proxy.inject({ service: 'ec2', operation: /^DescribeAddresses$/, region: 'eu-west-1', fault: { kind: 'accessDenied' } });
    const ec2Us = new EC2Client(cfg('us-east-1'));
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2Us.send(new DescribeAddressesCommand({}));
    await expect(ec2.send(new DescribeAddressesCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(proxy.requests.map((r) => [r.operation, r.region, r.status])).toEqual([
      ['DescribeVpcs', 'eu-west-1', 200],
      ['DescribeAddresses', 'us-east-1', 200],
      ['DescribeAddresses', 'eu-west-1', 403],
    ]);
    ec2Us.destroy();
  });

  it('`times` limits an injection: the SDK retry then succeeds', async () => {
    const retrying = new EC2Client(cfg('eu-west-1', { maxAttempts: 3 }));
    const injection = proxy.inject({ service: 'ec2', operation: 'DescribeVpcs', times: 1, fault: { kind: 'throttle' } });
    const out = await retrying.send(new DescribeVpcsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(injection.hits).toBe(1);
    expect(proxy.requests.map((r) => [r.status, r.injected])).toEqual([
      [503, 'throttle'],
      [200, undefined],
    ]);
    // Used up: the next call is not touched
    await retrying.send(new DescribeVpcsCommand({}));
    expect(proxy.requests.at(-1)).toMatchObject({ status: 200 });
    retrying.destroy();
  });

  it('status faults: protocol-shaped 500/503 that the SDK retries', async () => {
    proxy.inject({ service: 'iam', times: 1, fault: { kind: 'status', status: 500 } });
    await expect(iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    proxy.inject({ service: 'ec2', times: 1, fault: { kind: 'status', status: 503 } });
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'Unavailable', $metadata: { httpStatusCode: 503 } });
    proxy.inject({ service: 's3', times: 1, fault: { kind: 'status', status: 500, body: '' } });
    await expect(s3.send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'Unknown', $metadata: { httpStatusCode: 500 } });

    const retrying = new STSClient(cfg('eu-west-1', { maxAttempts: 2 }));
    proxy.inject({ service: 'sts', times: 1, fault: { kind: 'status', status: 503 } });
    const out = await retrying.send(new GetCallerIdentityCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    retrying.destroy();
  });

  it.each([
    ['ec2', () => ec2.send(new DescribeVpcsCommand({})), /XML parse error/],
    ['iam', () => iam.send(new ListUsersCommand({})), /XML parse error/],
    ['logs', () => logs.send(new DescribeLogGroupsCommand({})), /JSON/],
    ['s3', () => s3.send(new ListBucketsCommand({})), /XML parse error/],
  ])('malformed 200 on %s is an SDK deserialization error', async (_s, call, message) => {
    proxy.inject({ fault: { kind: 'malformed' } });
    const err = (await call().then(
      () => undefined,
      (e: unknown) => e,
    )) as { message: string; $metadata?: { httpStatusCode?: number } } | undefined;
    expect(err).toBeDefined();
    expect(err!.message).toMatch(message);
    expect(err!.message).toMatch(/Deserialization error/);
    expect(err!.$metadata?.httpStatusCode).toBe(200);
    expect(proxy.requests[0]).toMatchObject({ status: 200, injected: 'malformed' });
  });

  it('a hang is ended by the SDK requestTimeout when throwOnRequestTimeout is set', async () => {
    const timed = new STSClient(cfg('eu-west-1', { requestHandler: { requestTimeout: 500, throwOnRequestTimeout: true } }));
    await timed.send(new GetCallerIdentityCommand({})); // warm up: the first call loads the client's lazy parts
    proxy.inject({ service: 'sts', fault: { kind: 'hang' } });
    const t0 = Date.now();
    await expect(timed.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(5_000);
    expect(proxy.requests.at(-1)).toMatchObject({ operation: 'GetCallerIdentity', status: 0, injected: 'hang' });
    timed.destroy();
  });

  it('latency delays a request, then forwards it', async () => {
    await sts.send(new GetCallerIdentityCommand({}));
    proxy.inject({ service: 'sts', times: 1, fault: { kind: 'latency', ms: 400 } });
    const t0 = Date.now();
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(out.Account).toBe('123456789012');
    expect(proxy.requests.at(-1)).toMatchObject({ status: 200, injected: 'latency' });
  });

  it('the global latencyMs option delays every request', async () => {
    const slow = await startFaultProxy({ target: moto.url, latencyMs: 200 });
    const client = new STSClient({ ...cfg(), endpoint: slow.url });
    try {
      await client.send(new GetCallerIdentityCommand({}));
      const t0 = Date.now();
      await client.send(new GetCallerIdentityCommand({}));
      await client.send(new GetCallerIdentityCommand({}));
      expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
      expect(slow.requests).toHaveLength(3);
    } finally {
      client.destroy();
      await slow.stop();
    }
  });

  it('requestTimeout alone only warns (SDK default): stop() still ends the held request', async () => {
    const own = await startFaultProxy({ target: moto.url });
    const warnings: string[] = [];
    const client = new STSClient({
      ...cfg(),
      endpoint: own.url,
      requestHandler: { requestTimeout: 300, logger: { ...silent, warn: (m: string) => warnings.push(m) } },
    });
    try {
      own.inject({ fault: { kind: 'hang' } });
      const pending = client.send(new GetCallerIdentityCommand({})).then(
        () => 'resolved',
        (e: Error) => e,
      );
      const first = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still pending'), 1_500))]);
      expect(first).toBe('still pending');
      expect(warnings.join('\n')).toMatch(/exceeded the configured 300 ms requestTimeout/);
      await own.stop(); // must return although a socket is held
      const settled = await pending;
      expect(settled).toBeInstanceOf(Error);
    } finally {
      client.destroy();
      await own.stop();
    }
  });
});
