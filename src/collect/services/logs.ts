import { CloudWatchLogsClient, DescribeLogStreamsCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import pLimit from 'p-limit';
import { isAwsServiceLogGroup } from '../../snapshot/services/logs.js';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

const logs = (ctx: CollectorContext) => ctx.client<CloudWatchLogsClient>('logs');

export const collectors: ServiceCollectors = {
  async logGroups(ctx) {
    const client = await logs(ctx);
    const groups = await allPages(paginateDescribeLogGroups({ client, pageSize: 50 }, {}), (p) => p.logGroups);
    // DescribeLogStreams allows about 25 requests a second per region: stay well under it.
    const limit = pLimit(8);
    return Promise.all(
      groups
        .filter((g) => g.logGroupName)
        .map(async (g) => {
          const name = g.logGroupName!;
          const arn = g.logGroupArn || g.arn?.replace(/:\*$/, '') || ctx.arn('logs', `log-group:${name}`);
          const base = { ...g, logGroupName: name, Region: ctx.region, Arn: arn };
          if (isAwsServiceLogGroup(name)) return { ...base, lastEventChecked: false };
          try {
            const { logStreams = [] } = await limit(() =>
              client.send(new DescribeLogStreamsCommand({ logGroupName: name, orderBy: 'LastEventTime', descending: true, limit: 1 })),
            );
            const s = logStreams[0];
            return {
              ...base,
              ...(s?.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
              ...(s?.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
              lastEventChecked: true,
            };
          } catch (err) {
            // Deleted between the two calls: the group is gone, not a failure.
            if (isNotConfigured(err, ['ResourceNotFoundException'])) return undefined;
            ctx.recordError(err, { region: ctx.region, resource: arn });
            return { ...base, lastEventChecked: false };
          }
        }),
    ).then((items) => items.filter((i) => i !== undefined));
  },
};
