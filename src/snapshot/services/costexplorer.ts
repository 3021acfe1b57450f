import { z } from 'zod';
import { dataset, item, optNum, optStr } from '../dataset.js';

/** CE's reporting window: the last 30 full days before collection (End is exclusive). */
const window = z.looseObject({ Start: optStr, End: optStr }).nullish();

/**
 * Cost Explorer (global, us-east-1 in the aws partition). Every request is billed, so every dataset is opt-in
 * (`--enable-cost-explorer`). Coverage datasets hold one item per (month of the window, region): the groups of
 * CoveragesByTime / SavingsPlansCoverages, grouped by the REGION dimension, for EC2 compute usage.
 */
export const costexplorer = {
  reservationCoverage: dataset({
    identity: { id: (i) => `reservation-coverage ${String(i.Region)} ${String((i.TimePeriod as { Start?: string } | undefined)?.Start ?? '')}` },
    optIn: 'cost-explorer',
    scope: 'global',
    operations: ['ce:GetReservationCoverage'],
    description:
      'EC2 reservation coverage of the last 30 days (GetReservationCoverage, SERVICE "Amazon Elastic Compute Cloud - ' +
      'Compute", MONTHLY, grouped by REGION): per month and region, CoverageHours (OnDemandHours, ReservedHours, ' +
      'TotalRunningHours). OnDemandHours include hours a Savings Plan paid for.',
    schema: z.array(
      item({
        TimePeriod: window,
        CoverageHours: z
          .looseObject({ OnDemandHours: optStr, ReservedHours: optStr, TotalRunningHours: optStr, CoverageHoursPercentage: optStr })
          .nullish(),
      }),
    ),
  }),
  savingsPlansCoverage: dataset({
    identity: { id: (i) => `savings-plans-coverage ${String(i.Region)} ${String((i.TimePeriod as { Start?: string } | undefined)?.Start ?? '')}` },
    optIn: 'cost-explorer',
    scope: 'global',
    operations: ['ce:GetSavingsPlansCoverage'],
    description:
      'Savings Plans coverage of EC2 compute spend in the last 30 days (GetSavingsPlansCoverage, MONTHLY, grouped by ' +
      'REGION): per month and region, Coverage (SpendCoveredBySavingsPlans, OnDemandCost, TotalCost). Usage covered by ' +
      'Reserved Instances is not eligible spend (AWS applies RIs first).',
    schema: z.array(
      item({
        TimePeriod: window,
        Coverage: z
          .looseObject({ SpendCoveredBySavingsPlans: optStr, OnDemandCost: optStr, TotalCost: optStr, CoveragePercentage: optStr })
          .nullish(),
      }),
    ),
  }),
  anomalySubscriptions: dataset({
    identity: { id: 'SubscriptionName' },
    optIn: 'cost-explorer',
    scope: 'global',
    operations: ['ce:GetAnomalySubscriptions'],
    description:
      'Cost Anomaly Detection subscriptions (GetAnomalySubscriptions): who is alerted (Subscribers with Status), how ' +
      'often (Frequency), for which monitors, above which threshold.',
    schema: z.array(
      item({
        SubscriptionArn: optStr,
        SubscriptionName: optStr,
        MonitorArnList: z.array(z.string()).nullish(),
        Subscribers: z.array(z.looseObject({ Address: optStr, Type: optStr, Status: optStr })).nullish(),
        Frequency: optStr,
        Threshold: optNum,
      }),
    ),
  }),
} as const;
