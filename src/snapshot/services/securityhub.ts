import { z } from 'zod';
import { arnResourceId } from '../../resource.js';
import { dataset, item, optBool, optStr } from '../dataset.js';

export const securityhub = {
  hubs: dataset({
    identity: { id: (h) => arnResourceId(String(h.HubArn ?? h.Arn)) },
    scope: 'regional',
    operations: ['securityhub:DescribeHub'],
    description:
      'The Security Hub hub of the region (DescribeHub): one item when enabled, none when the account is not ' +
      'subscribed there (InvalidAccessException / ResourceNotFoundException).',
    schema: z.array(item({ HubArn: optStr, SubscribedAt: optStr, AutoEnableControls: optBool, ControlFindingGenerator: optStr })),
  }),
} as const;
