import rule from '../../../rules/auto-scaling/asg-elb-health-check.js';
import { RuleTester } from '../../rule-tester.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1';
const LATTICE = 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123';
const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  Arn: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}`,
  MinSize: 2,
  MaxSize: 4,
  AvailabilityZones: ['us-east-1a', 'us-east-1b'],
  HealthCheckType: 'EC2',
  HealthCheckGracePeriod: 300,
  ...over,
});
const groups = (...gs: unknown[]) => ({ autoscaling: { groups: gs } });

RuleTester.run(rule, {
  valid: [
    { name: 'ALB target group with ELB health checks', snapshot: groups(group('web', { TargetGroupARNs: [TG], HealthCheckType: 'ELB' })) },
    { name: 'Classic load balancer with ELB health checks', snapshot: groups(group('web', { LoadBalancerNames: ['web-clb'], HealthCheckType: 'ELB' })) },
    { name: 'a comma-separated list containing ELB', snapshot: groups(group('web', { TargetGroupARNs: [TG], HealthCheckType: 'EC2,ELB,EBS' })) },
    { name: 'groups without a load balancer are not applicable', notApplicable: true, snapshot: groups(group('batch', { LoadBalancerNames: [], TargetGroupARNs: [] })) },
    {
      name: 'VPC Lattice only, with VPC_LATTICE checks',
      snapshot: groups(group('svc', { TrafficSources: [{ Identifier: LATTICE, Type: 'vpc-lattice' }], HealthCheckType: 'VPC_LATTICE' })),
    },
    { name: 'ELB checks with a zero grace period: pass plus info', snapshot: groups(group('web', { TargetGroupARNs: [TG], HealthCheckType: 'ELB', HealthCheckGracePeriod: 0 })) },
  ],
  invalid: [
    {
      name: 'ALB-only group on EC2 checks (Prowler would skip it: it requires Classic and v2)',
      snapshot: groups(group('web', { TargetGroupARNs: [TG], HealthCheckType: 'EC2' }), group('ok', { TargetGroupARNs: [TG], HealthCheckType: 'ELB' })),
      findings: [{ status: 'fail', severity: 'medium', resource: 'web', message: /1 target group\(s\) but uses EC2 health checks/ }],
      passes: ['ok'],
    },
    {
      name: 'attached only through TrafficSources',
      snapshot: groups(group('new', { TrafficSources: [{ Identifier: TG, Type: 'elbv2' }], HealthCheckType: 'EC2' })),
      findings: [{ status: 'fail', resource: 'new', evidence: { TargetGroupARNs: [TG] } }],
    },
    {
      name: 'Classic load balancer on EC2,EBS checks',
      snapshot: groups(group('old', { LoadBalancerNames: ['clb'], HealthCheckType: 'EC2,EBS' })),
      findings: [{ status: 'fail', resource: 'old', message: /EC2,EBS/ }],
    },
    {
      name: 'VPC Lattice only without VPC_LATTICE checks',
      snapshot: groups(group('svc', { TrafficSources: [{ Identifier: LATTICE, Type: 'vpc-lattice' }], HealthCheckType: 'ELB' })),
      findings: [{ status: 'fail', resource: 'svc', message: /VPC Lattice/ }],
    },
    {
      name: 'zero grace period is reported as info',
      snapshot: groups(group('web', { TargetGroupARNs: [TG], HealthCheckType: 'ELB', HealthCheckGracePeriod: 0 })),
      findings: [{ status: 'info', resource: 'web', message: /grace period of 0 s/ }],
      passes: ['web'],
    },
  ],
});
