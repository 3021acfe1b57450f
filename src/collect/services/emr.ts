import { EMRClient, paginateListClusters, paginateListSteps, type StepSummary } from '@aws-sdk/client-emr';
import { EMR_MAX_STEP_PAGES, EMR_TERMINATED_LOOKBACK_DAYS } from '../../snapshot/services/emr.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

const emr = (ctx: CollectorContext) => ctx.client<EMRClient>('emr');
const DAY_MS = 86_400_000;

export const collectors: ServiceCollectors = {
  async clusters(ctx) {
    const client = await emr(ctx);
    const [active, terminated] = await Promise.all([
      allPages(
        paginateListClusters({ client }, { ClusterStates: ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATING'] }),
        (p) => p.Clusters,
      ),
      allPages(
        paginateListClusters(
          { client },
          {
            ClusterStates: ['TERMINATED', 'TERMINATED_WITH_ERRORS'],
            CreatedAfter: new Date(Date.now() - EMR_TERMINATED_LOOKBACK_DAYS * DAY_MS),
          },
        ),
        (p) => p.Clusters,
      ),
    ]);
    // A cluster that terminates between the two listings would show up twice.
    const byId = new Map([...active, ...terminated].map((c) => [c.Id!, c]));
    return [...byId.values()].map((c) => ({
      ...c,
      Id: c.Id!,
      Region: ctx.region,
      Arn: c.ClusterArn ?? ctx.arn('elasticmapreduce', `cluster/${c.Id}`),
    }));
  },

  async steps(ctx) {
    const client = await emr(ctx);
    const clusters = await ctx.get('emr.clusters');
    const perCluster = await Promise.all(
      clusters.map(async (c) => {
        const steps: StepSummary[] = [];
        let pages = 0;
        for await (const page of paginateListSteps({ client }, { ClusterId: c.Id })) {
          steps.push(...(page.Steps ?? []));
          if (++pages >= EMR_MAX_STEP_PAGES) break;
        }
        return steps.map((s) => ({
          ...s,
          Id: s.Id!,
          ClusterId: c.Id,
          Region: ctx.region,
          Arn: `${c.Arn}/step/${s.Id}`,
        }));
      }),
    );
    return perCluster.flat();
  },
};
