import { z } from 'zod';
import { dataset, date, item, optStr, str } from '../dataset.js';

export const eks = {
  clusters: dataset({
    identity: { id: 'name' },
    scope: 'regional',
    operations: ['eks:ListClusters', 'eks:DescribeCluster'],
    description:
      'EKS clusters (ListClusters, then DescribeCluster each) with their status (CREATING | ACTIVE | DELETING | FAILED | ' +
      'UPDATING | PENDING) and control plane logging (logging.clusterLogging[].types / enabled).',
    schema: z.array(
      item({
        name: str,
        arn: optStr,
        status: optStr,
        version: optStr,
        createdAt: date,
        logging: z
          .looseObject({
            clusterLogging: z.array(z.looseObject({ types: z.array(z.string()).nullish(), enabled: z.boolean().nullish() })).nullish(),
          })
          .nullish(),
      }),
    ),
  }),
} as const;
