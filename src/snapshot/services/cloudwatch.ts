import { z } from 'zod';
import { dataset, date, item, metric, metricDataQueries, metricDimensions as dimensions, optBool, optNum, optStr, str, tags } from '../dataset.js';

const actions = z.array(z.string()).nullish();

/** Whether an alarm reads a metric, as its own metric or in one of its metric-math queries: how billingAlarms is chosen. */
export function alarmReadsMetric(
  alarm: { Namespace?: string | null; MetricName?: string | null; Metrics?: { MetricStat?: { Metric?: { Namespace?: string | null; MetricName?: string | null } | null } | null }[] | null },
  namespace: string,
  metricName: string,
): boolean {
  const reads = (m: { Namespace?: string | null; MetricName?: string | null } | null | undefined) => m?.Namespace === namespace && m?.MetricName === metricName;
  return reads(alarm) || (alarm.Metrics ?? []).some((q) => reads(q.MetricStat?.Metric));
}

const alarm = item({
  /** MetricAlarm | CompositeAlarm (which list of DescribeAlarms it came from). */
  AlarmType: z.enum(['MetricAlarm', 'CompositeAlarm']),
  AlarmName: str,
  AlarmArn: optStr,
  ActionsEnabled: optBool,
  AlarmActions: actions,
  OKActions: actions,
  InsufficientDataActions: actions,
  StateValue: optStr,
  StateUpdatedTimestamp: date,
  // Metric alarms: a single metric, or Metrics[] for metric math and anomaly detection.
  Namespace: optStr,
  MetricName: optStr,
  Dimensions: dimensions,
  Statistic: optStr,
  ExtendedStatistic: optStr,
  Period: optNum,
  EvaluationPeriods: optNum,
  DatapointsToAlarm: optNum,
  Threshold: optNum,
  ThresholdMetricId: optStr,
  ComparisonOperator: optStr,
  /** breaching | notBreaching | ignore | missing (the default when absent). */
  TreatMissingData: optStr,
  Metrics: metricDataQueries,
  // Composite alarms.
  AlarmRule: optStr,
});
export type Alarm = z.infer<typeof alarm>;

export const cloudwatch = {
  alarms: dataset({
    identity: { id: 'AlarmName', tags: { dataset: 'cloudwatch.alarmTags' } },
    scope: 'regional',
    operations: ['cloudwatch:DescribeAlarms'],
    description: 'Metric and composite alarms (DescribeAlarms, both AlarmTypes), with their actions and metrics.',
    schema: z.array(alarm),
  }),
  alarmTags: dataset({
    identity: { id: 'AlarmName', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['cloudwatch:ListTagsForResource'],
    dependsOn: ['cloudwatch.alarms'],
    description: 'Tags of every alarm (ListTagsForResource, one call each); collected only for suppressions by tag.',
    schema: z.array(item({ AlarmName: str, Tags: tags })),
  }),
  customMetrics: dataset({
    identity: { id: (m) => `${m.Namespace}/${m.MetricName}` },
    scope: 'regional',
    operations: ['cloudwatch:ListMetrics'],
    description:
      'Metrics outside the AWS/ namespaces with data in the last 3 hours (ListMetrics RecentlyActive PT3H), ' +
      'one item per namespace and metric name, Count = how many dimension sets it has.',
    schema: z.array(item({ Namespace: str, MetricName: str, Count: optNum })),
  }),
  billingMetrics: dataset({
    identity: { id: (m) => `${m.Namespace}/${m.MetricName}` },
    scope: 'global',
    operations: ['cloudwatch:ListMetrics'],
    description:
      'AWS/Billing EstimatedCharges metrics in us-east-1 (where billing data lives); none when billing alerts are off ' +
      'or billing data is published to another (payer) account.',
    schema: z.array(item({ Namespace: str, MetricName: str, Dimensions: dimensions })),
  }),
  billingAlarms: dataset({
    identity: { id: 'AlarmName', tags: { dataset: 'cloudwatch.billingAlarmTags' } },
    scope: 'global',
    operations: ['cloudwatch:DescribeAlarms'],
    dependsOn: ['cloudwatch.alarms'],
    description:
      'Alarms in us-east-1 on an AWS/Billing metric, directly or inside metric math (taken from cloudwatch.alarms ' +
      'of the global region: one DescribeAlarms pass there serves both).',
    schema: z.array(alarm),
  }),
  billingAlarmTags: dataset({
    identity: { id: 'AlarmName', tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['cloudwatch:ListTagsForResource'],
    dependsOn: ['cloudwatch.billingAlarms'],
    description: 'Tags of every billing alarm (ListTagsForResource in us-east-1, one call each); collected only for suppressions by tag.',
    schema: z.array(item({ AlarmName: str, Tags: tags })),
  }),
  agentMetrics: dataset({
    identity: { id: (m) => m.InstanceId ?? m.Namespace },
    scope: 'regional',
    operations: ['cloudwatch:ListMetrics'],
    description:
      'CloudWatch agent metrics (ListMetrics Namespace CWAgent, RecentlyActive PT3H; taken from the customMetrics ' +
      'pass when both are collected), one item per InstanceId dimension value (InstanceId null for metrics ' +
      'without one) with the metric names seen.',
    schema: z.array(item({ Namespace: str, InstanceId: optStr, MetricNames: z.array(z.string()), Count: optNum })),
  }),
} as const;
