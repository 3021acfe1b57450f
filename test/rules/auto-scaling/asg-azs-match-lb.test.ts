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
const snap = (groups: unknown[], opts: { classic?: unknown[]; v2?: unknown[]; tgs?: unknown[] } = {}) => ({
  autoscaling: { groups },
  elb: { loadBalancers: opts.classic ?? [] },
  elbv2: { loadBalancers: opts.v2 ?? [], targetGroups: opts.tgs ?? [] },
  ec2: { subnets },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'ALB in the same two zones as the group subnets',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b', AvailabilityZones: [A, B] })], { v2: [alb([A, B])], tgs: [tg([ALB])] }),
    },
    {
      name: 'ALB in an extra zone: info only (cross-zone on by default)',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], { v2: [alb([A, B, C])], tgs: [tg([ALB])] }),
    },
    {
      name: 'Classic load balancer matching AvailabilityZones (no subnets)',
      snapshot: snap([group('old', { LoadBalancerNames: ['clb'], AvailabilityZones: [A, B] })], { classic: [clb('clb', [B, A])] }),
    },
    { name: 'groups without load balancers are not applicable', notApplicable: true, snapshot: snap([group('batch', { AvailabilityZones: [A, B, C] })]) },
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
      name: 'ALB in an extra zone: pass plus info',
      snapshot: snap([group('web', { TargetGroupARNs: [TG], VPCZoneIdentifier: 'subnet-a,subnet-b' })], { v2: [alb([A, B, C])], tgs: [tg([ALB])] }),
      findings: [{ status: 'info', resource: 'web', message: /also serves us-east-1c/ }],
      passes: ['web'],
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
