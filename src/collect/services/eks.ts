import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

const eks = (ctx: CollectorContext) => ctx.client<EKSClient>('eks');

export const collectors: ServiceCollectors = {
  // A cluster deleted since the listing is left out; any other failure fails the region (not one cluster): a region
  // whose clusters were not read must never look like one without clusters.
  async clusters(ctx) {
    const client = await eks(ctx);
    const names = await allPages(paginateListClusters({ client }, {}), (p) => p.clusters);
    const out = await Promise.all(
      names.map(async (name) => {
        try {
          const { cluster: c } = await client.send(new DescribeClusterCommand({ name }));
          if (!c) return undefined;
          return {
            name,
            arn: c.arn,
            status: c.status,
            version: c.version,
            createdAt: c.createdAt,
            logging: c.logging,
            Region: ctx.region,
            Arn: c.arn ?? ctx.arn('eks', `cluster/${name}`),
          };
        } catch (err) {
          if (isNotConfigured(err, ['ResourceNotFoundException'])) return undefined;
          throw err;
        }
      }),
    );
    return out.filter((c) => c !== undefined);
  },
};
