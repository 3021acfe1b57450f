import {
  CostExplorerClient,
  GetAnomalySubscriptionsCommand,
  GetReservationCoverageCommand,
  GetSavingsPlansCoverageCommand,
  type AnomalySubscription,
  type Expression,
} from '@aws-sdk/client-cost-explorer';
import type { CollectorContext, ServiceCollectors } from '../types.js';

const DAY = 86_400_000;
/** EC2 instance usage, as Cost Explorer names the service. */
const EC2_COMPUTE: Expression = { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } };

/** The last 30 full days (UTC) before collection; CE's End is exclusive. */
function last30Days(ctx: CollectorContext): { Start: string; End: string } {
  const end = new Date(Math.floor(ctx.now.getTime() / DAY) * DAY);
  return { Start: new Date(end.getTime() - 30 * DAY).toISOString().slice(0, 10), End: end.toISOString().slice(0, 10) };
}

function regionOf(attributes: Record<string, string> | undefined): string {
  return attributes?.region ?? attributes?.REGION ?? 'global';
}

// Global API (ce.us-east-1.amazonaws.com); no paginator for these operations, so page tokens by hand.
export const collectors: ServiceCollectors = {
  async reservationCoverage(ctx) {
    const client = await ctx.client<CostExplorerClient>('costexplorer');
    const TimePeriod = last30Days(ctx);
    const out: Record<string, unknown>[] = [];
    let NextPageToken: string | undefined;
    do {
      const page = await client.send(
        new GetReservationCoverageCommand({ TimePeriod, Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }], Filter: EC2_COMPUTE, NextPageToken }),
      );
      for (const t of page.CoveragesByTime ?? [])
        for (const g of t.Groups ?? []) {
          const region = regionOf(g.Attributes);
          out.push({
            TimePeriod: t.TimePeriod,
            CoverageHours: g.Coverage?.CoverageHours,
            Region: region,
            Arn: ctx.arn('ce', `reservation-coverage/${region}/${t.TimePeriod?.Start ?? ''}`, ''),
          });
        }
      NextPageToken = page.NextPageToken || undefined;
    } while (NextPageToken);
    return out;
  },

  async savingsPlansCoverage(ctx) {
    const client = await ctx.client<CostExplorerClient>('costexplorer');
    const TimePeriod = last30Days(ctx);
    const out: Record<string, unknown>[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetSavingsPlansCoverageCommand({ TimePeriod, Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }], Filter: EC2_COMPUTE, NextToken }),
      );
      for (const c of page.SavingsPlansCoverages ?? []) {
        const region = regionOf(c.Attributes);
        out.push({
          TimePeriod: c.TimePeriod,
          Coverage: c.Coverage,
          Region: region,
          Arn: ctx.arn('ce', `savings-plans-coverage/${region}/${c.TimePeriod?.Start ?? ''}`, ''),
        });
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  },

  async anomalySubscriptions(ctx) {
    const client = await ctx.client<CostExplorerClient>('costexplorer');
    const subs: AnomalySubscription[] = [];
    let NextPageToken: string | undefined;
    do {
      const page = await client.send(new GetAnomalySubscriptionsCommand({ NextPageToken }));
      subs.push(...(page.AnomalySubscriptions ?? []));
      NextPageToken = page.NextPageToken || undefined;
    } while (NextPageToken);
    return subs.map((s) => ({
      ...s,
      Region: 'global',
      Arn: s.SubscriptionArn || ctx.arn('ce', `anomalysubscription/${s.SubscriptionName ?? ''}`, ''),
    }));
  },
};
