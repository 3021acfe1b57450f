import { z } from 'zod';
import { dataset, item, optNum, optStr, str, tags } from '../dataset.js';

export const elb = {
  loadBalancers: dataset({
    identity: { id: 'LoadBalancerName', tags: { dataset: 'elb.tags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeLoadBalancers'],
    description: 'Classic Load Balancers.',
    schema: z.array(
      item({
        LoadBalancerName: str,
        Scheme: optStr,
        DNSName: optStr,
        VPCId: optStr,
        AvailabilityZones: z.array(z.string()).nullish(),
        Instances: z.array(z.looseObject({ InstanceId: optStr })).nullish(),
        ListenerDescriptions: z
          .array(
            z.looseObject({
              Listener: z
                .looseObject({
                  Protocol: optStr,
                  LoadBalancerPort: optNum,
                  InstanceProtocol: optStr,
                  InstancePort: optNum,
                  SSLCertificateId: optStr,
                })
                .nullish(),
              PolicyNames: z.array(z.string()).nullish(),
            }),
          )
          .nullish(),
        HealthCheck: z.looseObject({ Target: optStr }).nullish(),
      }),
    ),
  }),
  loadBalancerAttributes: dataset({
    identity: { id: 'LoadBalancerName' },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
    dependsOn: ['elb.loadBalancers'],
    description:
      'Attributes of every Classic Load Balancer (DescribeLoadBalancerAttributes): CrossZoneLoadBalancing.Enabled is ' +
      'on by default when made in the console, off when made through the API or CLI.',
    schema: z.array(
      item({
        LoadBalancerName: str,
        CrossZoneLoadBalancing: z.looseObject({ Enabled: z.boolean().nullish() }).nullish(),
        ConnectionDraining: z.looseObject({ Enabled: z.boolean().nullish(), Timeout: optNum }).nullish(),
      }),
    ),
  }),
  tags: dataset({
    identity: { id: 'LoadBalancerName', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticloadbalancing:DescribeTags'],
    dependsOn: ['elb.loadBalancers'],
    description: 'Tags of every Classic Load Balancer (DescribeTags, 20 names a call).',
    schema: z.array(item({ LoadBalancerName: str, Tags: tags })),
  }),
} as const;
