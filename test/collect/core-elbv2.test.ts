import { readFileSync } from 'node:fs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws/elbv2/${name}.json`, import.meta.url), 'utf8'), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

type Item = Record<string, unknown>;
type Slice = Record<string, Item[]> & { errors: Item[] };
const elbv2Slice = (snap: Snapshot) => snap.elbv2 as Slice;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/my-load-balancer/50dc6c495c0c9188`;
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/my-network-load-balancer/5d1b75f4f1cee11e`;
const HTTP_LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const HTTPS_LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/my-load-balancer/50dc6c495c0c9188/0467ef3c8400ae65`;
const nlbListener = (id: string, Protocol: string, Port: number) => ({
  ListenerArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/net/my-network-load-balancer/5d1b75f4f1cee11e/${id}`,
  LoadBalancerArn: NLB,
  Protocol,
  Port,
  DefaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/nlb-targets/0a1b2c3d4e5f6a7b` }],
});

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
beforeEach(() => elbv2.reset());
afterEach(() => elbv2.reset());

function loadBalancersFromFixtures(inputs: Item[] = []) {
  elbv2.on(DescribeLoadBalancersCommand).callsFake(async (input: { Marker?: string }) => {
    inputs.push({ ...input });
    const first = fixture('describe-load-balancers-page1');
    if (!input.Marker) return first;
    if (input.Marker === first.NextMarker) return fixture('describe-load-balancers-page2');
    throw awsError('ValidationError', `bad marker ${input.Marker}`);
  });
  return inputs;
}

/** The ALB answers its two recorded pages; the NLB has TCP, TLS and QUIC listeners on one page. */
function listenersFromFixtures(inputs: Item[] = []) {
  elbv2.on(DescribeListenersCommand).callsFake(async (input: { LoadBalancerArn?: string; Marker?: string }) => {
    inputs.push({ ...input });
    if (input.LoadBalancerArn === NLB) {
      return { Listeners: [nlbListener('aaaa1111', 'TCP', 80), nlbListener('bbbb2222', 'TLS', 443), nlbListener('cccc3333', 'QUIC', 443)] };
    }
    const first = fixture('describe-listeners-page1');
    return input.Marker === first.NextMarker ? fixture('describe-listeners-page2') : first;
  });
  return inputs;
}

describe('elbv2.loadBalancers', () => {
  it('pages through DescribeLoadBalancers with Marker / NextMarker; the ARN is the load balancer ARN', async () => {
    const inputs = loadBalancersFromFixtures();
    const snap = await collectWith(['elbv2.loadBalancers']);
    const { loadBalancers, errors } = elbv2Slice(snap);
    expect(errors).toEqual([]);
    expect(loadBalancers.map((lb) => [lb.LoadBalancerName, lb.Type, lb.Region, lb.Arn])).toEqual([
      ['my-load-balancer', 'application', 'us-east-1', ALB],
      ['my-network-load-balancer', 'network', 'us-east-1', NLB],
    ]);
    expect(inputs.map((i) => i.Marker)).toEqual([undefined, 'AAIAAWV4YW1wbGUtbWFya2VyLXBhZ2UtMg==']);
    expect(loadBalancers[0]).toMatchObject({ Scheme: 'internet-facing', SecurityGroups: ['sg-5943793c'], State: { Code: 'active' }, CreatedTime: '2016-03-25T21:26:12.920Z' });
  });

  it('AccessDenied in one region: the other region is kept, an error entry for the denied one (and for what depends on it)', async () => {
    const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/aws-tips is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers`;
    elbv2.on(DescribeLoadBalancersCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDenied', message);
      return fixture('describe-load-balancers-page2');
    });
    elbv2.on(DescribeListenersCommand).callsFake(async () => ({ Listeners: [nlbListener('aaaa1111', 'TCP', 80)] }));
    const snap = await collectWith(['elbv2.loadBalancers', 'elbv2.listeners'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = elbv2Slice(snap);
    expect(slice.loadBalancers.map((lb) => [lb.Arn, lb.Region])).toEqual([[NLB, 'us-east-1']]);
    expect(slice.listeners.map((l) => l.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual(
      expect.arrayContaining([
        {
          dataset: 'elbv2.loadBalancers',
          service: 'elbv2',
          region: 'eu-west-1',
          operation: 'elasticloadbalancing:DescribeLoadBalancers',
          code: 'AccessDenied',
          message: startsWith(message),
        },
        expect.objectContaining({ dataset: 'elbv2.listeners', region: 'eu-west-1', code: 'AccessDenied' }),
      ]),
    );
    expect(slice.errors.every((e) => e.region === 'eu-west-1')).toBe(true);
  });
});

describe('elbv2.listeners and elbv2.listenerRules', () => {
  it('pages DescribeListeners per load balancer', async () => {
    loadBalancersFromFixtures();
    const inputs = listenersFromFixtures();
    const snap = await collectWith(['elbv2.listeners']);
    const { listeners, errors } = elbv2Slice(snap);
    expect(errors).toEqual([]);
    expect(listeners.map((l) => [l.Protocol, l.Port, l.LoadBalancerArn])).toEqual([
      ['HTTP', 80, ALB],
      ['HTTPS', 443, ALB],
      ['TCP', 80, NLB],
      ['TLS', 443, NLB],
      ['QUIC', 443, NLB],
    ]);
    expect(listeners.map((l) => l.Arn)).toEqual(listeners.map((l) => l.ListenerArn));
    expect(inputs.filter((i) => i.LoadBalancerArn === ALB).map((i) => i.Marker)).toEqual([undefined, 'AAIAAWxpc3RlbmVyLW1hcmtlci1wYWdlLTI=']);
    expect(inputs.filter((i) => i.LoadBalancerArn === NLB)).toHaveLength(1);
    expect(listeners[1]).toMatchObject({ SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: expect.stringContaining(':certificate/') }] });
    expect(listeners[0]!.DefaultActions).toEqual([expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) })]);
  });

  it('fetches rules only for HTTP listeners, paged, each rule carrying its listener ARN', async () => {
    loadBalancersFromFixtures();
    listenersFromFixtures();
    const ruleInputs: Item[] = [];
    elbv2.on(DescribeRulesCommand).callsFake(async (input: { ListenerArn?: string; Marker?: string }) => {
      ruleInputs.push({ ...input });
      const [first, second] = fixture('describe-rules').Rules;
      return input.Marker ? { Rules: [second] } : { Rules: [first], NextMarker: 'rules-2' };
    });
    const snap = await collectWith(['elbv2.listenerRules']);
    const { listenerRules, errors } = elbv2Slice(snap);
    expect(errors).toEqual([]);
    expect(ruleInputs).toEqual([
      expect.objectContaining({ ListenerArn: HTTP_LISTENER, Marker: undefined }),
      expect.objectContaining({ ListenerArn: HTTP_LISTENER, Marker: 'rules-2' }),
    ]);
    expect(listenerRules.map((r) => [r.Priority, r.IsDefault, r.ListenerArn, r.Region])).toEqual([
      ['10', false, HTTP_LISTENER, 'us-east-1'],
      ['default', true, HTTP_LISTENER, 'us-east-1'],
    ]);
    expect(listenerRules.map((r) => r.Arn)).toEqual(listenerRules.map((r) => r.RuleArn));
    expect(listenerRules[0]!.Conditions).toEqual([{ Field: 'path-pattern', Values: ['/health'], PathPatternConfig: { Values: ['/health'] } }]);
  });

  it('makes no DescribeRules call when no listener is HTTP', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves(fixture('describe-load-balancers-page2'));
    listenersFromFixtures();
    const snap = await collectWith(['elbv2.listenerRules']);
    expect(elbv2Slice(snap).listenerRules).toEqual([]);
    expect(elbv2.commandCalls(DescribeRulesCommand)).toHaveLength(0);
  });
});

describe('elbv2.listeners and elbv2.listenerRules: one load balancer or listener failing', () => {
  const lb = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/${name}/0123456789abcdef`;
  const listener = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/${name}/0123456789abcdef/fedcba9876543210`;
  const NAMES = ['gone', 'denied', 'fine'];
  beforeEach(() => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: NAMES.map((n) => ({ LoadBalancerArn: lb(n), LoadBalancerName: n, Type: 'application', Scheme: 'internet-facing' })),
    });
  });

  it('DescribeListeners: a load balancer deleted meanwhile is skipped silently; AccessDenied is an error for that load balancer only', async () => {
    elbv2.on(DescribeListenersCommand).callsFake(async (input: { LoadBalancerArn: string }) => {
      if (input.LoadBalancerArn === lb('gone')) throw awsError('LoadBalancerNotFoundException', `One or more load balancers not found`);
      if (input.LoadBalancerArn === lb('denied')) throw awsError('AccessDenied', 'not authorized to perform: elasticloadbalancing:DescribeListeners');
      return { Listeners: [{ ListenerArn: listener('fine'), LoadBalancerArn: lb('fine'), Protocol: 'HTTPS', Port: 443 }] };
    });
    const snap = await collectWith(['elbv2.listeners']);
    const { listeners, errors } = elbv2Slice(snap);
    expect(listeners.map((l) => l.Arn)).toEqual([listener('fine')]);
    expect(errors).toEqual([expect.objectContaining({ dataset: 'elbv2.listeners', region: 'us-east-1', resource: lb('denied'), code: 'AccessDenied' })]);
  });

  it('DescribeRules: a listener deleted meanwhile is skipped silently; a throttled one is an error for its load balancer (where the verdict is)', async () => {
    elbv2.on(DescribeListenersCommand).callsFake(async (input: { LoadBalancerArn: string }) => ({
      Listeners: [{ ListenerArn: listener(input.LoadBalancerArn.split('/')[2]!), LoadBalancerArn: input.LoadBalancerArn, Protocol: 'HTTP', Port: 80 }],
    }));
    elbv2.on(DescribeRulesCommand).callsFake(async (input: { ListenerArn: string }) => {
      if (input.ListenerArn === listener('gone')) throw awsError('ListenerNotFoundException', 'One or more listeners not found');
      if (input.ListenerArn === listener('denied')) throw awsError('Throttling', 'Rate exceeded');
      return { Rules: [{ RuleArn: `${listener('fine')}/rule/1`, Priority: 'default', IsDefault: true, Actions: [] }] };
    });
    const snap = await collectWith(['elbv2.listenerRules']);
    const { listenerRules, errors } = elbv2Slice(snap);
    expect(listenerRules.map((r) => [r.Arn, r.ListenerArn])).toEqual([[`${listener('fine')}/rule/1`, listener('fine')]]);
    expect(errors).toEqual([expect.objectContaining({ dataset: 'elbv2.listenerRules', region: 'us-east-1', resource: lb('denied'), code: 'Throttling' })]);
  });
});

describe('elbv2.tags', () => {
  it('asks DescribeTags for at most 20 ARNs a call (25 load balancers: 2 calls) and keeps every answer', async () => {
    const arns = Array.from({ length: 25 }, (_, i) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/lb-${i}/${String(i).padStart(16, '0')}`);
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: arns.map((LoadBalancerArn, i) => ({ LoadBalancerArn, LoadBalancerName: `lb-${i}`, Type: 'application' })),
    });
    const batches: string[][] = [];
    elbv2.on(DescribeTagsCommand).callsFake(async (input: { ResourceArns: string[] }) => {
      batches.push([...input.ResourceArns]);
      return {
        TagDescriptions: input.ResourceArns.map((ResourceArn, i) => ({
          ResourceArn,
          Tags: i % 2 ? [] : [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'team-a' }],
        })),
      };
    });
    const snap = await collectWith(['elbv2.tags']);
    const { tags, errors } = elbv2Slice(snap);
    expect(errors).toEqual([]);
    expect(batches.map((b) => b.length)).toEqual([20, 5]);
    expect(batches.flat()).toEqual(arns);
    expect(tags).toHaveLength(25);
    expect(tags[0]).toEqual({ ResourceArn: arns[0], Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'team-a' }], Region: 'us-east-1', Arn: arns[0] });
    expect(tags[1]).toEqual({ ResourceArn: arns[1], Tags: [], Region: 'us-east-1', Arn: arns[1] });
  });

  it('makes no DescribeTags call in a region without load balancers', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    const snap = await collectWith(['elbv2.tags']);
    expect(elbv2Slice(snap).tags).toEqual([]);
    expect(elbv2.commandCalls(DescribeTagsCommand)).toHaveLength(0);
  });
});
