import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

type Slice = { clusters?: Record<string, unknown>[]; errors: Record<string, unknown>[] };
const ecs = mockClient(ECSClient);
beforeEach(() => ecs.reset());
afterEach(() => ecs.reset());

const arn = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${name}`;

describe('ecs.clusters', () => {
  it('lists every page, describes the ARNs 100 a call, keeps status and counts; a cluster gone since the listing is left out', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `c${i}`);
    ecs
      .on(ListClustersCommand, { nextToken: undefined })
      .resolves({ clusterArns: names.slice(0, 60).map(arn), nextToken: 'p2' })
      .on(ListClustersCommand, { nextToken: 'p2' })
      .resolves({ clusterArns: names.slice(60).map(arn) });
    ecs.on(DescribeClustersCommand).callsFake((input: { clusters: string[] }) => ({
      clusters: input.clusters
        .filter((a) => !a.endsWith('/c100'))
        .map((a) => ({ clusterArn: a, clusterName: a.split('/')[1], status: 'ACTIVE', runningTasksCount: a.endsWith('/c0') ? 3 : 0, activeServicesCount: 1 })),
      failures: input.clusters.filter((a) => a.endsWith('/c100')).map((a) => ({ arn: a, reason: 'MISSING' })),
    }));
    const snap = await collectWith(['ecs.clusters']);
    const slice = snap.ecs as Slice;
    expect(ecs.commandCalls(DescribeClustersCommand).map((c) => c.args[0].input.clusters!.length)).toEqual([100, 1]);
    expect(slice.clusters).toHaveLength(100);
    expect(slice.clusters![0]).toEqual({
      clusterArn: arn('c0'),
      clusterName: 'c0',
      status: 'ACTIVE',
      runningTasksCount: 3,
      activeServicesCount: 1,
      Region: 'us-east-1',
      Arn: arn('c0'),
    });
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied on DescribeClusters is an error of the region, not a region without clusters', async () => {
    ecs.on(ListClustersCommand).resolves({ clusterArns: [arn('web')] });
    ecs.on(DescribeClustersCommand).rejects(awsError('AccessDeniedException'));
    const snap = await collectWith(['ecs.clusters']);
    const slice = snap.ecs as Slice;
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'ecs.clusters', region: 'us-east-1', code: 'AccessDeniedException', operation: 'ecs:DescribeClusters' }),
    ]);
    expect(slice.errors[0]).not.toHaveProperty('resource');
  });
});
