import { DescribeOrganizationCommand, OrganizationsClient, paginateListPolicies, type PolicySummary } from '@aws-sdk/client-organizations';
import { isAccessDenied, isNotConfigured } from '../errors.js';
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

  // ListPolicies works only in the management account or a delegated administrator (API reference): in any other
  // member account AccessDenied is the documented answer, kept as "not readable here" (Policies null). In the
  // management account, or when the organization itself could not be read, AccessDenied is a failure.
  async tagPolicies(ctx) {
    const client = await ctx.client<OrganizationsClient>('organizations');
    try {
      const policies: PolicySummary[] = [];
      for await (const page of paginateListPolicies({ client }, { Filter: 'TAG_POLICY' })) policies.push(...(page.Policies ?? []));
      return { Policies: policies };
    } catch (err) {
      if (isNotConfigured(err, ['AWSOrganizationsNotInUseException'])) return null;
      if (!isAccessDenied(err)) throw err;
      const org = await ctx.get('organizations.organization').catch(() => undefined);
      if (org === null) return null;
      if (org?.MasterAccountId && org.MasterAccountId !== ctx.accountId) return { Policies: null };
      throw err;
    }
  },
};
