import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

type Slice = { clusters?: Record<string, unknown>[]; errors: Record<string, unknown>[] };
const eks = mockClient(EKSClient);
beforeEach(() => eks.reset());
afterEach(() => eks.reset());

const arn = (name: string) => `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${name}`;

describe('eks.clusters', () => {
  it('lists every page and describes each cluster (status, logging); a cluster deleted since the listing is left out', async () => {
    eks
      .on(ListClustersCommand, { nextToken: undefined })
      .resolves({ clusters: ['k8s'], nextToken: 'p2' })
      .on(ListClustersCommand, { nextToken: 'p2' })
      .resolves({ clusters: ['gone'] });
    const logging = { clusterLogging: [{ types: ['api' as const, 'audit' as const], enabled: true }, { types: ['scheduler' as const], enabled: false }] };
    eks
      .on(DescribeClusterCommand, { name: 'k8s' })
      .resolves({ cluster: { name: 'k8s', arn: arn('k8s'), status: 'ACTIVE', version: '1.31', logging } })
      .on(DescribeClusterCommand, { name: 'gone' })
      .rejects(awsError('ResourceNotFoundException'));
    const snap = await collectWith(['eks.clusters']);
    const slice = snap.eks as Slice;
    expect(slice.clusters).toEqual([expect.objectContaining({ name: 'k8s', arn: arn('k8s'), Arn: arn('k8s'), status: 'ACTIVE', logging, Region: 'us-east-1' })]);
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied on DescribeCluster is an error of the region, not one cluster left out', async () => {
    eks.on(ListClustersCommand).resolves({ clusters: ['k8s'] });
    eks.on(DescribeClusterCommand).rejects(awsError('AccessDeniedException'));
    const snap = await collectWith(['eks.clusters']);
    const slice = snap.eks as Slice;
    expect(slice.clusters ?? []).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'eks.clusters', region: 'us-east-1', code: 'AccessDeniedException', operation: 'eks:DescribeCluster' }),
    ]);
    expect(slice.errors[0]).not.toHaveProperty('resource');
  });
});
