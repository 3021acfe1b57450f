import { DescribeSavingsPlansCommand, SavingsplansClient, type SavingsPlan } from '@aws-sdk/client-savingsplans';
import type { ServiceCollectors } from '../types.js';

export const collectors: ServiceCollectors = {
  // Global API (savingsplans.amazonaws.com); no SDK paginator, so nextToken by hand.
  async savingsPlans(ctx) {
    const client = await ctx.client<SavingsplansClient>('savingsplans');
    const plans: SavingsPlan[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new DescribeSavingsPlansCommand({ states: ['active'], maxResults: 1000, nextToken }));
      plans.push(...(page.savingsPlans ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return plans
      .filter((p) => p.savingsPlanId)
      .map((p) => ({
        ...p,
        savingsPlanId: p.savingsPlanId!,
        Region: p.region || 'global',
        Arn: p.savingsPlanArn || ctx.arn('savingsplans', `savingsplan/${p.savingsPlanId}`, ''),
      }));
  },
};
