import { z } from 'zod';
import { asgAttachments } from '../../src/aws-model/load-balancers.js';
import { defineRule, fail, info, pass } from '../../src/rule.js';

export default defineRule({
  id: 'asg-elb-health-check',
  section: 'auto-scaling',
  tip: 'Use ELB health check instead of EC2 health checks.',
  title: 'Load-balanced Auto Scaling groups replace instances the load balancer finds unhealthy',
  kind: 'automatic',
  severity: 'medium',
  needs: ['autoscaling.groups'],
  options: z.object({}),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'AutoScaling.1', coverage: 'full',
      note: 'Classic and target-group attachments; VPC Lattice-only groups need VPC_LATTICE (outside the control).',
    },
    {
      framework: 'aws-well-architected', control: 'REL11-BP03', coverage: 'partial',
      note: 'Checks one healing mechanism: Auto Scaling replaces instances its load balancer finds unhealthy.',
    },
  ],
  docs: {
    rationale:
      'EC2 status checks only see whether an instance is up on the network. When the load balancer marks an instance ' +
      'unhealthy, the group should terminate and replace it; with EC2 checks alone it keeps a broken instance that ' +
      'silently receives no traffic (or black-holes it).',
    checks:
      'Only groups attached to a load balancer: LoadBalancerNames, TargetGroupARNs or TrafficSources of type elb/elbv2 ' +
      '(an ALB-only group counts: Classic and v2 are not both required). HealthCheckType is a comma-separated list ' +
      '(EC2, ELB, EBS, VPC_LATTICE): it passes when it contains ELB, fails otherwise. A group attached only to VPC ' +
      'Lattice needs VPC_LATTICE. ELB checks with a zero grace period are reported as info (instances may be killed ' +
      'while booting). Groups without a load balancer are not applicable.',
    remediation: 'Switch the group to ELB health checks, with a grace period covering instance start-up.',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --health-check-type ELB --health-check-grace-period 300',
    outdated: 'Still valid. EBS and VPC Lattice health checks have since been added alongside ELB and EC2.',
    links: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html',
    ],
  },
  messages: {
    noLbHealthCheck:
      '{{name}} is attached to {{attached}} but uses {{types}} health checks: instances the load balancer marks unhealthy are never replaced',
    lbHealthCheck: '{{name}} uses {{needed}} health checks for {{attached}}',
    noGracePeriod: '{{name}} has a health check grace period of 0 s: instances can be replaced before they finish booting',
  },
  *check({ autoscaling }) {
    for (const g of autoscaling.groups) {
      const att = asgAttachments(g);
      const lbs = att.classic.length + att.targetGroups.length;
      if (lbs === 0 && att.lattice.length === 0) continue;
      const types = (g.HealthCheckType || 'EC2').split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
      const needed = lbs > 0 ? 'ELB' : 'VPC_LATTICE';
      const attached =
        lbs > 0
          ? [att.classic.length ? `${att.classic.length} Classic load balancer(s)` : '', att.targetGroups.length ? `${att.targetGroups.length} target group(s)` : '']
              .filter(Boolean)
              .join(' and ')
          : `${att.lattice.length} VPC Lattice target group(s)`;
      const evidence = {
        HealthCheckType: g.HealthCheckType ?? null,
        HealthCheckGracePeriod: g.HealthCheckGracePeriod ?? null,
        LoadBalancerNames: att.classic,
        TargetGroupARNs: att.targetGroups,
        VpcLatticeTargetGroups: att.lattice,
      };
      if (!types.includes(needed)) {
        yield fail(g, 'noLbHealthCheck', { name: g.AutoScalingGroupName, attached, types: types.join(',') }, { evidence });
        continue;
      }
      yield pass(g, 'lbHealthCheck', { name: g.AutoScalingGroupName, needed, attached }, { evidence });
      if (g.HealthCheckGracePeriod === 0)
        yield info(g, 'noGracePeriod', { name: g.AutoScalingGroupName }, { evidence });
    }
  },
});
