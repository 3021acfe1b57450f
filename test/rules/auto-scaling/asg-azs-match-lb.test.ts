import rule from '../../../rules/auto-scaling/asg-azs-match-lb.js';
import { RuleTester } from '../../rule-tester.js';

const A = 'us-east-1a';
const B = 'us-east-1b';
const C = 'us-east-1c';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/2';

const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  Arn: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}`,
  MinSize: 2,
  MaxSize: 4,
  HealthCheckType: 'ELB',
  ...over,
});
const alb = (zones: string[], arn = ALB, Type = 'application') => ({
  LoadBalancerArn: arn,
  Arn: arn,
  LoadBalancerName: arn.split('/')[2],
  Type,
  AvailabilityZones: zones.map((ZoneName) => ({ ZoneName })),
});
const clb = (name: string, zones: string[]) => ({ LoadBalancerName: name, AvailabilityZones: zones });
const tg = (lbs: string[], arn = TG) => ({ TargetGroupArn: arn, Arn: arn, LoadBalancerArns: lbs });
const subnets = [
  { SubnetId: 'subnet-a', AvailabilityZone: A },
  { SubnetId: 'subnet-b', AvailabilityZone: B },
  { SubnetId: 'subnet-c', AvailabilityZone: C },
];
type Attrs = { Key: string; Value: string }[];
const crossZone = (on: boolean | string): Attrs => [{ Key: 'load_balancing.cross_zone.enabled', Value: String(on) }];
/**
 * Attributes default to those of every listed resource (target groups "use_load_balancer_configuration", NLBs off,
 * Classic off); pass lists to replace them, an omitted entry being an attribute read that failed.
 */
const snap = (
  groups: unknown[],
  opts: { classic?: unknown[]; v2?: unknown[]; tgs?: unknown[]; classicAttrs?: unknown[]; v2Attrs?: unknown[]; tgAttrs?: unknown[] } = {},
) => ({
  autoscaling: { groups },
  elb: {
    loadBalancers: opts.classic ?? [],
    loadBalancerAttributes:
      opts.classicAttrs ??
      (opts.classic ?? []).map((lb) => ({ LoadBalancerName: (lb as { LoadBalancerName: string }).LoadBalancerName, CrossZoneLoadBalancing: { Enabled: false } })),
  },
  elbv2: {
    loadBalancers: opts.v2 ?? [],
    targetGroups: opts.tgs ?? [],
    loadBalancerAttributes:
      opts.v2Attrs ??
      (opts.v2 ?? []).map((lb) => {
        const { LoadBalancerArn, Type } = lb as { LoadBalancerArn: string; Type: string };
        return { LoadBalancerArn, Attributes: Type === 'application' ? [] : crossZone(false) };
      }),
    targetGroupAttributes:
      opts.tgAttrs ??
      (opts.tgs ?? []).map((t) => ({ TargetGroupArn: (t as { TargetGroupArn: string }).TargetGroupArn, Attributes: crossZone('use_load_balancer_configuration') })),
  },
  ec2: { subnets },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'ALB in the same two zones as the group subnets',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b', AvailabilityZones: [A, B] })], { v2: [alb([A, B])], tgs: [tg([ALB])] }),
    },
    {
      name: 'ALB in an extra zone: passes (cross-zone always on at the ALB level)',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], { v2: [alb([A, B, C])], tgs: [tg([ALB])] }),
    },
    {
      name: 'Classic load balancer matching AvailabilityZones (no subnets)',
      snapshot: snap([group('old', { LoadBalancerNames: ['clb'], AvailabilityZones: [A, B] })], { classic: [clb('clb', [B, A])] }),
    },
    { name: 'groups without load balancers are not applicable', notApplicable: true, snapshot: snap([group('batch', { AvailabilityZones: [A, B, C] })]) },
    {
      name: 'NLB in an extra zone with cross-zone on at the load balancer: passes (cross-zone spreads the load)',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a' })], {
        v2: [alb([A, B], NLB, 'network')],
        tgs: [tg([NLB])],
        v2Attrs: [{ LoadBalancerArn: NLB, Attributes: crossZone(true) }],
      }),
    },
    {
      name: 'NLB off but its target group turns cross-zone on: passes',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a' })], {
        v2: [alb([A, B], NLB, 'network')],
        tgs: [tg([NLB])],
        tgAttrs: [{ TargetGroupArn: TG, Attributes: crossZone(true) }],
      }),
    },
    {
      name: 'Classic load balancer in an extra zone with CrossZoneLoadBalancing on: passes',
      snapshot: snap([group('old', { LoadBalancerNames: ['clb'], AvailabilityZones: [A] })], {
        classic: [clb('clb', [A, B])],
        classicAttrs: [{ LoadBalancerName: 'clb', CrossZoneLoadBalancing: { Enabled: true } }],
      }),
    },
  ],
  invalid: [
    {
      name: 'one group behind two load balancers: a verdict per load balancer (the load balancer is the subject)',
      snapshot: snap([group('web', { TargetGroupARNs: [TG, `${TG}2`], VPCZoneIdentifier: 'subnet-a,subnet-b,subnet-c' })], {
        v2: [alb([A, B]), alb([A, B], `${ALB}0`)],
        tgs: [tg([ALB]), tg([`${ALB}0`], `${TG}2`)],
      }),
      findings: [
        { status: 'fail', messageId: 'zonesNotServed', resource: 'web', evidence: { loadBalancer: ALB } },
        { status: 'fail', messageId: 'zonesNotServed', resource: 'web', evidence: { loadBalancer: `${ALB}0` } },
      ],
    },
    {
      name: 'group subnet in a zone the ALB does not serve',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b,subnet-c', AvailabilityZones: [A, B, C] })], {
        v2: [alb([A, B])],
        tgs: [tg([ALB])],
      }),
      findings: [{ status: 'fail', severity: 'medium', resource: 'web', message: /launches into us-east-1c, which application load balancer web does not serve/, evidence: { zonesNotServed: [C] } }],
    },
    {
      name: 'VPCZoneIdentifier subnets are mapped to zones even when AvailabilityZones is empty',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a, subnet-c' })], { v2: [alb([A, B])], tgs: [tg([ALB])] }),
      findings: [{ status: 'fail', resource: 'web', evidence: { groupZones: [A, C], zonesNotServed: [C] } }],
    },
    {
      name: 'a target group behind two load balancers: each pair is evaluated',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], {
        v2: [alb([A, B]), alb([A], NLB, 'network')],
        tgs: [tg([ALB, NLB])],
      }),
      findings: [{ status: 'fail', resource: 'web', message: /network load balancer web/, evidence: { loadBalancer: NLB, zonesNotServed: [B] } }],
    },
    {
      name: 'NLB serving a zone without instances: low warning',
      snapshot: snap([group('web', { TrafficSources: [{ Identifier: TG, Type: 'elbv2' }], VPCZoneIdentifier: 'subnet-a' })], {
        v2: [alb([A, B], NLB, 'network')],
        tgs: [tg([NLB])],
      }),
      findings: [{ status: 'warn', severity: 'low', resource: 'web', evidence: { zonesWithoutInstances: [B] } }],
    },
    {
      name: 'Classic load balancer reached through TrafficSources, missing a zone',
      snapshot: snap([group('old', { TrafficSources: [{ Identifier: 'clb', Type: 'elb' }], AvailabilityZones: [A, B] })], { classic: [clb('clb', [A])] }),
      findings: [{ status: 'fail', resource: 'old', message: /Classic load balancer clb/ }],
    },
    {
      name: 'ALB in an extra zone, target group using the load balancer setting: passes, cross-zone (always on for ALBs) spreads the load',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], { v2: [alb([A, B, C])], tgs: [tg([ALB])] }),
      findings: [],
      passes: ['web'],
    },
    {
      name: 'ALB in an extra zone, target group turns cross-zone off: low warning',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], {
        v2: [alb([A, B, C])],
        tgs: [tg([ALB])],
        tgAttrs: [{ TargetGroupArn: TG, Attributes: crossZone(false) }],
      }),
      findings: [{ status: 'warn', messageId: 'zonesWithoutInstances', severity: 'low', resource: 'web', evidence: { zonesWithoutInstances: [C], crossZone: 'off', crossZoneSource: 'target-group' } }],
    },
    {
      name: 'target group attributes not read: error for that pair, no pass',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], { v2: [alb([A, B, C])], tgs: [tg([ALB])], tgAttrs: [] }),
      findings: [{ status: 'error', messageId: 'crossZoneUnknown', resource: 'web', message: /could not be read/, evidence: { unread: TG } }],
    },
    {
      name: 'NLB attributes not read (target group defers to it): error, no pass',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a' })], { v2: [alb([A, B], NLB, 'network')], tgs: [tg([NLB])], v2Attrs: [] }),
      findings: [{ status: 'error', messageId: 'crossZoneUnknown', resource: 'web', evidence: { unread: NLB } }],
    },
    {
      name: 'Classic load balancer with CrossZoneLoadBalancing off in an extra zone: low warning; unread: error',
      snapshot: snap([group('old', { LoadBalancerNames: ['clb'], AvailabilityZones: [A] }), group('older', { LoadBalancerNames: ['clb2'], AvailabilityZones: [A] })], {
        classic: [clb('clb', [A, B]), clb('clb2', [A, B])],
        classicAttrs: [{ LoadBalancerName: 'clb', CrossZoneLoadBalancing: { Enabled: false } }],
      }),
      findings: [
        { status: 'warn', messageId: 'zonesWithoutInstances', resource: 'old', evidence: { crossZone: 'off', crossZoneSource: 'classic' } },
        { status: 'error', messageId: 'crossZoneUnknown', resource: 'older' },
      ],
    },
    {
      name: 'unattached target group or unknown load balancer: info, not a verdict',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], LoadBalancerNames: ['gone'], AvailabilityZones: [A] })], { tgs: [tg([])] }),
      findings: [
        { status: 'info', resource: 'web', message: /not used by any load balancer/ },
        { status: 'info', resource: 'web', message: /gone was not checked/ },
      ],
    },
  ],
});
