import { CloudWatchClient, paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  ServiceQuotasClient,
  paginateListAWSDefaultServiceQuotas,
  paginateListServiceQuotas,
  type ServiceQuota,
} from '@aws-sdk/client-service-quotas';
import pLimit from 'p-limit';
import { QUOTA_SERVICE_CODES } from '../../snapshot/services/servicequotas.js';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks } from '../util.js';

const HOUR = 3600_000;
const UNIT_SECONDS: Record<string, number> = {
  MICROSECOND: 1e-6, MILLISECOND: 1e-3, SECOND: 1, MINUTE: 60, HOUR: 3600, DAY: 86_400, WEEK: 604_800,
};

/** A service code the region does not offer answers NoSuchResourceException: no quotas, not a failure. */
async function listOrNone(fn: () => Promise<ServiceQuota[]>): Promise<ServiceQuota[]> {
  try {
    return await fn();
  } catch (err) {
    if (isNotConfigured(err, ['NoSuchResourceException'])) return [];
    throw err;
  }
}

/** How to read a quota's usage metric: rate quotas (with a Period) are summed per minute and rescaled. */
function usageQuery(q: ServiceQuota, id: string): MetricDataQuery | undefined {
  const m = q.UsageMetric;
  if (!m?.MetricNamespace || !m.MetricName) return undefined;
  const rate = q.Period?.PeriodValue && q.Period.PeriodUnit;
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: m.MetricNamespace,
        MetricName: m.MetricName,
        Dimensions: Object.entries(m.MetricDimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: rate ? 60 : 3600,
      Stat: rate ? 'Sum' : m.MetricStatisticRecommendation || 'Maximum',
    },
  };
}

/** Peak usage per query id over the last 24 hours (GetMetricData, 500 queries a call). */
async function peakUsage(ctx: CollectorContext, queries: MetricDataQuery[]) {
  const peaks = new Map<string, { Value: number; Timestamp: string }>();
  if (queries.length === 0) return peaks;
  const cw = await ctx.client<CloudWatchClient>('cloudwatch');
  const EndTime = new Date();
  const StartTime = new Date(EndTime.getTime() - 24 * HOUR);
  for (const batch of chunks(queries, 500)) {
    const results = await allPages(
      paginateGetMetricData({ client: cw }, { MetricDataQueries: batch, StartTime, EndTime, ScanBy: 'TimestampDescending' }),
      (p) => p.MetricDataResults,
    );
    for (const r of results) {
      (r.Values ?? []).forEach((v, i) => {
        const prev = r.Id ? peaks.get(r.Id) : undefined;
        if (r.Id && (!prev || v > prev.Value)) peaks.set(r.Id, { Value: v, Timestamp: r.Timestamps?.[i]?.toISOString() ?? '' });
      });
    }
  }
  return peaks;
}

export const collectors: ServiceCollectors = {
  async quotas(ctx) {
    const client = await ctx.client<ServiceQuotasClient>('servicequotas');
    const limit = pLimit(4);
    const perCode = await Promise.all(
      QUOTA_SERVICE_CODES.map(async (ServiceCode) => {
        const [applied, defaults] = await Promise.all([
          limit(() => listOrNone(() => allPages(paginateListServiceQuotas({ client, pageSize: 100 }, { ServiceCode }), (p) => p.Quotas))),
          limit(() =>
            listOrNone(() => allPages(paginateListAWSDefaultServiceQuotas({ client, pageSize: 100 }, { ServiceCode }), (p) => p.Quotas)),
          ),
        ]);
        // ListServiceQuotas omits quotas that have no applied value: the default stands for them.
        const byCode = new Map<string, { quota: ServiceQuota; DefaultValue?: number }>();
        for (const d of defaults) if (d.QuotaCode) byCode.set(d.QuotaCode, { quota: { ServiceCode, ...d }, DefaultValue: d.Value });
        for (const a of applied)
          if (a.QuotaCode) byCode.set(a.QuotaCode, { quota: { ServiceCode, ...a }, DefaultValue: byCode.get(a.QuotaCode)?.DefaultValue });
        return [...byCode.values()];
      }),
    );
    const quotas = perCode.flat();

    const queries = new Map<string, MetricDataQuery>();
    quotas.forEach(({ quota }, i) => {
      const q = usageQuery(quota, `q${i}`);
      if (q) queries.set(q.Id!, q);
    });
    let peaks = new Map<string, { Value: number; Timestamp: string }>();
    try {
      peaks = await peakUsage(ctx, [...queries.values()]);
    } catch (err) {
      // Quotas stay usable (rules can count some usage themselves); passes in this region are not trusted.
      ctx.recordError(err, { region: ctx.region });
    }

    return quotas.map(({ quota, DefaultValue }, i) => {
      const peak = peaks.get(`q${i}`);
      const rate = quota.Period?.PeriodValue && quota.Period.PeriodUnit ? quota.Period : undefined;
      const scale = rate ? (rate.PeriodValue! * (UNIT_SECONDS[rate.PeriodUnit!] ?? 1)) / 60 : 1;
      const q = queries.get(`q${i}`);
      return {
        ...quota,
        ServiceCode: quota.ServiceCode!,
        QuotaCode: quota.QuotaCode!,
        ...(DefaultValue !== undefined ? { DefaultValue } : {}),
        ...(peak ? { Usage: { Value: peak.Value * scale, Statistic: q?.MetricStat?.Stat, Timestamp: peak.Timestamp } } : {}),
        Region: ctx.region,
        Arn: quota.QuotaArn || ctx.arn('servicequotas', `${quota.ServiceCode}/${quota.QuotaCode}`),
      };
    });
  },
};
