import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());
afterEach(() => cw.reset());

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const dims = (InstanceId?: string, extra: Record<string, string> = {}) =>
  [...(InstanceId ? [{ Name: 'InstanceId', Value: InstanceId }] : []), ...Object.entries(extra).map(([Name, Value]) => ({ Name, Value }))];

describe('cloudwatch.agentMetrics', () => {
  it('lists recently active CWAgent metrics over two pages, summarised per instance', async () => {
    const inputs: Record<string, unknown>[] = [];
    cw.on(ListMetricsCommand).callsFake(async (input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return input.NextToken
        ? { Metrics: [{ Namespace: 'CWAgent', MetricName: 'disk_used_percent', Dimensions: dims('i-1', { path: '/' }) }, { Namespace: 'CWAgent', MetricName: 'procstat_cpu', Dimensions: dims(undefined, { pattern: 'nginx' }) }] }
        : { Metrics: [{ Namespace: 'CWAgent', MetricName: 'mem_used_percent', Dimensions: dims('i-1') }, { Namespace: 'CWAgent', MetricName: 'mem_used_percent', Dimensions: dims('i-2') }], NextToken: 'n2' };
    });
    const snap = await collectWith(['cloudwatch.agentMetrics']);
    const slice = snap.cloudwatch as Slice;
    expect(inputs).toEqual([
      { Namespace: 'CWAgent', RecentlyActive: 'PT3H' },
      { Namespace: 'CWAgent', RecentlyActive: 'PT3H', NextToken: 'n2' },
    ]);
    expect(slice.agentMetrics).toEqual([
      { Namespace: 'CWAgent', InstanceId: null, MetricNames: ['procstat_cpu'], Count: 1, Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/CWAgent/*` },
      { Namespace: 'CWAgent', InstanceId: 'i-1', MetricNames: ['disk_used_percent', 'mem_used_percent'], Count: 2, Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/CWAgent/i-1` },
      { Namespace: 'CWAgent', InstanceId: 'i-2', MetricNames: ['mem_used_percent'], Count: 1, Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/CWAgent/i-2` },
    ]);
  });

  it('no agent is an empty list; AccessDenied in one region is an error there', async () => {
    cw.on(ListMetricsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDenied', 'not authorized to perform: cloudwatch:ListMetrics');
      return { Metrics: [] };
    });
    const snap = await collectWith(['cloudwatch.agentMetrics'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.cloudwatch as Slice;
    expect(slice.agentMetrics).toEqual([]);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'cloudwatch.agentMetrics', region: 'eu-west-1', code: 'AccessDenied', operation: 'cloudwatch:ListMetrics' })]);
  });
});
