import {
  RDSClient,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeEventSubscriptions,
} from '@aws-sdk/client-rds';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined } from '../util.js';

const rds = (ctx: CollectorContext) => ctx.client<RDSClient>('rds');
/** RDS pages hold 20 to 100 records. */
const PAGE = { pageSize: 100 };

export const collectors: ServiceCollectors = {
  async dbInstances(ctx) {
    const client = await rds(ctx);
    const instances = await allPages(paginateDescribeDBInstances({ client, ...PAGE }, {}), (p) => p.DBInstances);
    return instances.map((i) => ({
      ...blankToUndefined(i, ['DBClusterIdentifier', 'ReadReplicaSourceDBInstanceIdentifier', 'ReadReplicaSourceDBClusterIdentifier']),
      DBInstanceIdentifier: i.DBInstanceIdentifier!,
      Region: ctx.region,
      Arn: i.DBInstanceArn ?? ctx.arn('rds', `db:${i.DBInstanceIdentifier}`),
    }));
  },

  async dbClusters(ctx) {
    const client = await rds(ctx);
    const clusters = await allPages(paginateDescribeDBClusters({ client, ...PAGE }, {}), (p) => p.DBClusters);
    return clusters.map((c) => ({
      ...blankToUndefined(c, ['ReplicationSourceIdentifier']),
      DBClusterIdentifier: c.DBClusterIdentifier!,
      Region: ctx.region,
      Arn: c.DBClusterArn ?? ctx.arn('rds', `cluster:${c.DBClusterIdentifier}`),
    }));
  },

  async eventSubscriptions(ctx) {
    const client = await rds(ctx);
    const subs = await allPages(
      paginateDescribeEventSubscriptions({ client, ...PAGE }, {}),
      (p) => p.EventSubscriptionsList,
    );
    return subs.map((s) => ({
      ...blankToUndefined(s, ['SourceType']),
      CustSubscriptionId: s.CustSubscriptionId!,
      Region: ctx.region,
      Arn: s.EventSubscriptionArn ?? ctx.arn('rds', `es:${s.CustSubscriptionId}`),
    }));
  },
};
