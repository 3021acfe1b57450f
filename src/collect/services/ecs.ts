import { DescribeClustersCommand, ECSClient, paginateListClusters } from '@aws-sdk/client-ecs';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks } from '../util.js';

const ecs = (ctx: CollectorContext) => ctx.client<ECSClient>('ecs');

export const collectors: ServiceCollectors = {
  // A cluster deleted since the listing comes back in `failures` (reason MISSING) and is left out; any call that
  // fails fails the region, so a region whose clusters were not read never looks like one without clusters.
  async clusters(ctx) {
    const client = await ecs(ctx);
    const arns = await allPages(paginateListClusters({ client }, {}), (p) => p.clusterArns);
    const batches = await Promise.all(chunks(arns, 100).map((clusters) => client.send(new DescribeClustersCommand({ clusters }))));
    return batches.flatMap((b) =>
      (b.clusters ?? []).map((c) => ({
        clusterArn: c.clusterArn!,
        clusterName: c.clusterName ?? c.clusterArn!.split('/').pop()!,
        status: c.status,
        runningTasksCount: c.runningTasksCount,
        pendingTasksCount: c.pendingTasksCount,
        activeServicesCount: c.activeServicesCount,
        registeredContainerInstancesCount: c.registeredContainerInstancesCount,
        Region: ctx.region,
        Arn: c.clusterArn!,
      })),
    );
  },
};
