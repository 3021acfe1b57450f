import { z } from 'zod';
import { dataset, date, item, optBool, optStr, str } from '../dataset.js';

/** RDS returns tags as TagList on instances and clusters. */
const tagList = z.array(z.looseObject({ Key: optStr, Value: optStr })).nullish();

export const rds = {
  dbInstances: dataset({
    identity: { id: 'DBInstanceIdentifier', tags: { field: 'TagList' } },
    scope: 'regional',
    operations: ['rds:DescribeDBInstances'],
    description: 'DB instances (RDS, Aurora members, and the Neptune/DocumentDB instances the RDS API also lists).',
    schema: z.array(
      item({
        DBInstanceIdentifier: str,
        DBInstanceArn: optStr,
        DBInstanceClass: optStr,
        Engine: optStr,
        DBInstanceStatus: optStr,
        MultiAZ: optBool,
        AvailabilityZone: optStr,
        SecondaryAvailabilityZone: optStr,
        /** Set when the instance is a member of an Aurora or Multi-AZ DB cluster. */
        DBClusterIdentifier: optStr,
        ReadReplicaSourceDBInstanceIdentifier: optStr,
        ReadReplicaSourceDBClusterIdentifier: optStr,
        InstanceCreateTime: date,
        TagList: tagList,
      }),
    ),
  }),
  dbClusters: dataset({
    identity: { id: 'DBClusterIdentifier', tags: { field: 'TagList' } },
    scope: 'regional',
    operations: ['rds:DescribeDBClusters'],
    description: 'DB clusters: Aurora, Multi-AZ DB clusters (and Neptune/DocumentDB clusters), with their members.',
    schema: z.array(
      item({
        DBClusterIdentifier: str,
        DBClusterArn: optStr,
        Engine: optStr,
        EngineMode: optStr,
        Status: optStr,
        MultiAZ: optBool,
        AvailabilityZones: z.array(z.string()).nullish(),
        DBClusterMembers: z
          .array(z.looseObject({ DBInstanceIdentifier: optStr, IsClusterWriter: optBool }))
          .nullish(),
        ReplicationSourceIdentifier: optStr,
        ClusterCreateTime: date,
        TagList: tagList,
      }),
    ),
  }),
  eventSubscriptions: dataset({
    identity: { id: 'CustSubscriptionId' },
    scope: 'regional',
    operations: ['rds:DescribeEventSubscriptions'],
    description:
      'RDS event notification subscriptions. Empty SourceIdsList / EventCategoriesList mean "all"; no SourceType means every source type.',
    schema: z.array(
      item({
        CustSubscriptionId: str,
        EventSubscriptionArn: optStr,
        SnsTopicArn: optStr,
        Status: optStr,
        SourceType: optStr,
        SourceIdsList: z.array(z.string()).nullish(),
        EventCategoriesList: z.array(z.string()).nullish(),
        Enabled: optBool,
      }),
    ),
  }),
} as const;
