import { z } from 'zod';
import { arnResourceId } from '../../resource.js';
import { dataset, date, item, optNum, optStr, str, tags } from '../dataset.js';

const action = z.looseObject({
  Type: optStr,
  RedirectConfig: z.looseObject({ Protocol: optStr, Port: optStr, StatusCode: optStr }).nullish(),
  FixedResponseConfig: z.looseObject({ StatusCode: optStr }).nullish(),
  TargetGroupArn: optStr,
});
export type Elbv2Action = z.infer<typeof action>;

export const elbv2 = {
  loadBalancers: dataset({
    identity: { id: 'LoadBalancerName', tags: { dataset: 'elbv2.tags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeLoadBalancers'],
    description: 'Application, Network and Gateway Load Balancers.',
    schema: z.array(
      item({
        LoadBalancerArn: str,
        LoadBalancerName: optStr,
        Type: optStr,
        Scheme: optStr,
        VpcId: optStr,
        DNSName: optStr,
        State: z.looseObject({ Code: optStr }).nullish(),
        AvailabilityZones: z.array(z.looseObject({ ZoneName: optStr, SubnetId: optStr })).nullish(),
        SecurityGroups: z.array(z.string()).nullish(),
      }),
    ),
  }),
  listeners: dataset({
    identity: { id: (l) => arnResourceId(String(l.ListenerArn)) },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeListeners'],
    dependsOn: ['elbv2.loadBalancers'],
    description: 'Listeners of every ALB/NLB/GWLB.',
    schema: z.array(
      item({
        ListenerArn: str,
        LoadBalancerArn: str,
        Protocol: optStr,
        Port: optNum,
        SslPolicy: optStr,
        Certificates: z.array(z.looseObject({ CertificateArn: optStr })).nullish(),
        DefaultActions: z.array(action).nullish(),
      }),
    ),
  }),
  listenerRules: dataset({
    identity: { id: (r) => arnResourceId(String(r.RuleArn)) },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeRules'],
    dependsOn: ['elbv2.listeners'],
    description: 'Rules of every HTTP listener (other protocols have none).',
    schema: z.array(
      item({
        RuleArn: str,
        ListenerArn: str,
        Priority: optStr,
        IsDefault: z.boolean().nullish(),
        Actions: z.array(action).nullish(),
        /** What a rule matches (path-pattern "/*" matches every request). */
        Conditions: z
          .array(
            z.looseObject({
              Field: optStr,
              Values: z.array(z.string()).nullish(),
              PathPatternConfig: z.looseObject({ Values: z.array(z.string()).nullish() }).nullish(),
            }),
          )
          .nullish(),
      }),
    ),
  }),
  tags: dataset({
    identity: { id: (t) => arnResourceId(String(t.ResourceArn)), tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeTags'],
    dependsOn: ['elbv2.loadBalancers'],
    description: 'Tags of every ALB/NLB/GWLB (DescribeTags, 20 ARNs a call).',
    schema: z.array(item({ ResourceArn: str, Tags: tags })),
  }),
  targetGroupTags: dataset({
    identity: { id: (t) => arnResourceId(String(t.ResourceArn)), tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeTags'],
    dependsOn: ['elbv2.targetGroups'],
    description: 'Tags of every target group (DescribeTags, 20 ARNs a call); collected only for suppressions by tag.',
    schema: z.array(item({ ResourceArn: str, Tags: tags })),
  }),
  capacityReservations: dataset({
    identity: { id: (c) => arnResourceId(String(c.LoadBalancerArn)) },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeCapacityReservation'],
    dependsOn: ['elbv2.loadBalancers'],
    description:
      'LCU capacity reservation of every ALB and NLB (DescribeCapacityReservation); MinimumLoadBalancerCapacity is ' +
      'absent when none is reserved.',
    schema: z.array(
      item({
        LoadBalancerArn: str,
        LastModifiedTime: date,
        DecreaseRequestsRemaining: optNum,
        MinimumLoadBalancerCapacity: z.looseObject({ CapacityUnits: optNum }).nullish(),
        CapacityReservationState: z
          .array(
            z.looseObject({
              /** Code: "provisioned" | "pending" | "rebalancing" | "failed" */
              State: z.looseObject({ Code: optStr, Reason: optStr }).nullish(),
              AvailabilityZone: optStr,
              EffectiveCapacityUnits: optNum,
            }),
          )
          .nullish(),
      }),
    ),
  }),
  loadBalancerAttributes: dataset({
    identity: { id: (a) => arnResourceId(String(a.LoadBalancerArn)) },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
    dependsOn: ['elbv2.loadBalancers'],
    description:
      'Attributes of every ALB/NLB/GWLB (DescribeLoadBalancerAttributes), as Key/Value strings: ' +
      'load_balancing.cross_zone.enabled is "true" | "false" on NLBs and GWLBs (off by default); ALBs do not return it ' +
      '(cross-zone is always on at the ALB level).',
    schema: z.array(item({ LoadBalancerArn: str, Attributes: z.array(z.looseObject({ Key: optStr, Value: optStr })).nullish() })),
  }),
  targetGroupAttributes: dataset({
    identity: { id: (a) => arnResourceId(String(a.TargetGroupArn)) },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeTargetGroupAttributes'],
    dependsOn: ['elbv2.targetGroups'],
    description:
      'Attributes of every target group (DescribeTargetGroupAttributes), as Key/Value strings: ' +
      'load_balancing.cross_zone.enabled is "true" | "false" | "use_load_balancer_configuration" (the default).',
    schema: z.array(item({ TargetGroupArn: str, Attributes: z.array(z.looseObject({ Key: optStr, Value: optStr })).nullish() })),
  }),
  targetGroups: dataset({
    identity: { id: 'TargetGroupName', tags: { dataset: 'elbv2.targetGroupTags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeTargetGroups'],
    description: 'Target groups and the load balancers that route to them (LoadBalancerArns).',
    schema: z.array(
      item({
        TargetGroupArn: str,
        TargetGroupName: optStr,
        TargetType: optStr,
        Protocol: optStr,
        Port: optNum,
        VpcId: optStr,
        LoadBalancerArns: z.array(z.string()).nullish(),
      }),
    ),
  }),
} as const;
