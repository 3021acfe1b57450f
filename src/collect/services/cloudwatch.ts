import {
  CloudWatchClient,
  paginateDescribeAlarms,
  paginateListMetrics,
  type CompositeAlarm,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { isBillingAlarm } from '../../aws-model/alarms.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined } from '../util.js';

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

export const collectors: ServiceCollectors = {
  alarms: describeAlarms,

  // ListMetrics cannot filter by namespace prefix: every recently active metric is listed and only
  // the custom ones kept, summarised per namespace and metric name.
  async customMetrics(ctx) {
    const client = await cloudwatch(ctx);
    const counts = new Map<string, { Namespace: string; MetricName: string; Count: number }>();
    for await (const page of paginateListMetrics({ client }, { RecentlyActive: 'PT3H' })) {
      for (const m of page.Metrics ?? []) {
        if (!m.Namespace || !m.MetricName || m.Namespace.startsWith('AWS/')) continue;
        const key = `${m.Namespace}\u0000${m.MetricName}`;
        const c = counts.get(key);
        if (c) c.Count += 1;
        else counts.set(key, { Namespace: m.Namespace, MetricName: m.MetricName, Count: 1 });
      }
    }
    return [...counts.values()]
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

  async billingAlarms(ctx) {
    return (await describeAlarms(ctx)).filter(isBillingAlarm);
  },

  // A running CloudWatch agent publishes to CWAgent: summarised per instance (InstanceId dimension).
  async agentMetrics(ctx) {
    const client = await cloudwatch(ctx);
    const byInstance = new Map<string, { InstanceId: string | null; names: Set<string>; Count: number }>();
    for await (const page of paginateListMetrics({ client }, { Namespace: 'CWAgent', RecentlyActive: 'PT3H' })) {
      for (const m of page.Metrics ?? []) {
        const id = m.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value || null;
        const e = byInstance.get(id ?? '') ?? { InstanceId: id, names: new Set<string>(), Count: 0 };
        if (m.MetricName) e.names.add(m.MetricName);
        e.Count += 1;
        byInstance.set(id ?? '', e);
      }
    }
    return [...byInstance.values()]
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
