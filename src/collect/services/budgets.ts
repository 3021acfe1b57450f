import {
  BudgetsClient,
  paginateDescribeBudgetNotificationsForAccount,
  paginateDescribeBudgets,
  type Notification,
} from '@aws-sdk/client-budgets';
import { isNotConfigured } from '../errors.js';
import type { ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

/** Budgets answers NotFoundException when the account has no budgets (or none with notifications). */
async function orNone<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (err) {
    if (isNotConfigured(err, ['NotFoundException'])) return [];
    throw err;
  }
}

export const collectors: ServiceCollectors = {
  // Global: Budgets lives in the partition's global region and is keyed by account id.
  async budgets(ctx) {
    const client = await ctx.client<BudgetsClient>('budgets');
    const AccountId = ctx.accountId;
    const [budgets, notifications] = await Promise.all([
      orNone(
        allPages(paginateDescribeBudgets({ client, pageSize: 100 }, { AccountId, ShowFilterExpression: true }), (p) => p.Budgets),
      ),
      orNone(
        allPages(
          paginateDescribeBudgetNotificationsForAccount({ client, pageSize: 100 }, { AccountId }),
          (p) => p.BudgetNotificationsForAccount,
        ),
      ),
    ]);
    const byBudget = new Map<string, Notification[]>();
    for (const n of notifications)
      if (n.BudgetName) byBudget.set(n.BudgetName, [...(byBudget.get(n.BudgetName) ?? []), ...(n.Notifications ?? [])]);
    return budgets.map((b) => ({
      ...b,
      Notifications: byBudget.get(b.BudgetName!) ?? [],
      Region: ctx.region,
      Arn: ctx.arn('budgets', `budget/${b.BudgetName}`),
    }));
  },
};
