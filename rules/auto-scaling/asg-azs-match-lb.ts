import { z } from 'zod';
import { asgZones, resolveAsgLoadBalancers, zonesMissing } from '../../src/aws-model/load-balancers.js';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'asg-azs-match-lb',
  section: 'auto-scaling',
  tip: 'Only use the availability zones (AZs) your ELB is configured for.',
  title: 'Auto Scaling groups only launch into zones their load balancers serve',
  kind: 'automatic',
  severity: 'medium',
  needs: ['autoscaling.groups', 'elb.loadBalancers', 'elbv2.loadBalancers', 'elbv2.targetGroups', 'ec2.subnets'],
  options: z.object({}),
  docs: {
    rationale:
      'If a group spans a zone its load balancer is not enabled in, it pays for instances there that receive no ' +
      'traffic (ELBv2 marks such targets "unused"), and capacity you think you have is missing.',
    checks:
      'Per (group, load balancer) pair, with load balancers reached through LoadBalancerNames, TargetGroupARNs or ' +
      'TrafficSources, and every load balancer of a target group. Group zones are AvailabilityZones plus the zones of ' +
      'the VPCZoneIdentifier subnets. A group zone the load balancer does not serve fails. The reverse (a load ' +
      'balancer zone without group instances) is a low warning for Classic and Network/Gateway Load Balancers, and info ' +
      'for Application Load Balancers, whose cross-zone load balancing is on by default. Zones compare by name.',
    remediation:
      'Enable the missing zones on the load balancer (one subnet per group zone), or remove the zone from the group.',
    cli: 'aws elbv2 set-subnets --load-balancer-arn <lb-arn> --subnets <one-subnet-per-group-zone>',
    outdated:
      'Still valid for ALB/NLB: targets in zones the load balancer does not serve are registered but "unused". ' +
      'Cross-zone load balancing is not read from load balancer attributes, so the reverse direction is a hint.',
    links: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-add-az-console.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-subnets.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing',
    ],
  },
  messages: {
    notChecked: '{{name}}: {{attachment}} was not checked ({{reason}})',
    zonesNotServed: '{{name}} launches into {{zones}}, which {{label}} does not serve: instances there get no traffic',
    zonesWithoutInstances:
      "{{label}} serves {{zones}} where {{name}} has no instances: that zone's load balancer node has no local targets unless cross-zone load balancing is on",
    zonesMatch: '{{name}} only uses zones {{label}} serves ({{zones}})',
    crossZoneCovers:
      '{{label}} also serves {{zones}}, where {{name}} has no instances (cross-zone load balancing, on by default for ALBs, covers it)',
  },
  *check({ autoscaling, elb, elbv2, ec2 }) {
    const inventory = { classic: elb.loadBalancers, elbv2: elbv2.loadBalancers, targetGroups: elbv2.targetGroups };
    for (const g of autoscaling.groups) {
      const { lbs, unresolved } = resolveAsgLoadBalancers(g, inventory);
      if (lbs.length === 0 && unresolved.length === 0) continue;
      const { zones, unresolvedSubnets } = asgZones(g, ec2.subnets);
      for (const u of unresolved)
        yield info(g, 'notChecked', { name: g.AutoScalingGroupName, attachment: u.id, reason: u.reason }, { subject: u.id, evidence: { attachment: u.id, kind: u.kind } });
      for (const lb of lbs) {
        const label = lb.kind === 'classic' ? `Classic load balancer ${lb.name}` : `${lb.lbType} load balancer ${lb.name}`;
        const notServed = zonesMissing(zones, lb.zones);
        const idle = zonesMissing(lb.zones, zones);
        const evidence = {
          loadBalancer: lb.arn,
          ...(lb.kind === 'elbv2' ? { targetGroup: lb.targetGroupArn } : {}),
          groupZones: zones,
          loadBalancerZones: lb.zones,
          ...(unresolvedSubnets.length ? { unresolvedSubnets } : {}),
        };
        if (notServed.length) {
          yield fail(g, 'zonesNotServed', { name: g.AutoScalingGroupName, zones: notServed.join(', '), label }, {
            subject: lb.arn,
            evidence: { ...evidence, zonesNotServed: notServed },
          });
          continue;
        }
        if (idle.length && !(lb.kind === 'elbv2' && lb.lbType === 'application')) {
          yield warn(g, 'zonesWithoutInstances', { label, zones: idle.join(', '), name: g.AutoScalingGroupName }, {
            severity: 'low',
            subject: lb.arn,
            evidence: { ...evidence, zonesWithoutInstances: idle },
          });
          continue;
        }
        yield pass(g, 'zonesMatch', { name: g.AutoScalingGroupName, label, zones: zones.join(', ') || 'none' }, { subject: lb.arn, evidence });
        if (idle.length)
          yield info(g, 'crossZoneCovers', { label, zones: idle.join(', '), name: g.AutoScalingGroupName }, {
            subject: lb.arn,
            evidence: { ...evidence, zonesWithoutInstances: idle },
          });
      }
    }
  },
});
