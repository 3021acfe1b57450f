import { DescribeClusterCommand, EMRClient, ListClustersCommand } from '@aws-sdk/client-emr';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const emr = mockClient(EMRClient);
beforeEach(() => emr.reset());
afterEach(() => emr.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const arn = (id: string) => `arn:aws:elasticmapreduce:us-east-1:${ACCOUNT}:cluster/${id}`;

describe('emr.clusterTags', () => {
  it('one DescribeCluster per listed cluster, keeping only Tags; a denied one is an error naming it', async () => {
    emr.on(ListClustersCommand, { ClusterStates: ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATING'] }).resolves({
      Clusters: ['j-BASTION', 'j-WEB', 'j-DENIED'].map((Id) => ({ Id, ClusterArn: arn(Id), Name: Id })),
    });
    emr.on(ListClustersCommand, { ClusterStates: ['TERMINATED', 'TERMINATED_WITH_ERRORS'] }).resolves({ Clusters: [] });
    emr.on(DescribeClusterCommand, { ClusterId: 'j-BASTION' }).resolves({ Cluster: { Id: 'j-BASTION', Name: 'x', Tags: [{ Key: 'Role', Value: 'bastion' }] } as never })
      .on(DescribeClusterCommand, { ClusterId: 'j-WEB' }).resolves({ Cluster: { Id: 'j-WEB', Name: 'y' } as never })
      .on(DescribeClusterCommand, { ClusterId: 'j-DENIED' }).rejects(awsError('AccessDeniedException', 'no'));
    const snap = await collectWith(['emr.clusterTags']);
    const { clusterTags, errors } = snap.emr as Slice;
    expect(clusterTags).toEqual([
      { Id: 'j-BASTION', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: arn('j-BASTION') },
      { Id: 'j-WEB', Tags: [], Region: 'us-east-1', Arn: arn('j-WEB') },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'emr.clusterTags', operation: 'elasticmapreduce:DescribeCluster', code: 'AccessDeniedException', resource: arn('j-DENIED') }),
    ]);
  });
});
