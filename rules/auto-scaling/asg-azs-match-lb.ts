import { z } from 'zod';
import { asgZones, crossZone, resolveAsgLoadBalancers, zonesMissing } from '../../src/aws-model/load-balancers.js';
import { defineRule, error, fail, info, pass, warn } from '../../src/rule.js';

/** A zone a group launches into that its load balancer does not serve is proven by these alone. */
const ZONES = ['autoscaling.groups', 'elb.loadBalancers', 'elbv2.loadBalancers', 'elbv2.targetGroups', 'ec2.subnets'] as const;

const SOURCE = {
  classic: 'on for this Classic load balancer',
  'load-balancer': 'on for this load balancer',
  'target-group': 'on for this target group',
  'alb-default': 'always on at the ALB level',
} as const;

export default defineRule({
  id: 'asg-azs-match-lb',
  section: 'auto-scaling',
  tip: 'Only use the availability zones (AZs) your ELB is configured for.',
  title: 'Auto Scaling groups only launch into zones their load balancers serve',
  kind: 'automatic',
  severity: 'medium',
  needs: [
    'autoscaling.groups',
    'elb.loadBalancers',
    'elb.loadBalancerAttributes',
    'elbv2.loadBalancers',
    'elbv2.loadBalancerAttributes',
    'elbv2.targetGroups',
    'elbv2.targetGroupAttributes',
    'ec2.subnets',
  ],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'If a group spans a zone its load balancer is not enabled in, it pays for instances there that receive no ' +
      'traffic (ELBv2 marks such targets "unused"), and capacity you think you have is missing.',
    checks:
      'Per (group, load balancer) pair, with load balancers reached through LoadBalancerNames, TargetGroupARNs or ' +
      'TrafficSources, and every load balancer of a target group. Group zones are AvailabilityZones plus the zones of ' +
      'the VPCZoneIdentifier subnets. A group zone the load balancer does not serve fails. The reverse (a load ' +
      'balancer zone without group instances) is a low warning only when cross-zone load balancing is off on the path ' +
      'the group is attached to, and passes when it is on: Classic CrossZoneLoadBalancing.Enabled; for ELBv2 the target ' +
      'group attribute load_balancing.cross_zone.enabled ("true" / "false") wins, and "use_load_balancer_configuration" ' +
      'defers to the load balancer (always on for an ALB, its own attribute for an NLB/GWLB, off by default). A setting ' +
      'that could not be read is an error for that pair, never a pass. Zones compare by name.',
    remediation:
      'Enable the missing zones on the load balancer (one subnet per group zone), or remove the zone from the group.',
    cli: 'aws elbv2 set-subnets --load-balancer-arn <lb-arn> --subnets <one-subnet-per-group-zone>',
    outdated:
      'Still valid for ALB/NLB: targets in zones the load balancer does not serve are registered but "unused". ' +
      'The catalogue says ALB cross-zone is "on by default"; per the ELB docs it is always on at the ALB level and can ' +
      'only be turned off per target group, which is what this rule reads.',
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
    crossZoneSpreads:
      '{{label}} also serves {{zones}}, where {{name}} has no instances: cross-zone load balancing ({{source}}) spreads the load to the zones that have',
    crossZoneUnknown:
      '{{label}} serves {{zones}}, where {{name}} has no instances, and whether cross-zone load balancing is on could not be read ({{unread}})',
  },
  *check({ autoscaling, elb, elbv2, ec2 }) {
    const inventory = { classic: elb.loadBalancers, elbv2: elbv2.loadBalancers, targetGroups: elbv2.targetGroups };
    const attributes = { classic: elb.loadBalancerAttributes, elbv2: elbv2.loadBalancerAttributes, targetGroups: elbv2.targetGroupAttributes };
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
            provenBy: ZONES,
          });
          continue;
        }
        if (idle.length === 0) {
          yield pass(g, 'zonesMatch', { name: g.AutoScalingGroupName, label, zones: zones.join(', ') || 'none' }, { subject: lb.arn, evidence });
          continue;
        }
        const data = { label, zones: idle.join(', '), name: g.AutoScalingGroupName };
        const cz = crossZone(lb, attributes);
        if (cz.state === 'unknown')
          yield error(g, 'crossZoneUnknown', { ...data, unread: cz.missing }, { subject: lb.arn, evidence: { ...evidence, zonesWithoutInstances: idle, unread: cz.missing } });
        else if (cz.state === 'off')
          yield warn(g, 'zonesWithoutInstances', data, {
            severity: 'low',
            subject: lb.arn,
            evidence: { ...evidence, zonesWithoutInstances: idle, crossZone: 'off', crossZoneSource: cz.source },
          });
        else
          yield pass(g, 'crossZoneSpreads', { ...data, source: SOURCE[cz.source] }, {
            subject: lb.arn,
            evidence: { ...evidence, zonesWithoutInstances: idle, crossZone: 'on', crossZoneSource: cz.source },
          });
      }
    }
  },
});
