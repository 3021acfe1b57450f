import { z } from 'zod';
import { dataset, date, item, optBool, optNum, optStr, str, tags } from '../dataset.js';

const endpoint = z.looseObject({ Address: optStr, Port: optNum }).nullish();

export const elasticache = {
  cacheClusters: dataset({
    identity: { id: 'CacheClusterId', tags: { dataset: 'elasticache.cacheClusterTags' } },
    scope: 'regional',
    operations: ['elasticache:DescribeCacheClusters'],
    description:
      'Cache clusters with their nodes (DescribeCacheClusters ShowCacheNodeInfo): Memcached clusters, standalone ' +
      'Redis/Valkey nodes, and the member clusters of replication groups (ReplicationGroupId set).',
    schema: z.array(
      item({
        CacheClusterId: str,
        ARN: optStr,
        Engine: optStr,
        EngineVersion: optStr,
        CacheNodeType: optStr,
        CacheClusterStatus: optStr,
        NumCacheNodes: optNum,
        PreferredAvailabilityZone: optStr,
        ReplicationGroupId: optStr,
        /** Memcached only: the `.cfg.` auto-discovery endpoint. */
        ConfigurationEndpoint: endpoint,
        CacheNodes: z
          .array(z.looseObject({ CacheNodeId: optStr, CacheNodeStatus: optStr, Endpoint: endpoint, CustomerAvailabilityZone: optStr }))
          .nullish(),
        CacheClusterCreateTime: date,
      }),
    ),
  }),
  replicationGroups: dataset({
    identity: { id: 'ReplicationGroupId', tags: { dataset: 'elasticache.replicationGroupTags' } },
    scope: 'regional',
    operations: ['elasticache:DescribeReplicationGroups'],
    description:
      'Redis OSS / Valkey replication groups: cluster mode, Multi-AZ and automatic failover, and every endpoint ' +
      '(configuration, per-shard primary/reader, per-node read endpoints).',
    schema: z.array(
      item({
        ReplicationGroupId: str,
        ARN: optStr,
        Description: optStr,
        Engine: optStr,
        Status: optStr,
        /** "enabled" | "disabled" */
        MultiAZ: optStr,
        /** "enabled" | "disabled" | "enabling" | "disabling" */
        AutomaticFailover: optStr,
        ClusterEnabled: optBool,
        ClusterMode: optStr,
        CacheNodeType: optStr,
        MemberClusters: z.array(z.string()).nullish(),
        ConfigurationEndpoint: endpoint,
        NodeGroups: z
          .array(
            z.looseObject({
              NodeGroupId: optStr,
              Status: optStr,
              PrimaryEndpoint: endpoint,
              ReaderEndpoint: endpoint,
              NodeGroupMembers: z
                .array(
                  z.looseObject({
                    CacheClusterId: optStr,
                    CacheNodeId: optStr,
                    ReadEndpoint: endpoint,
                    PreferredAvailabilityZone: optStr,
                    CurrentRole: optStr,
                  }),
                )
                .nullish(),
            }),
          )
          .nullish(),
        ReplicationGroupCreateTime: date,
      }),
    ),
  }),
  cacheClusterTags: dataset({
    identity: { id: 'CacheClusterId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticache:ListTagsForResource'],
    dependsOn: ['elasticache.cacheClusters'],
    description: 'Tags of every cache cluster (ListTagsForResource, one call each); collected only for suppressions by tag.',
    schema: z.array(item({ CacheClusterId: str, Tags: tags })),
  }),
  replicationGroupTags: dataset({
    identity: { id: 'ReplicationGroupId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['elasticache:ListTagsForResource'],
    dependsOn: ['elasticache.replicationGroups'],
    description: 'Tags of every replication group (ListTagsForResource, one call each); collected only for suppressions by tag.',
    schema: z.array(item({ ReplicationGroupId: str, Tags: tags })),
  }),
} as const;
