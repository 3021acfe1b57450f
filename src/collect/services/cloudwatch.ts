import {
  CloudWatchClient,
  ListTagsForResourceCommand,
  paginateDescribeAlarms,
  paginateListMetrics,
  type CompositeAlarm,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { alarmReadsMetric } from '../../snapshot/services/cloudwatch.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined, perResource } from '../util.js';

const cloudwatch = (ctx: CollectorContext) => ctx.client<CloudWatchClient>('cloudwatch');

/** Metric and composite alarms of the collector's region, as one list tagged with AlarmType. */
async function describeAlarms(ctx: CollectorContext) {
  const client = await cloudwatch(ctx);
  const pages = await allPages(
    paginateDescribeAlarms({ client, pageSize: 100 }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
    (p) => [p],
  );
  const located = (a: MetricAlarm | CompositeAlarm) => ({
    Region: ctx.region,
    Arn: a.AlarmArn || ctx.arn('cloudwatch', `alarm:${a.AlarmName}`),
  });
  return pages.flatMap((p) => [
    ...(p.MetricAlarms ?? []).map((a) => ({
      ...blankToUndefined(a, ['TreatMissingData', 'Namespace', 'MetricName', 'ThresholdMetricId']),
      AlarmType: 'MetricAlarm' as const,
      ...located(a),
    })),
    ...(p.CompositeAlarms ?? []).map((a) => ({ ...a, AlarmType: 'CompositeAlarm' as const, ...located(a) })),
  ]);
}

const metricArn = (ctx: CollectorContext, namespace: string, name: string) =>
  ctx.arn('cloudwatch', `metric/${namespace}/${name}`, ctx.region);

type CustomMetric = { Namespace: string; MetricName: string; Count: number };
type AgentInstance = { InstanceId: string | null; names: Set<string>; Count: number };

/**
 * One ListMetrics pass over the metrics active in the last 3 hours (RecentlyActive PT3H), summarised
 * as it streams: custom metrics (outside AWS/) per namespace and name, and CloudWatch agent metrics
 * (namespace CWAgent) per InstanceId dimension. `namespace` narrows the pass to one namespace.
 */
async function recentMetrics(ctx: CollectorContext, namespace?: string) {
  const client = await cloudwatch(ctx);
  const custom = new Map<string, CustomMetric>();
  const agent = new Map<string, AgentInstance>();
  for await (const page of paginateListMetrics({ client }, { RecentlyActive: 'PT3H', ...(namespace ? { Namespace: namespace } : {}) })) {
    for (const m of page.Metrics ?? []) {
      if (m.Namespace === 'CWAgent') {
        const id = m.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value || null;
        const e = agent.get(id ?? '') ?? { InstanceId: id, names: new Set<string>(), Count: 0 };
        if (m.MetricName) e.names.add(m.MetricName);
        e.Count += 1;
        agent.set(id ?? '', e);
      }
      if (!m.Namespace || !m.MetricName || m.Namespace.startsWith('AWS/')) continue;
      const key = `${m.Namespace}\u0000${m.MetricName}`;
      const c = custom.get(key);
      if (c) c.Count += 1;
      else custom.set(key, { Namespace: m.Namespace, MetricName: m.MetricName, Count: 1 });
    }
  }
  return { custom, agent };
}

/**
 * Tags of each alarm: one ListTagsForResource per alarm (by AlarmArn), in the collector's region. An
 * alarm deleted since the listing is left out; another failure spoils that alarm's tags only.
 */
async function alarmTags(ctx: CollectorContext, alarms: { AlarmName: string; AlarmArn?: string | null; Arn: string; Region: string }[]) {
  const client = await cloudwatch(ctx);
  return perResource(ctx, alarms, ['ResourceNotFoundException', 'ResourceNotFound'], async (a) => {
    const { Tags = [] } = await client.send(new ListTagsForResourceCommand({ ResourceARN: a.AlarmArn ?? a.Arn }));
    return { AlarmName: a.AlarmName, Tags, Region: a.Region, Arn: a.Arn };
  }, ctx.region);
}

/** The pass over every namespace, made once per region for customMetrics and agentMetrics. */
const everyRecentMetric = (ctx: CollectorContext) => ctx.shared('cloudwatch:ListMetrics:RecentlyActive', () => recentMetrics(ctx));

export const collectors: ServiceCollectors = {
  alarms: describeAlarms,

  async alarmTags(ctx) {
    return alarmTags(ctx, await ctx.get('cloudwatch.alarms'));
  },

  // Global: only the billing alarms of the global region, whatever regions are audited.
  async billingAlarmTags(ctx) {
    return alarmTags(ctx, await ctx.get('cloudwatch.billingAlarms'));
  },

  // ListMetrics cannot filter by namespace prefix: every recently active metric is listed and only
  // the custom ones kept, summarised per namespace and metric name. The same pass serves agentMetrics.
  async customMetrics(ctx) {
    const { custom } = await everyRecentMetric(ctx);
    return [...custom.values()]
      .sort((a, b) => a.Namespace.localeCompare(b.Namespace) || a.MetricName.localeCompare(b.MetricName))
      .map((m) => ({ ...m, Region: ctx.region, Arn: metricArn(ctx, m.Namespace, m.MetricName) }));
  },

  // Global: billing metrics are published in us-east-1 only (ctx.region is the partition's global region).
  async billingMetrics(ctx) {
    const client = await cloudwatch(ctx);
    const metrics = await allPages(
      paginateListMetrics({ client }, { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' }),
      (p) => p.Metrics,
    );
    return metrics.map((m, i) => ({
      Namespace: m.Namespace ?? 'AWS/Billing',
      MetricName: m.MetricName ?? 'EstimatedCharges',
      Dimensions: m.Dimensions ?? [],
      Region: ctx.region,
      Arn: `${metricArn(ctx, 'AWS/Billing', 'EstimatedCharges')}/${(m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',') || i}`,
    }));
  },

  // Global: the alarms of the global region (us-east-1, where billing metrics live), read from
  // cloudwatch.alarms so one DescribeAlarms pass serves both (copies: an item belongs to one dataset).
  async billingAlarms(ctx) {
    return (await ctx.get('cloudwatch.alarms')).filter((a) => alarmReadsMetric(a, 'AWS/Billing', 'EstimatedCharges')).map((a) => ({ ...a }));
  },

  // A running CloudWatch agent publishes to CWAgent: summarised per instance (InstanceId dimension).
  // When customMetrics is collected too, its pass over every namespace (same RecentlyActive filter)
  // already lists the CWAgent metrics; alone, a pass narrowed to CWAgent is far cheaper.
  async agentMetrics(ctx) {
    const { agent } = ctx.collecting('cloudwatch.customMetrics') ? await everyRecentMetric(ctx) : await recentMetrics(ctx, 'CWAgent');
    return [...agent.values()]
      .sort((a, b) => (a.InstanceId ?? '').localeCompare(b.InstanceId ?? ''))
      .map((e) => ({
        Namespace: 'CWAgent',
        InstanceId: e.InstanceId,
        MetricNames: [...e.names].sort(),
        Count: e.Count,
        Region: ctx.region,
        Arn: metricArn(ctx, 'CWAgent', e.InstanceId ?? '*'),
      }));
  },
};
