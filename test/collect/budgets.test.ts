import {
  BudgetsClient,
  DescribeBudgetNotificationsForAccountCommand,
  DescribeBudgetsCommand,
} from '@aws-sdk/client-budgets';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const budgets = mockClient(BudgetsClient);
beforeEach(() => budgets.reset());
afterEach(() => budgets.reset());

type Slice = { budgets?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

const budget = (name: string, over: Record<string, unknown> = {}) => ({
  BudgetName: name,
  BudgetType: 'COST',
  TimeUnit: 'MONTHLY',
  BudgetLimit: { Amount: '1000.0', Unit: 'USD' },
  CostTypes: {},
  ...over,
});

describe('budgets.budgets', () => {
  it('pages through budgets and account notifications, in the global region, and joins them by name', async () => {
    const seen: Record<string, unknown>[] = [];
    budgets.on(DescribeBudgetsCommand).callsFake(async (input: { NextToken?: string }) => {
      seen.push({ op: 'budgets', ...input });
      return input.NextToken ? { Budgets: [budget('daily', { TimeUnit: 'DAILY' })] } : { Budgets: [budget('monthly')], NextToken: 'b2' };
    });
    budgets.on(DescribeBudgetNotificationsForAccountCommand).callsFake(async (input: { NextToken?: string }) => {
      seen.push({ op: 'notifications', ...input });
      return input.NextToken
        ? { BudgetNotificationsForAccount: [{ BudgetName: 'monthly', Notifications: [{ NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }] }] }
        : {
            BudgetNotificationsForAccount: [
              { BudgetName: 'monthly', Notifications: [{ NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE', NotificationState: 'OK' }] },
            ],
            NextToken: 'n2',
          };
    });
    const snap = await collectWith(['budgets.budgets'], { regions: ['eu-west-1'] });
    const slice = snap.budgets as Slice;
    expect(slice.errors).toEqual([]);
    expect(slice.budgets!.map((b) => [b.BudgetName, b.Region, b.Arn, (b.Notifications as { Threshold: number }[]).map((n) => n.Threshold)])).toEqual([
      ['monthly', 'us-east-1', `arn:aws:budgets::${ACCOUNT}:budget/monthly`, [80, 100]],
      ['daily', 'us-east-1', `arn:aws:budgets::${ACCOUNT}:budget/daily`, []],
    ]);
    expect(seen).toEqual(
      expect.arrayContaining([
        { op: 'budgets', AccountId: ACCOUNT, ShowFilterExpression: true, MaxResults: 100 },
        { op: 'budgets', AccountId: ACCOUNT, ShowFilterExpression: true, MaxResults: 100, NextToken: 'b2' },
        { op: 'notifications', AccountId: ACCOUNT, MaxResults: 100 },
        { op: 'notifications', AccountId: ACCOUNT, MaxResults: 100, NextToken: 'n2' },
      ]),
    );
  });

  it('NotFoundException means no budgets, not an error', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(Object.assign(awsError('NotFoundException', '[Exception=NotFoundException] Unable to get budgets for account'), { $metadata: { httpStatusCode: 404 } }));
    budgets.on(DescribeBudgetNotificationsForAccountCommand).rejects(awsError('NotFoundException'));
    const snap = await collectWith(['budgets.budgets']);
    const slice = snap.budgets as Slice;
    expect(slice.budgets).toEqual([]);
    expect(slice.errors).toEqual([]);
  });

  it('AccessDenied is a global collection error (the rule reports error, never a fail)', async () => {
    budgets.on(DescribeBudgetsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: budgets:ViewBudget'));
    budgets.on(DescribeBudgetNotificationsForAccountCommand).resolves({ BudgetNotificationsForAccount: [] });
    const snap = await collectWith(['budgets.budgets']);
    const slice = snap.budgets as Slice;
    expect(slice.budgets).toBeUndefined();
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'budgets.budgets', region: 'global', code: 'AccessDeniedException', operation: 'budgets:DescribeBudgets' }),
    ]);
  });
});
