import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());
afterEach(() => logs.reset());

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const arn = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`;

describe('logs.logGroups', () => {
  it('pages through DescribeLogGroups and reads the newest stream of application groups only', async () => {
    const pages: Record<string, unknown>[] = [];
    logs.on(DescribeLogGroupsCommand).callsFake(async (input: Record<string, unknown>) => {
      pages.push({ ...input });
      return input.nextToken
        ? { logGroups: [{ logGroupName: '/aws/lambda/fn', arn: `${arn('/aws/lambda/fn')}:*`, storedBytes: 10 }] }
        : {
            logGroups: [
              { logGroupName: '/app/web', arn: `${arn('/app/web')}:*`, logGroupArn: arn('/app/web'), storedBytes: 100, creationTime: 1 },
              { logGroupName: '/app/empty', arn: `${arn('/app/empty')}:*` },
            ],
            nextToken: 't2',
          };
    });
    const streamCalls: Record<string, unknown>[] = [];
    logs.on(DescribeLogStreamsCommand).callsFake(async (input: Record<string, unknown>) => {
      streamCalls.push({ ...input });
      return input.logGroupName === '/app/web'
        ? { logStreams: [{ logStreamName: 'i-1', lastEventTimestamp: 1_700_000_000_000, lastIngestionTime: 1_700_000_100_000 }] }
        : { logStreams: [] };
    });
    const snap = await collectWith(['logs.logGroups']);
    const slice = snap.logs as Slice;
    expect(pages).toEqual([{ limit: 50 }, { limit: 50, nextToken: 't2' }]);
    expect(streamCalls).toEqual([
      { logGroupName: '/app/web', orderBy: 'LastEventTime', descending: true, limit: 1 },
      { logGroupName: '/app/empty', orderBy: 'LastEventTime', descending: true, limit: 1 },
    ]);
    expect(slice.logGroups!.map((g) => [g.logGroupName, g.Arn, g.lastEventTimestamp ?? null, g.lastEventChecked])).toEqual([
      ['/app/web', arn('/app/web'), 1_700_000_000_000, true],
      ['/app/empty', arn('/app/empty'), null, true],
      ['/aws/lambda/fn', arn('/aws/lambda/fn'), null, false],
    ]);
    expect(slice.logGroups![0]).toMatchObject({ lastIngestionTime: 1_700_000_100_000 });
  });

  it('a group deleted between the two calls is dropped; another stream failure is an error for that group only', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/gone' }, { logGroupName: '/broken' }, { logGroupName: '/ok' }] });
    logs.on(DescribeLogStreamsCommand).callsFake(async (input: { logGroupName: string }) => {
      if (input.logGroupName === '/gone') throw awsError('ResourceNotFoundException', 'The specified log group does not exist.');
      if (input.logGroupName === '/broken') throw awsError('ServiceUnavailableException', 'try later');
      return { logStreams: [{ lastEventTimestamp: 5 }] };
    });
    const snap = await collectWith(['logs.logGroups']);
    const slice = snap.logs as Slice;
    expect(slice.logGroups!.map((g) => [g.logGroupName, g.lastEventChecked])).toEqual([
      ['/broken', false],
      ['/ok', true],
    ]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'logs.logGroups', code: 'ServiceUnavailableException', resource: arn('/broken') }),
    ]);
  });

  it('no log groups is an empty list; AccessDenied in one region is an error there', async () => {
    logs.on(DescribeLogGroupsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized to perform: logs:DescribeLogGroups');
      return { logGroups: [] };
    });
    const snap = await collectWith(['logs.logGroups'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.logs as Slice;
    expect(slice.logGroups).toEqual([]);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'logs.logGroups', region: 'eu-west-1', code: 'AccessDeniedException', operation: 'logs:DescribeLogGroups' }),
    ]);
  });
});
