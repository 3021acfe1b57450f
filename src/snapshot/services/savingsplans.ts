import { z } from 'zod';
import { dataset, item, optNum, optStr } from '../dataset.js';

export const savingsplans = {
  savingsPlans: dataset({
    identity: { id: 'savingsPlanId', tags: { field: 'tags' } },
    scope: 'global',
    operations: ['savingsplans:DescribeSavingsPlans'],
    description:
      'Active Savings Plans owned by this account (plans bought in another account of the organization are not listed). ' +
      'Region is the plan\'s region for EC2 Instance plans, "global" otherwise.',
    schema: z.array(
      item({
        savingsPlanId: z.string(),
        savingsPlanArn: optStr,
        savingsPlanType: optStr,
        state: optStr,
        region: optStr,
        ec2InstanceFamily: optStr,
        commitment: optStr,
        currency: optStr,
        paymentOption: optStr,
        productTypes: z.array(z.string()).nullish(),
        start: optStr,
        end: optStr,
        termDurationInSeconds: optNum,
      }),
    ),
  }),
} as const;
