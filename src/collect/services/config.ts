import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import type { ServiceCollectors } from '../types.js';
import { withoutMetadata } from '../util.js';

export const collectors: ServiceCollectors = {
  // Both calls are single-shot; no recorder is an empty list, not an error.
  async recorders(ctx) {
    const client = await ctx.client<ConfigServiceClient>('config');
    const [{ ConfigurationRecorders = [] }, { ConfigurationRecordersStatus = [] }] = await Promise.all([
      client.send(new DescribeConfigurationRecordersCommand({})),
      client.send(new DescribeConfigurationRecorderStatusCommand({})),
    ]);
    const statusOf = (r: { name?: string; arn?: string }) =>
      ConfigurationRecordersStatus.find((s) => (r.arn && s.arn ? s.arn === r.arn : s.name === r.name));
    return ConfigurationRecorders.map((r) => {
      const status = statusOf(r);
      return {
        ...r,
        Status: status ? withoutMetadata(status) : null,
        Region: ctx.region,
        Arn: r.arn || ctx.arn('config', `configuration-recorder/${r.name ?? 'default'}`),
      };
    });
  },
};
