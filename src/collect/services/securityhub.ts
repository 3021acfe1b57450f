import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { isNotConfigured } from '../errors.js';
import type { ServiceCollectors } from '../types.js';
import { withoutMetadata } from '../util.js';

/** "Not subscribed to AWS Security Hub": the hub is off in this region (a value, not an error). */
const NOT_ENABLED = ['InvalidAccessException', 'ResourceNotFoundException'];

export const collectors: ServiceCollectors = {
  async hubs(ctx) {
    const client = await ctx.client<SecurityHubClient>('securityhub');
    try {
      const hub = withoutMetadata(await client.send(new DescribeHubCommand({})));
      return [{ ...hub, Region: ctx.region, Arn: hub.HubArn || ctx.arn('securityhub', 'hub/default') }];
    } catch (err) {
      if (isNotConfigured(err, NOT_ENABLED)) return [];
      throw err;
    }
  },
};
