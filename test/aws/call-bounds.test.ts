/**
 * How long one AWS call (and one service) may take when the endpoint misbehaves: the client factory's
 * retry window, its per-(service, region) breaker and the --deadline, against the fault proxy. The
 * proxy answers every request itself (throttle, deny, hang): nothing is forwarded, no moto is needed.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory, maxAttemptsFromEnv, type ClientFactoryOptions } from '../../src/aws/clients.js';
import { describeAwsError } from '../../src/collect/errors.js';
import { UsageError } from '../../src/errors.js';
import { deadline, endpointUrl, parseDuration, timeoutSeconds } from '../../src/flag-values.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const OPS = new Set(['ec2:DescribeVpcs', 'ec2:DescribeSubnets']);

/** What a call ended with: its error code (or "ok"), how long it took. */
async function outcome(p: Promise<unknown>): Promise<{ code: string; message: string; ms: number }> {
  const t0 = Date.now();
  try {
    await p;
    return { code: 'ok', message: '', ms: Date.now() - t0 };
  } catch (err) {
    const { code, message } = describeAwsError(err);
    return { code, message, ms: Date.now() - t0 };
  }
}

describe('bounds of a call, a service and a collection', () => {
  let proxy: FaultProxy;
  const factories: ClientFactory[] = [];
  const factory = (extra: Partial<ClientFactoryOptions> = {}) => {
    const f = new ClientFactory({
      allowedOperations: OPS,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      endpointUrl: proxy.url,
      timeoutSeconds: 30,
      ...extra,
    });
    factories.push(f);
    return f;
  };
  const ec2 = (f: ClientFactory, region = 'us-east-1') => f.client<EC2Client>('ec2', region);
  const sent = (op: string, region?: string) => proxy.requests.filter((r) => r.operation === op && (!region || r.region === region)).length;

  beforeAll(async () => {
    // Nothing listens on port 9: every request in these tests is answered by an injected fault.
    proxy = await startFaultProxy({ target: 'http://127.0.0.1:9' });
  });
  afterEach(() => {
    for (const f of factories.splice(0)) f.destroy();
    proxy.clearInjections();
    proxy.clear();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('a throttled call stops retrying when its retry window is over, whatever the attempt budget', async () => {
    proxy.inject({ service: 'ec2', fault: { kind: 'throttle' } });
    const f = factory({ maxAttempts: 20, retryWindowSeconds: 1, breakerThreshold: 100 });
    const r = await outcome((await ec2(f)).send(new DescribeVpcsCommand({})));
    expect(r.code).toBe('RequestLimitExceeded');
    // 20 attempts with a 1 s throttling backoff base (up to 20 s each) would take minutes.
    expect(r.ms).toBeLessThan(4_000);
    expect(sent('DescribeVpcs')).toBeGreaterThanOrEqual(1);
    expect(sent('DescribeVpcs')).toBeLessThan(20);
  });

  it('after N calls in a row throttled past their retries, the service is given up in that region: later calls fail at once, unsent', async () => {
    proxy.inject({ service: 'ec2', region: 'us-east-1', fault: { kind: 'throttle' } });
    proxy.inject({ service: 'ec2', region: 'eu-west-1', fault: { kind: 'accessDenied' } });
    const f = factory({ maxAttempts: 2, retryWindowSeconds: 0.5, breakerThreshold: 2 });
    const east = await ec2(f);
    expect((await outcome(east.send(new DescribeVpcsCommand({})))).code).toBe('RequestLimitExceeded');
    expect((await outcome(east.send(new DescribeSubnetsCommand({})))).code).toBe('RequestLimitExceeded');
    const before = proxy.requests.length;
    const skipped = await outcome(east.send(new DescribeVpcsCommand({})));
    expect(skipped.code).toBe('CircuitOpen');
    expect(skipped.message).toMatch(/^not sent: ec2 throttled 2 calls in a row in us-east-1 after their retries \(RequestLimitExceeded\)/);
    expect(skipped.ms).toBeLessThan(100);
    expect(proxy.requests.length).toBe(before);
    // Another region of the same service is not affected.
    expect((await outcome((await ec2(f, 'eu-west-1')).send(new DescribeVpcsCommand({})))).code).toBe('UnauthorizedOperation');
  });

  it('any other answer resets the streak: a service that answers is not given up', async () => {
    proxy.inject({ service: 'ec2', operation: 'DescribeVpcs', fault: { kind: 'throttle' } });
    proxy.inject({ service: 'ec2', operation: 'DescribeSubnets', fault: { kind: 'accessDenied' } });
    const f = factory({ maxAttempts: 1, breakerThreshold: 2 });
    const client = await ec2(f);
    const codes: string[] = [];
    const vpcs = () => client.send(new DescribeVpcsCommand({}));
    const subnets = () => client.send(new DescribeSubnetsCommand({}));
    for (const call of [vpcs, subnets, vpcs, vpcs, vpcs]) codes.push((await outcome(call())).code);
    expect(codes).toEqual(['RequestLimitExceeded', 'UnauthorizedOperation', 'RequestLimitExceeded', 'RequestLimitExceeded', 'CircuitOpen']);
  });

  it('calls in progress when the breaker opens stop at once', async () => {
    proxy.inject({ service: 'ec2', operation: 'DescribeVpcs', fault: { kind: 'hang' } });
    proxy.inject({ service: 'ec2', operation: 'DescribeSubnets', fault: { kind: 'throttle' } });
    const f = factory({ timeoutSeconds: 30, maxAttempts: 2, retryWindowSeconds: 0.5, breakerThreshold: 2 });
    const client = await ec2(f);
    const t0 = Date.now();
    // Without the breaker these wait for --timeout (30 s).
    const hung = [1, 2, 3].map(() => outcome(client.send(new DescribeVpcsCommand({}))));
    expect((await outcome(client.send(new DescribeSubnetsCommand({})))).code).toBe('RequestLimitExceeded');
    expect((await outcome(client.send(new DescribeSubnetsCommand({})))).code).toBe('RequestLimitExceeded');
    const results = await Promise.all(hung);
    expect(results.map((r) => r.code)).toEqual(['CircuitOpen', 'CircuitOpen', 'CircuitOpen']);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('--deadline: a call in progress stops with DeadlineExceeded, later calls fail at once', async () => {
    proxy.inject({ service: 'ec2', fault: { kind: 'hang' } });
    const f = factory({ deadlineMs: 500, deadlineLabel: '500ms' });
    const client = await ec2(f);
    const hung = await outcome(client.send(new DescribeVpcsCommand({})));
    expect(hung).toMatchObject({ code: 'DeadlineExceeded', message: 'not collected within --deadline 500ms' });
    expect(hung.ms).toBeLessThan(3_000);
    const before = proxy.requests.length;
    const later = await outcome(client.send(new DescribeSubnetsCommand({})));
    expect(later.code).toBe('DeadlineExceeded');
    expect(proxy.requests.length).toBe(before);
    expect(f.deadlinePassed).toBe(true);
  });
});

describe('AWS_MAX_ATTEMPTS', () => {
  it('accepts any whole number of 1 or more, as the SDK and the AWS CLI do; above 20 it is capped with a note', () => {
    const notes: string[] = [];
    const note = (l: string) => notes.push(l);
    expect(maxAttemptsFromEnv({ AWS_MAX_ATTEMPTS: '3' }, note)).toBe(3);
    expect(maxAttemptsFromEnv({ AWS_MAX_ATTEMPTS: '20' }, note)).toBe(20);
    expect(notes).toEqual([]);
    expect(maxAttemptsFromEnv({ AWS_MAX_ATTEMPTS: '25' }, note)).toBe(20);
    expect(notes).toEqual([expect.stringMatching(/^AWS_MAX_ATTEMPTS=25: using 20 attempts per call/)]);
    expect(maxAttemptsFromEnv({}, note)).toBeUndefined();
  });

  it.each(['lots', '0', '-1', '2.5'])('refuses %s', (v) => {
    expect(() => maxAttemptsFromEnv({ AWS_MAX_ATTEMPTS: v }, () => undefined)).toThrow(UsageError);
    expect(() => maxAttemptsFromEnv({ AWS_MAX_ATTEMPTS: v }, () => undefined)).toThrow(/AWS_MAX_ATTEMPTS: expected a whole number of 1 or more/);
  });
});

describe('an answer that is not a valid response', () => {
  it('is described by its HTTP status and service, not by the parser error', () => {
    const json = Object.assign(new SyntaxError(`Unexpected token '<', "<html><tit"... is not valid JSON`), {
      $metadata: { httpStatusCode: 500 },
      $operation: 'logs:DescribeLogGroups',
    });
    expect(describeAwsError(json)).toEqual({ code: 'InvalidResponse', message: 'HTTP 500 from logs (not a valid response)', operation: 'logs:DescribeLogGroups' });
    const xml = Object.assign(new Error('@aws-sdk XML parse error: mismatched tags <html> and </title>.\n  Deserialization error: to see the raw response...'), {
      $metadata: { httpStatusCode: 502 },
      $operation: 'iam:ListOrganizationsFeatures',
    });
    expect(describeAwsError(xml)).toMatchObject({ code: 'InvalidResponse', message: 'HTTP 502 from iam (not a valid response)' });
    // A service error with a code keeps it.
    const denied = Object.assign(new Error('nope'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(describeAwsError(denied)).toMatchObject({ code: 'AccessDenied', message: 'nope' });
  });
});

describe('collection flag values', () => {
  it('--deadline takes a duration: 90s, 5m, 1h, 1m30s, 500ms or seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('45')).toBe(45_000);
    expect(deadline('2m')).toBe(120_000);
  });

  it.each(['soon', '0', '0s', '-5s', '10x', '', '5 m', '25h', 'm'])('--deadline refuses "%s"', (v) => {
    expect(() => deadline(v)).toThrow(/^--deadline: expected a duration such as 90s, 5m or 1h/);
  });

  it('--timeout: more than 0, at most an hour (a Node timer cannot wait longer than 2^31-1 ms)', () => {
    expect(timeoutSeconds('30')).toBe(30);
    expect(timeoutSeconds('0.5')).toBe(0.5);
    expect(timeoutSeconds('3600')).toBe(3600);
    for (const v of ['0', '-1', '3601', '2147484', 'soon', '', 'Infinity'])
      expect(() => timeoutSeconds(v), v).toThrow(/^--timeout: expected a positive number of seconds, at most 3600/);
  });

  it('--endpoint-url: only an http:// or https:// URL', () => {
    expect(endpointUrl('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(endpointUrl('https://vpce-1.ec2.us-east-1.vpce.amazonaws.com')).toBe('https://vpce-1.ec2.us-east-1.vpce.amazonaws.com');
    for (const v of ['not-a-url', 'ftp://example.com', 'file:///etc/passwd', 'localhost:5000', '', 'http://'])
      expect(() => endpointUrl(v), v).toThrow(/^--endpoint-url: expected an http:\/\/ or https:\/\/ URL/);
  });
});
