import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeEventSubscriptionsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const rds = mockClient(RDSClient);
const regionOf = (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();

beforeEach(() => rds.reset());
afterEach(() => rds.reset());

describe('rds collectors', () => {
  it('collects DB instances across two pages, with region and ARN', async () => {
    rds
      .on(DescribeDBInstancesCommand, { Marker: undefined })
      .resolves({
        DBInstances: [
          { DBInstanceIdentifier: 'db1', DBInstanceArn: 'arn:aws:rds:us-east-1:123456789012:db:db1', MultiAZ: true, Engine: 'postgres', DBClusterIdentifier: '' },
        ],
        Marker: 'page2',
      })
      .on(DescribeDBInstancesCommand, { Marker: 'page2' })
      .resolves({
        DBInstances: [{ DBInstanceIdentifier: 'aurora-1', MultiAZ: false, Engine: 'aurora-mysql', DBClusterIdentifier: 'aur' }],
      });
    const snap = await collectWith(['rds.dbInstances']);
    const items = (snap.rds as { dbInstances: Record<string, unknown>[] }).dbInstances;
    expect(items.map((i) => i.DBInstanceIdentifier)).toEqual(['db1', 'aurora-1']);
    expect(items[0]).toMatchObject({ Region: 'us-east-1', Arn: 'arn:aws:rds:us-east-1:123456789012:db:db1', MultiAZ: true });
    expect(items[0]!.DBClusterIdentifier).toBeUndefined();
    expect(items[1]).toMatchObject({ Arn: 'arn:aws:rds:us-east-1:123456789012:db:aurora-1', DBClusterIdentifier: 'aur' });
    const calls = rds.commandCalls(DescribeDBInstancesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.MaxRecords).toBe(100);
  });

  it('collects DB clusters; AccessDenied in one region is an error for that region only', async () => {
    rds.on(DescribeDBClustersCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient as never)) === 'eu-west-1') throw awsError('AccessDenied', 'not authorized to perform rds:DescribeDBClusters');
      return {
        DBClusters: [
          {
            DBClusterIdentifier: 'aur',
            DBClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:aur',
            Engine: 'aurora-mysql',
            MultiAZ: true,
            DBClusterMembers: [{ DBInstanceIdentifier: 'aurora-1', IsClusterWriter: true }, { DBInstanceIdentifier: 'aurora-2', IsClusterWriter: false }],
          },
        ],
      };
    });
    const snap = await collectWith(['rds.dbClusters'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.rds as { dbClusters: Record<string, unknown>[]; errors: Record<string, unknown>[] };
    expect(slice.dbClusters).toHaveLength(1);
    expect(slice.dbClusters[0]).toMatchObject({ DBClusterIdentifier: 'aur', Region: 'us-east-1' });
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'rds.dbClusters', region: 'eu-west-1', code: 'AccessDenied', operation: 'rds:DescribeDBClusters' }),
    ]);
  });

  it('collects event subscriptions, keeping empty lists and a missing SourceType as "all"', async () => {
    rds.on(DescribeEventSubscriptionsCommand).resolves({
      EventSubscriptionsList: [
        {
          CustSubscriptionId: 'rds-failover-instances',
          EventSubscriptionArn: 'arn:aws:rds:us-east-1:123456789012:es:rds-failover-instances',
          SnsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
          Status: 'active',
          SourceType: 'db-instance',
          EventCategoriesList: ['failover', 'failure'],
          SourceIdsList: [],
          Enabled: true,
        },
        { CustSubscriptionId: 'everything', Status: 'active', Enabled: true, SourceType: '' },
      ],
    });
    const snap = await collectWith(['rds.eventSubscriptions']);
    const subs = (snap.rds as { eventSubscriptions: Record<string, unknown>[] }).eventSubscriptions;
    expect(subs[0]).toMatchObject({ CustSubscriptionId: 'rds-failover-instances', EventCategoriesList: ['failover', 'failure'] });
    expect(subs[1]).toMatchObject({ Arn: 'arn:aws:rds:us-east-1:123456789012:es:everything' });
    expect(subs[1]!.SourceType).toBeUndefined();
  });
});
