import { z } from 'zod';
import { dataset, date, item, optBool, optNum, optStr } from '../dataset.js';

/** The service codes whose quotas are collected (quotas-headroom's `serviceCodes` default). */
export const QUOTA_SERVICE_CODES = ['ec2', 'vpc', 'elasticloadbalancing', 'ebs', 'rds', 'autoscaling', 'iam', 'lambda'] as const;

export const servicequotas = {
  quotas: dataset({
    identity: { id: 'QuotaCode', region: (q) => (q.GlobalQuota ? 'global' : String(q.Region)) },
    scope: 'regional',
    operations: ['servicequotas:ListServiceQuotas', 'servicequotas:ListAWSDefaultServiceQuotas', 'cloudwatch:GetMetricData'],
    description:
      `Service quotas of ${QUOTA_SERVICE_CODES.join(', ')}: the applied value (or the AWS default where none is applied), ` +
      'the default value, and the peak of the quota\'s usage metric (AWS/Usage) over the last 24 hours.',
    schema: z.array(
      item({
        ServiceCode: z.string(),
        ServiceName: optStr,
        QuotaCode: z.string(),
        QuotaName: optStr,
        QuotaArn: optStr,
        /** The applied value, or the AWS default when no value is applied. */
        Value: optNum,
        /** The AWS default value (ListAWSDefaultServiceQuotas). */
        DefaultValue: optNum,
        Unit: optStr,
        Adjustable: optBool,
        GlobalQuota: optBool,
        Period: z.looseObject({ PeriodValue: optNum, PeriodUnit: optStr }).nullish(),
        UsageMetric: z
          .looseObject({
            MetricNamespace: optStr,
            MetricName: optStr,
            MetricDimensions: z.record(z.string(), z.string()).nullish(),
            MetricStatisticRecommendation: optStr,
          })
          .nullish(),
        /** Peak usage over the last 24 h, in the quota's own unit and period; absent without a metric or datapoints. */
        Usage: z.looseObject({ Value: z.number(), Statistic: optStr, Timestamp: date }).nullish(),
      }),
    ),
  }),
} as const;
