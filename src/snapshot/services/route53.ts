import { z } from 'zod';
import { dataset, item, optBool, optNum, optStr, str, tags } from '../dataset.js';

export const route53 = {
  hostedZones: dataset({
    identity: { id: 'Id', tags: { dataset: 'route53.hostedZoneTags' } },
    scope: 'global',
    operations: ['route53:ListHostedZones'],
    description: 'Public and private hosted zones (Id as the API returns it: /hostedzone/Z...).',
    schema: z.array(
      item({
        Id: str,
        Name: str,
        Config: z.looseObject({ PrivateZone: optBool, Comment: optStr }).nullish(),
        ResourceRecordSetCount: optNum,
      }),
    ),
  }),
  hostedZoneTags: dataset({
    identity: { id: 'Id', tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['route53:ListTagsForResources'],
    dependsOn: ['route53.hostedZones'],
    description: 'Tags of every hosted zone (ListTagsForResources, 10 zones a call); collected only for suppressions by tag.',
    schema: z.array(item({ Id: str, Tags: tags })),
  }),
  recordSets: dataset({
    identity: { id: 'Name' },
    scope: 'global',
    operations: ['route53:ListResourceRecordSets'],
    dependsOn: ['route53.hostedZones'],
    description:
      'Every record set of every hosted zone (ListResourceRecordSets, paged by hand), with its zone. A latency ' +
      "record's routing Region is kept as LatencyRegion (Region is the snapshot's location field: global).",
    schema: z.array(
      item({
        Name: str,
        Type: str,
        /** The zone's short id (Z...), name and visibility. */
        HostedZoneId: str,
        ZoneName: str,
        PrivateZone: z.boolean(),
        TTL: optNum,
        SetIdentifier: optStr,
        Weight: optNum,
        LatencyRegion: optStr,
        Failover: optStr,
        MultiValueAnswer: optBool,
        HealthCheckId: optStr,
        ResourceRecords: z.array(z.looseObject({ Value: optStr })).nullish(),
        AliasTarget: z.looseObject({ HostedZoneId: optStr, DNSName: optStr, EvaluateTargetHealth: optBool }).nullish(),
      }),
    ),
  }),
} as const;
