import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

type Item = Record<string, unknown>;
type Slice = Record<string, Item[]> & { errors: Item[] };

const elb = mockClient(ElasticLoadBalancingClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
beforeEach(() => {
  elb.reset();
  elbv2.reset();
});
afterEach(() => {
  elb.reset();
  elbv2.reset();
});

const lbArn = (kind: string, name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/${kind}/${name}/0123456789abcdef`;
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`;
const cz = (v: string) => ({ Key: 'load_balancing.cross_zone.enabled', Value: v });

describe('elb.loadBalancerAttributes', () => {
  it('one call per Classic load balancer, items carry its ARN; a deleted one is skipped, a denied one is an error of that load balancer', async () => {
    elb.on(DescribeClassicLoadBalancersCommand).resolves({
      LoadBalancerDescriptions: [{ LoadBalancerName: 'web' }, { LoadBalancerName: 'gone' }, { LoadBalancerName: 'denied' }],
    });
    elb
      .on(DescribeClassicAttributesCommand, { LoadBalancerName: 'web' })
      .resolves({ LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true }, ConnectionDraining: { Enabled: true, Timeout: 300 } } })
      .on(DescribeClassicAttributesCommand, { LoadBalancerName: 'gone' })
      .rejects(awsError('LoadBalancerNotFound'))
      .on(DescribeClassicAttributesCommand, { LoadBalancerName: 'denied' })
      .rejects(awsError('AccessDenied'));
    const snap = await collectWith(['elb.loadBalancerAttributes']);
    const slice = snap.elb as Slice;
    expect(slice.loadBalancerAttributes).toEqual([
      expect.objectContaining({
        LoadBalancerName: 'web',
        CrossZoneLoadBalancing: { Enabled: true },
        Region: 'us-east-1',
        Arn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/web`,
      }),
    ]);
    expect(slice.errors).toEqual([
      expect.objectContaining({
        dataset: 'elb.loadBalancerAttributes',
        code: 'AccessDenied',
        operation: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
        resource: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/denied`,
      }),
    ]);
  });
});

describe('elbv2 attributes', () => {
  it('load balancer attributes: one call per ALB/NLB/GWLB, Key/Value pairs kept, a deleted one skipped', async () => {
    elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        { LoadBalancerArn: lbArn('net', 'tcp'), Type: 'network' },
        { LoadBalancerArn: lbArn('app', 'gone'), Type: 'application' },
      ],
    });
    elbv2
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: lbArn('net', 'tcp') })
      .resolves({ Attributes: [cz('true'), { Key: 'deletion_protection.enabled', Value: 'false' }] })
      .on(DescribeLoadBalancerAttributesCommand, { LoadBalancerArn: lbArn('app', 'gone') })
      .rejects(awsError('LoadBalancerNotFoundException'));
    const snap = await collectWith(['elbv2.loadBalancerAttributes']);
    const slice = snap.elbv2 as Slice;
    expect(slice.loadBalancerAttributes).toEqual([
      expect.objectContaining({ LoadBalancerArn: lbArn('net', 'tcp'), Arn: lbArn('net', 'tcp'), Region: 'us-east-1', Attributes: [cz('true'), { Key: 'deletion_protection.enabled', Value: 'false' }] }),
    ]);
    expect(slice.loadBalancerAttributes![0]).not.toHaveProperty('$metadata');
    expect(slice.errors).toEqual([]);
  });

  it('target group attributes: one call per target group; a failure is recorded against that target group only', async () => {
    elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: tgArn('web') }, { TargetGroupArn: tgArn('throttled') }] });
    elbv2
      .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: tgArn('web') })
      .resolves({ Attributes: [cz('use_load_balancer_configuration')] })
      .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: tgArn('throttled') })
      .rejects(awsError('AccessDenied'));
    const snap = await collectWith(['elbv2.targetGroupAttributes']);
    const slice = snap.elbv2 as Slice;
    expect(slice.targetGroupAttributes).toEqual([
      expect.objectContaining({ TargetGroupArn: tgArn('web'), Arn: tgArn('web'), Attributes: [cz('use_load_balancer_configuration')] }),
    ]);
    expect(slice.errors).toEqual([
      expect.objectContaining({
        dataset: 'elbv2.targetGroupAttributes',
        code: 'AccessDenied',
        operation: 'elasticloadbalancing:DescribeTargetGroupAttributes',
        resource: tgArn('throttled'),
      }),
    ]);
  });
});
