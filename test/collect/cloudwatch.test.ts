import { CloudWatchClient, DescribeAlarmsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/operations/cw-alarms-automated-response.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ruleOptions } from '../../src/engine/select.js';
import { collect } from '../../src/collect/index.js';
import { ACCOUNT, awsError, collectWith, testFactory } from './harness.js';

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());
afterEach(() => cw.reset());

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

const alarmArn = (region: string, name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
const metricAlarm = (region: string, name: string, over: Record<string, unknown> = {}) => ({
  AlarmName: name,
  AlarmArn: alarmArn(region, name),
  ActionsEnabled: true,
  AlarmActions: [`arn:aws:sns:${region}:${ACCOUNT}:ops`],
  OKActions: [],
  InsufficientDataActions: [],
  StateValue: 'OK',
  Namespace: 'AWS/EC2',
  MetricName: 'CPUUtilization',
  Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }],
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
  ...over,
});

const billingMath = metricAlarm('us-east-1', 'billing-rate', {
  Namespace: undefined,
  MetricName: undefined,
  Dimensions: [],
  Metrics: [
    { Id: 'e1', Expression: 'RATE(m1) * 86400', ReturnData: true },
    { Id: 'm1', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] }, Period: 21600, Stat: 'Maximum' } },
  ],
});

describe('cloudwatch.alarms', () => {
  it('pages through DescribeAlarms for metric and composite alarms, tagging each with AlarmType', async () => {
    const seen: Record<string, unknown>[] = [];
    cw.on(DescribeAlarmsCommand).callsFake(async (input: { NextToken?: string }) => {
      seen.push({ ...input });
      return input.NextToken
        ? { CompositeAlarms: [{ AlarmName: 'web-down', AlarmArn: alarmArn('us-east-1', 'web-down'), AlarmRule: 'ALARM("cpu-high")', ActionsEnabled: true, AlarmActions: [] }] }
        : { MetricAlarms: [metricAlarm('us-east-1', 'cpu-high', { TreatMissingData: '' })], CompositeAlarms: [], NextToken: 'n2' };
    });
    const snap = await collectWith(['cloudwatch.alarms']);
    const slice = snap.cloudwatch as Slice;
    expect(slice.errors).toEqual([]);
    expect(slice.alarms!.map((a) => [a.AlarmName, a.AlarmType, a.Region, a.Arn])).toEqual([
      ['cpu-high', 'MetricAlarm', 'us-east-1', alarmArn('us-east-1', 'cpu-high')],
      ['web-down', 'CompositeAlarm', 'us-east-1', alarmArn('us-east-1', 'web-down')],
    ]);
    expect(slice.alarms![0]).not.toHaveProperty('TreatMissingData'); // "" from moto = absent
    expect(seen).toEqual([
      { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 },
      { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: 'n2' },
    ]);
  });

  it('AccessDenied in one region is a collection error there, and rules needing alarms report error', async () => {
    cw.on(DescribeAlarmsCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDenied', 'not authorized to perform: cloudwatch:DescribeAlarms');
      return { MetricAlarms: [metricAlarm('us-east-1', 'cpu-high')] };
    });
    const snap = await collectWith(['cloudwatch.alarms'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.cloudwatch as Slice;
    expect(slice.alarms!.map((a) => a.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'cloudwatch.alarms', region: 'eu-west-1', code: 'AccessDenied', operation: 'cloudwatch:DescribeAlarms' }),
    ]);
    const result = evaluateRule(snap, { rule, options: ruleOptions(rule, {}, 'test'), severity: rule.severity, severityOverridden: false });
    expect(result.findings.filter((f) => f.status === 'error').map((f) => f.resource.region)).toEqual(['eu-west-1']);
    expect(result.findings.some((f) => f.status === 'pass' && f.resource.id === 'cpu-high')).toBe(true);
  });
});

describe('cloudwatch.customMetrics', () => {
  it('lists recently active metrics over pages and keeps non-AWS namespaces, one item per metric name', async () => {
    const seen: Record<string, unknown>[] = [];
    cw.on(ListMetricsCommand).callsFake(async (input: { NextToken?: string }) => {
      seen.push({ ...input });
      return input.NextToken
        ? {
            Metrics: [
              { Namespace: 'CWAgent', MetricName: 'disk_used_percent', Dimensions: [{ Name: 'InstanceId', Value: 'i-2' }, { Name: 'path', Value: '/' }] },
              { Namespace: 'MyApp', MetricName: 'Orders', Dimensions: [] },
            ],
          }
        : {
            Metrics: [
              { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
              { Namespace: 'CWAgent', MetricName: 'disk_used_percent', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }, { Name: 'path', Value: '/' }] },
            ],
            NextToken: 'n2',
          };
    });
    const snap = await collectWith(['cloudwatch.customMetrics']);
    const slice = snap.cloudwatch as Slice;
    expect(slice.customMetrics).toEqual([
      { Namespace: 'CWAgent', MetricName: 'disk_used_percent', Count: 2, Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/CWAgent/disk_used_percent` },
      { Namespace: 'MyApp', MetricName: 'Orders', Count: 1, Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/MyApp/Orders` },
    ]);
    expect(seen).toEqual([{ RecentlyActive: 'PT3H' }, { RecentlyActive: 'PT3H', NextToken: 'n2' }]);
  });
});

describe('cloudwatch.customMetrics and cloudwatch.agentMetrics together', () => {
  it('one ListMetrics pass per region (every namespace) serves both; the agent summary is what a CWAgent-only pass gives', async () => {
    const page1 = [
      { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
      { Namespace: 'CWAgent', MetricName: 'mem_used_percent', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
    ];
    const page2 = [
      { Namespace: 'CWAgent', MetricName: 'disk_used_percent', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }, { Name: 'path', Value: '/' }] },
      { Namespace: 'CWAgent', MetricName: 'procstat_cpu', Dimensions: [{ Name: 'pattern', Value: 'nginx' }] },
      { Namespace: 'MyApp', MetricName: 'Orders', Dimensions: [] },
    ];
    const inputs: Record<string, unknown>[] = [];
    cw.on(ListMetricsCommand).callsFake(async (input: { Namespace?: string; NextToken?: string }, getClient) => {
      inputs.push({ ...input, region: await regionOf(getClient) });
      const only = (ms: typeof page1) => ms.filter((m) => !input.Namespace || m.Namespace === input.Namespace);
      return input.NextToken ? { Metrics: only(page2) } : { Metrics: only(page1), NextToken: 'n2' };
    });
    const both = await collectWith(['cloudwatch.customMetrics', 'cloudwatch.agentMetrics'], { regions: ['us-east-1', 'eu-west-1'] });
    // Two pages in each region, over every namespace: no second (CWAgent) pass.
    expect(inputs.map((i) => `${i.region} ${i.Namespace ?? '*'} ${i.NextToken ?? '-'}`).sort()).toEqual([
      'eu-west-1 * -',
      'eu-west-1 * n2',
      'us-east-1 * -',
      'us-east-1 * n2',
    ]);
    const slice = both.cloudwatch as Slice;
    expect(slice.errors).toEqual([]);
    expect(slice.customMetrics!.filter((m) => m.Region === 'us-east-1').map((m) => [m.Namespace, m.MetricName, m.Count])).toEqual([
      ['CWAgent', 'disk_used_percent', 1],
      ['CWAgent', 'mem_used_percent', 1],
      ['CWAgent', 'procstat_cpu', 1],
      ['MyApp', 'Orders', 1],
    ]);
    inputs.length = 0;
    const alone = await collectWith(['cloudwatch.agentMetrics'], { regions: ['us-east-1', 'eu-west-1'] });
    expect(inputs.every((i) => i.Namespace === 'CWAgent')).toBe(true);
    expect(slice.agentMetrics).toEqual((alone.cloudwatch as Slice).agentMetrics);
    expect(slice.agentMetrics!.filter((m) => m.Region === 'us-east-1').map((m) => [m.InstanceId, m.MetricNames, m.Count])).toEqual([
      [null, ['procstat_cpu'], 1],
      ['i-1', ['disk_used_percent', 'mem_used_percent'], 2],
    ]);
  });

  it('the shared pass failing in a region is an error for both datasets there', async () => {
    cw.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:ListMetrics'));
    const snap = await collectWith(['cloudwatch.customMetrics', 'cloudwatch.agentMetrics']);
    const slice = snap.cloudwatch as Slice;
    expect(slice.errors.map((e) => [e.dataset, e.region, e.code]).sort()).toEqual([
      ['cloudwatch.agentMetrics', 'us-east-1', 'AccessDenied'],
      ['cloudwatch.customMetrics', 'us-east-1', 'AccessDenied'],
    ]);
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(1);
  });
});

describe('cloudwatch billing (global, us-east-1)', () => {
  it('reads billing metrics and billing alarms once, in us-east-1, whatever regions are audited', async () => {
    const regions: string[] = [];
    cw.on(ListMetricsCommand).callsFake(async (input: { Namespace?: string; NextToken?: string }, getClient) => {
      regions.push(await regionOf(getClient));
      expect(input.Namespace).toBe('AWS/Billing');
      return input.NextToken
        ? { Metrics: [{ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }, { Name: 'ServiceName', Value: 'AmazonEC2' }] }] }
        : { Metrics: [{ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] }], NextToken: 'b2' };
    });
    cw.on(DescribeAlarmsCommand).callsFake(async (_input, getClient) => {
      regions.push(await regionOf(getClient));
      return {
        MetricAlarms: [
          metricAlarm('us-east-1', 'billing-1000', { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Threshold: 1000 }),
          billingMath,
          metricAlarm('us-east-1', 'cpu-high'),
        ],
      };
    });
    const snap = await collectWith(['cloudwatch.billingMetrics', 'cloudwatch.billingAlarms'], { regions: ['eu-west-1', 'ap-south-1'] });
    const slice = snap.cloudwatch as Slice;
    expect(slice.errors).toEqual([]);
    expect(regions.every((r) => r === 'us-east-1')).toBe(true);
    expect(slice.billingMetrics!.map((m) => (m.Dimensions as { Value: string }[]).map((d) => d.Value).join('/'))).toEqual(['USD', 'USD/AmazonEC2']);
    expect(slice.billingMetrics![0]).toMatchObject({ Region: 'us-east-1', Arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:metric/AWS/Billing/EstimatedCharges/Currency=USD` });
    expect(slice.billingAlarms!.map((a) => [a.AlarmName, a.Region])).toEqual([
      ['billing-1000', 'us-east-1'],
      ['billing-rate', 'us-east-1'],
    ]);
    // us-east-1 is not audited: its alarms were read for the billing alarms only, not kept as cloudwatch.alarms.
    expect(slice).not.toHaveProperty('alarms');
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
  });

  it('billing alarms and alarms together: one DescribeAlarms pass in us-east-1 serves both', async () => {
    const calls: string[] = [];
    cw.on(DescribeAlarmsCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      calls.push(region);
      return { MetricAlarms: [metricAlarm(region, 'cpu-high'), ...(region === 'us-east-1' ? [billingMath] : [])] };
    });
    const snap = await collectWith(['cloudwatch.alarms', 'cloudwatch.billingAlarms'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.cloudwatch as Slice;
    expect(slice.errors).toEqual([]);
    expect(calls.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(slice.alarms!.map((a) => [a.AlarmName, a.Region])).toEqual([
      ['cpu-high', 'us-east-1'],
      ['billing-rate', 'us-east-1'],
      ['cpu-high', 'eu-west-1'],
    ]);
    expect(slice.billingAlarms!.map((a) => [a.AlarmName, a.Region, a.Arn])).toEqual([['billing-rate', 'us-east-1', alarmArn('us-east-1', 'billing-rate')]]);
  });

  it('DescribeAlarms failing in us-east-1: an error for each dataset that needed it (alarms there, billing alarms globally)', async () => {
    cw.on(DescribeAlarmsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:DescribeAlarms'));
    const snap = await collectWith(['cloudwatch.alarms', 'cloudwatch.billingAlarms'], { regions: ['us-east-1'] });
    const slice = snap.cloudwatch as Slice;
    expect(slice.errors.map((e) => [e.dataset, e.region, e.code])).toEqual([
      ['cloudwatch.alarms', 'us-east-1', 'AccessDenied'],
      ['cloudwatch.billingAlarms', 'global', 'AccessDenied'],
    ]);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
  });

  it('us-east-1 not audited and its DescribeAlarms fails: only the billing alarms report it, and progress stays within its total', async () => {
    cw.on(DescribeAlarmsCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'us-east-1') throw awsError('AccessDenied', 'not authorized to perform: cloudwatch:DescribeAlarms');
      return { MetricAlarms: [metricAlarm('eu-west-1', 'cpu-high')] };
    });
    const progress: [number, number][] = [];
    const snap = await collect(['cloudwatch.alarms', 'cloudwatch.billingAlarms'], {
      factory: testFactory(),
      regions: ['eu-west-1'],
      globalRegion: 'us-east-1',
      accountId: ACCOUNT,
      partition: 'aws',
      toolVersion: 'test',
      onProgress: (done, total) => progress.push([done, total]),
    });
    const slice = snap.cloudwatch as Slice;
    expect(slice.alarms!.map((a) => a.Region)).toEqual(['eu-west-1']);
    expect(slice.errors.map((e) => [e.dataset, e.region])).toEqual([['cloudwatch.billingAlarms', 'global']]);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('a billing read failure is a global error', async () => {
    cw.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:ListMetrics'));
    const snap = await collectWith(['cloudwatch.billingMetrics']);
    const slice = snap.cloudwatch as Slice;
    expect(slice.billingMetrics).toBeUndefined();
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'cloudwatch.billingMetrics', region: 'global', code: 'AccessDenied' })]);
  });
});
