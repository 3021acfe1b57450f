import { AccessAnalyzerClient, paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import type { ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

export const collectors: ServiceCollectors = {
  // Every analyzer type (external, unused and internal access); none is an empty list.
  async analyzers(ctx) {
    const client = await ctx.client<AccessAnalyzerClient>('accessanalyzer');
    const analyzers = await allPages(paginateListAnalyzers({ client, pageSize: 100 }, {}), (p) => p.analyzers);
    return analyzers.map((a) => ({
      ...a,
      Region: ctx.region,
      Arn: a.arn || ctx.arn('access-analyzer', `analyzer/${a.name}`),
    }));
  },
};
