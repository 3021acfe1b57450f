import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { isNotConfigured } from '../errors.js';
import type { ServiceCollectors } from '../types.js';

export const collectors: ServiceCollectors = {
  // No account-level configuration is a value (nothing blocked at account level), not an error.
  async accountPublicAccessBlock(ctx) {
    const client = await ctx.client<S3ControlClient>('s3control');
    try {
      const { PublicAccessBlockConfiguration } = await client.send(new GetPublicAccessBlockCommand({ AccountId: ctx.accountId }));
      return { PublicAccessBlockConfiguration: PublicAccessBlockConfiguration ?? null };
    } catch (err) {
      if (isNotConfigured(err, ['NoSuchPublicAccessBlockConfiguration'])) return { PublicAccessBlockConfiguration: null };
      throw err;
    }
  },
};
