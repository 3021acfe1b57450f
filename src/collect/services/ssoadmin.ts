import { SSOAdminClient, paginateListInstances } from '@aws-sdk/client-sso-admin';
import type { ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

export const collectors: ServiceCollectors = {
  // Regional: Identity Center lists its instance only in its home region.
  async instances(ctx) {
    const client = await ctx.client<SSOAdminClient>('ssoadmin');
    const instances = await allPages(paginateListInstances({ client, pageSize: 100 }, {}), (p) => p.Instances);
    return instances.map((i) => ({
      ...i,
      Region: ctx.region,
      Arn: i.InstanceArn || ctx.arn('sso', `instance/${i.IdentityStoreId ?? 'unknown'}`, ''),
    }));
  },
};
