import { z } from 'zod';
import { dataset, item, optNum, optStr } from '../dataset.js';

/**
 * Log groups written by AWS services themselves. Their last event time is not read (there are
 * often thousands, and they say nothing about application logging).
 */
export const AWS_SERVICE_LOG_GROUP_PREFIXES = [
  '/aws/lambda/',
  '/aws/rds/',
  '/aws/eks/',
  '/aws/vpc/',
  '/aws/cloudtrail',
  'RDSOSMetrics',
] as const;

export function isAwsServiceLogGroup(name: string, prefixes: readonly string[] = AWS_SERVICE_LOG_GROUP_PREFIXES): boolean {
  return prefixes.some((p) => name.startsWith(p));
}

export const logs = {
  logGroups: dataset({
    identity: { id: 'logGroupName' },
    scope: 'regional',
    operations: ['logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
    description:
      'CloudWatch Logs log groups; for groups not written by an AWS service, the newest stream\'s ' +
      'lastEventTimestamp and lastIngestionTime (DescribeLogStreams by LastEventTime, limit 1).',
    schema: z.array(
      item({
        logGroupName: z.string(),
        creationTime: optNum,
        storedBytes: optNum,
        retentionInDays: optNum,
        logGroupClass: optStr,
        /** Newest event of the newest stream (epoch ms); absent when not read or the group has no events. */
        lastEventTimestamp: optNum,
        /** When that stream last received data (epoch ms); fresher than lastEventTimestamp. */
        lastIngestionTime: optNum,
        /** Whether the collector read the last event time (false for AWS-service groups). */
        lastEventChecked: z.boolean().nullish(),
      }),
    ),
  }),
} as const;
