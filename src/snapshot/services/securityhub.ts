import { z } from 'zod';
import { dataset, item, optBool, optStr } from '../dataset.js';

export const securityhub = {
  hubs: dataset({
    scope: 'regional',
    operations: ['securityhub:DescribeHub'],
    description:
      'The Security Hub hub of the region (DescribeHub): one item when enabled, none when the account is not ' +
      'subscribed there (InvalidAccessException / ResourceNotFoundException).',
    schema: z.array(item({ HubArn: optStr, SubscribedAt: optStr, AutoEnableControls: optBool, ControlFindingGenerator: optStr })),
  }),
} as const;
