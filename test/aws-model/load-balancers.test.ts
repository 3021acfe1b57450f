import { describe, expect, it } from 'vitest';
import {
  asgAttachments,
  asgZones,
  isLoadBalanced,
  resolveAsgLoadBalancers,
  trafficSourceType,
  zonesMissing,
} from '../../src/aws-model/load-balancers.js';

const R = 'us-east-1';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/2';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/2';
const LATTICE = 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123';

const asg = (over: Record<string, unknown> = {}) => ({ Region: R, AutoScalingGroupName: 'web', ...over });

describe('asgAttachments', () => {
  it('merges LoadBalancerNames, TargetGroupARNs and TrafficSources without duplicates', () => {
    const a = asgAttachments(
      asg({
        LoadBalancerNames: ['classic'],
        TargetGroupARNs: [TG],
        TrafficSources: [
          { Identifier: TG, Type: 'elbv2' },
          { Identifier: TG2, Type: 'elbv2' },
          { Identifier: 'classic2', Type: 'elb' },
          { Identifier: LATTICE, Type: 'vpc-lattice' },
        ],
      }),
    );
    expect(a).toEqual({ classic: ['classic', 'classic2'], targetGroups: [TG, TG2], lattice: [LATTICE] });
  });

  it('infers a missing traffic source Type from the identifier', () => {
    expect(trafficSourceType({ Identifier: TG })).toBe('elbv2');
    expect(trafficSourceType({ Identifier: LATTICE })).toBe('vpc-lattice');
    expect(trafficSourceType({ Identifier: 'my-clb' })).toBe('elb');
    expect(trafficSourceType({ Identifier: '' })).toBeUndefined();
  });

  it('is load balanced through TrafficSources alone, but not through VPC Lattice alone', () => {
    expect(isLoadBalanced(asg({ TrafficSources: [{ Identifier: TG, Type: 'elbv2' }] }))).toBe(true);
    expect(isLoadBalanced(asg({ TrafficSources: [{ Identifier: LATTICE, Type: 'vpc-lattice' }] }))).toBe(false);
    expect(isLoadBalanced(asg({ LoadBalancerNames: [], TargetGroupARNs: [] }))).toBe(false);
  });
});

describe('asgZones', () => {
  const subnets = [
    { Region: R, SubnetId: 'subnet-a', AvailabilityZone: 'us-east-1a' },
    { Region: R, SubnetId: 'subnet-b', AvailabilityZone: 'us-east-1b' },
    { Region: 'eu-west-1', SubnetId: 'subnet-c', AvailabilityZone: 'eu-west-1c' },
  ];

  it('maps VPCZoneIdentifier subnets to zones and unions with AvailabilityZones', () => {
    expect(asgZones(asg({ AvailabilityZones: ['us-east-1a'], VPCZoneIdentifier: 'subnet-a, subnet-b' }), subnets)).toEqual({
      zones: ['us-east-1a', 'us-east-1b'],
      unresolvedSubnets: [],
    });
  });

  it('reports subnets it cannot place (other region, unknown)', () => {
    expect(asgZones(asg({ AvailabilityZones: ['us-east-1a'], VPCZoneIdentifier: 'subnet-a,subnet-c,subnet-x' }), subnets)).toEqual({
      zones: ['us-east-1a'],
      unresolvedSubnets: ['subnet-c', 'subnet-x'],
    });
  });

  it('works without subnets (EC2-Classic style groups) and with "" (moto)', () => {
    expect(asgZones(asg({ AvailabilityZones: ['us-east-1b', 'us-east-1a'], VPCZoneIdentifier: '' }), subnets).zones).toEqual([
      'us-east-1a',
      'us-east-1b',
    ]);
  });
});

describe('resolveAsgLoadBalancers', () => {
  const inv = {
    classic: [{ Region: R, Arn: 'arn:clb', LoadBalancerName: 'classic', AvailabilityZones: ['us-east-1a', 'us-east-1b'] }],
    elbv2: [
      { Region: R, Arn: ALB, LoadBalancerArn: ALB, LoadBalancerName: 'web', Type: 'application', AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }] },
      { Region: R, Arn: NLB, LoadBalancerArn: NLB, LoadBalancerName: 'web-nlb', Type: 'network', AvailabilityZones: [{ ZoneName: 'us-east-1a' }] },
    ],
    targetGroups: [
      { Region: R, TargetGroupArn: TG, LoadBalancerArns: [ALB, NLB] },
      { Region: R, TargetGroupArn: TG2, LoadBalancerArns: [] },
    ],
  };

  it('resolves Classic names and every load balancer of every target group', () => {
    const { lbs, unresolved } = resolveAsgLoadBalancers(asg({ LoadBalancerNames: ['classic'], TargetGroupARNs: [TG] }), inv);
    expect(lbs.map((l) => [l.kind, l.name, l.zones.join(',')])).toEqual([
      ['classic', 'classic', 'us-east-1a,us-east-1b'],
      ['elbv2', 'web', 'us-east-1a,us-east-1b'],
      ['elbv2', 'web-nlb', 'us-east-1a'],
    ]);
    expect(unresolved).toEqual([]);
  });

  it('says why nothing resolved: unknown name, unattached target group, other region', () => {
    const { lbs, unresolved } = resolveAsgLoadBalancers(
      asg({ Region: 'eu-west-1', LoadBalancerNames: ['classic'], TargetGroupARNs: [TG] }),
      inv,
    );
    expect(lbs).toEqual([]);
    expect(unresolved.map((u) => u.kind)).toEqual(['classic', 'target-group']);
    expect(resolveAsgLoadBalancers(asg({ TargetGroupARNs: [TG2] }), inv).unresolved[0]!.reason).toMatch(/not used by any load balancer/);
  });

  it('zonesMissing is a sorted set difference', () => {
    expect(zonesMissing(['c', 'a', 'b', 'a'], ['b'])).toEqual(['a', 'c']);
  });
});
