import { DescribeClusterCommand, EMRClient, paginateListClusters, paginateListSteps, type StepSummary } from '@aws-sdk/client-emr';
import { EMR_MAX_STEP_PAGES, EMR_TERMINATED_LOOKBACK_DAYS } from '../../snapshot/services/emr.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, perResource } from '../util.js';

const emr = (ctx: CollectorContext) => ctx.client<EMRClient>('emr');

const SECRET_NAME = /pass(word|wd)?|secret|token|credential|private[-_.]?key|access[-_.]?key|api[-_.]?key/i;

/**
 * Step arguments can carry secrets (`--db-password x`, `SECRET_KEY=...`); the snapshot is written to disk, so their
 * values are replaced before it is. S3 paths and other arguments, which the rules read, are kept.
 */
export function redactStepArgs(args: string[] | undefined): string[] | undefined {
  if (!args) return args;
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_NAME.test(arg.slice(0, eq))) return `${arg.slice(0, eq)}=<redacted>`;
    const previous = args[i - 1];
    if (previous?.startsWith('-') && !previous.includes('=') && SECRET_NAME.test(previous)) return '<redacted>';
    return arg;
  });
}
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

  // ListClusters has no tags: DescribeCluster, one call per cluster, only Tags kept. A failure spoils
  // that cluster's tags only.
  async clusterTags(ctx) {
    const client = await emr(ctx);
    return perResource(ctx, await ctx.get('emr.clusters'), ['ResourceNotFoundException'], async (c) => {
      const { Cluster } = await client.send(new DescribeClusterCommand({ ClusterId: c.Id }));
      return { Id: c.Id, Tags: Cluster?.Tags ?? [], Region: ctx.region, Arn: c.Arn };
    }, ctx.region);
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
          ...(s.Config ? { Config: { ...s.Config, Args: redactStepArgs(s.Config.Args) } } : {}),
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
