import { z } from 'zod';
import { dataset, date, item, optNum, optStr, str } from '../dataset.js';

const spend = z.looseObject({ Amount: optStr, Unit: optStr }).nullish();

export const budgets = {
  budgets: dataset({
    identity: { id: 'BudgetName' },
    scope: 'global',
    operations: ['budgets:DescribeBudgets', 'budgets:DescribeBudgetNotificationsForAccount'],
    description:
      'AWS Budgets of the account with their notifications (DescribeBudgets + DescribeBudgetNotificationsForAccount); ' +
      'NotFoundException = no budgets.',
    schema: z.array(
      item({
        BudgetName: str,
        /** COST | USAGE | RI_UTILIZATION | RI_COVERAGE | SAVINGS_PLANS_UTILIZATION | SAVINGS_PLANS_COVERAGE. */
        BudgetType: optStr,
        /** DAILY | MONTHLY | QUARTERLY | ANNUALLY | CUSTOM. */
        TimeUnit: optStr,
        BudgetLimit: spend,
        CostFilters: z.record(z.string(), z.array(z.string())).nullish(),
        FilterExpression: z.looseObject({}).nullish(),
        CalculatedSpend: z.looseObject({ ActualSpend: spend, ForecastedSpend: spend }).nullish(),
        LastUpdatedTime: date,
        Notifications: z
          .array(
            z.looseObject({
              /** ACTUAL | FORECASTED. */
              NotificationType: optStr,
              ComparisonOperator: optStr,
              Threshold: optNum,
              /** PERCENTAGE | ABSOLUTE_VALUE. */
              ThresholdType: optStr,
              NotificationState: optStr,
            }),
          )
          .nullish(),
      }),
    ),
  }),
} as const;
