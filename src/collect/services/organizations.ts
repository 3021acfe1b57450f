import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { isNotConfigured } from '../errors.js';
import type { ServiceCollectors } from '../types.js';

export const collectors: ServiceCollectors = {
  // Standalone accounts answer AWSOrganizationsNotInUseException: a value (null), not an error.
  // AccessDenied (an SCP, a missing permission) propagates.
  async organization(ctx) {
    const client = await ctx.client<OrganizationsClient>('organizations');
    try {
      const { Organization } = await client.send(new DescribeOrganizationCommand({}));
      if (!Organization) return null;
      // Not needed by any rule, and snapshots get shared: keep no e-mail address.
      const { MasterAccountEmail: _email, ...org } = Organization;
      return org;
    } catch (err) {
      if (isNotConfigured(err, ['AWSOrganizationsNotInUseException'])) return null;
      throw err;
    }
  },
};
