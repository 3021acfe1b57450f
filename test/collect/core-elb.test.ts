import { readFileSync } from 'node:fs';
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

/** A recorded response; ISO timestamps come back as Date objects, as the SDK returns them. */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws/elb/${name}.json`, import.meta.url), 'utf8'), (_k, v) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v,
  );
const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();

type Item = Record<string, unknown>;
type Slice = Record<string, Item[]> & { errors: Item[] };
const elbSlice = (snap: Snapshot) => snap.elb as Slice;
/** A collection error's message starts with the service's message (collect() may append the missing permission). */
const startsWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
const arn = (name: string, region = 'us-east-1') => `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/${name}`;

const elb = mockClient(ElasticLoadBalancingClient);
beforeEach(() => elb.reset());
afterEach(() => elb.reset());

describe('elb.loadBalancers', () => {
  it('pages through DescribeLoadBalancers with Marker / NextMarker and builds loadbalancer/<name> ARNs', async () => {
    const inputs: Item[] = [];
    elb.on(DescribeLoadBalancersCommand).callsFake(async (input: { Marker?: string }) => {
      inputs.push({ ...input });
      const first = fixture('describe-load-balancers-page1');
      return input.Marker === first.NextMarker ? fixture('describe-load-balancers-page2') : first;
    });
    const snap = await collectWith(['elb.loadBalancers']);
    const { loadBalancers, errors } = elbSlice(snap);
    expect(errors).toEqual([]);
    expect(loadBalancers.map((lb) => [lb.LoadBalancerName, lb.Scheme, lb.Region, lb.Arn])).toEqual([
      ['my-load-balancer', 'internet-facing', 'us-east-1', arn('my-load-balancer')],
      ['internal-api', 'internal', 'us-east-1', arn('internal-api')],
    ]);
    expect(inputs.map((i) => i.Marker)).toEqual([undefined, 'bXktbG9hZC1iYWxhbmNlci1wYWdlLTI=']);
    expect(loadBalancers[0]).toMatchObject({
      ListenerDescriptions: [
        { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80 } },
        { Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, SSLCertificateId: `arn:aws:iam::${ACCOUNT}:server-certificate/my-server-cert` }, PolicyNames: ['ELBSecurityPolicy-2016-08'] },
      ],
      Instances: [{ InstanceId: 'i-207d9717' }, { InstanceId: 'i-afefb49b' }],
      HealthCheck: { Target: 'HTTP:80/png' },
      CreatedTime: '2015-03-19T03:24:02.650Z',
    });
  });

  it('AccessDenied in one region: the other region is kept, an error entry for the denied one', async () => {
    const message = `User: arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/aws-tips is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers`;
    elb.on(DescribeLoadBalancersCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDenied', message);
      return fixture('describe-load-balancers-page2');
    });
    const snap = await collectWith(['elb.loadBalancers'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = elbSlice(snap);
    expect(slice.loadBalancers.map((lb) => lb.Arn)).toEqual([arn('internal-api')]);
    expect(slice.errors).toEqual([
      {
        dataset: 'elb.loadBalancers',
        service: 'elb',
        region: 'eu-west-1',
        operation: 'elasticloadbalancing:DescribeLoadBalancers',
        code: 'AccessDenied',
        message: startsWith(message),
      },
    ]);
  });
});

describe('elb.tags', () => {
  it('asks DescribeTags for at most 20 names a call (45 load balancers: 20, 20, 5)', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `classic-${String(i).padStart(2, '0')}`);
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: names.map((LoadBalancerName) => ({ LoadBalancerName })) });
    const batches: string[][] = [];
    elb.on(DescribeTagsCommand).callsFake(async (input: { LoadBalancerNames: string[] }) => {
      batches.push([...input.LoadBalancerNames]);
      return {
        TagDescriptions: input.LoadBalancerNames.map((LoadBalancerName) => ({
          LoadBalancerName,
          Tags: LoadBalancerName.endsWith('0') ? [{ Key: 'project', Value: 'lima' }] : [],
        })),
      };
    });
    const snap = await collectWith(['elb.tags']);
    const { tags, errors } = elbSlice(snap);
    expect(errors).toEqual([]);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches.flat()).toEqual(names);
    expect(tags).toHaveLength(45);
    expect(tags[0]).toEqual({ LoadBalancerName: 'classic-00', Tags: [{ Key: 'project', Value: 'lima' }], Region: 'us-east-1', Arn: arn('classic-00') });
    expect(tags[1]).toEqual({ LoadBalancerName: 'classic-01', Tags: [], Region: 'us-east-1', Arn: arn('classic-01') });
  });

  it('makes no DescribeTags call in a region without Classic Load Balancers', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [] });
    const snap = await collectWith(['elb.tags']);
    expect(elbSlice(snap).tags).toEqual([]);
    expect(elb.commandCalls(DescribeTagsCommand)).toHaveLength(0);
  });
});
