import { z } from 'zod';
import { dataset, item, optNum, optStr, str } from '../dataset.js';

export const ecs = {
  clusters: dataset({
    identity: { id: 'clusterName' },
    scope: 'regional',
    operations: ['ecs:ListClusters', 'ecs:DescribeClusters'],
    description:
      'ECS clusters (ListClusters, then DescribeClusters 100 ARNs a call) with their status (ACTIVE | PROVISIONING | ' +
      'DEPROVISIONING | FAILED | INACTIVE) and counts of running tasks and active services.',
    schema: z.array(
      item({
        clusterArn: str,
        clusterName: str,
        status: optStr,
        runningTasksCount: optNum,
        pendingTasksCount: optNum,
        activeServicesCount: optNum,
        registeredContainerInstancesCount: optNum,
      }),
    ),
  }),
} as const;
