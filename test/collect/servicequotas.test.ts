import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const sq = mockClient(ServiceQuotasClient);
const cw = mockClient(CloudWatchClient);
beforeEach(() => {
  sq.reset();
  cw.reset();
});
afterEach(() => {
  sq.reset();
  cw.reset();
});

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const qarn = (svc: string, code: string) => `arn:aws:servicequotas:us-east-1:${ACCOUNT}:${svc}/${code}`;
const vcpu = {
  ServiceCode: 'ec2',
  QuotaCode: 'L-1216C47A',
  QuotaName: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
  QuotaArn: qarn('ec2', 'L-1216C47A'),
  Adjustable: true,
  GlobalQuota: false,
  UsageMetric: {
    MetricNamespace: 'AWS/Usage',
    MetricName: 'ResourceCount',
    MetricDimensions: { Service: 'EC2', Type: 'Resource', Resource: 'vCPU', Class: 'Standard/OnDemand' },
    MetricStatisticRecommendation: 'Maximum',
  },
};
const eips = { ServiceCode: 'ec2', QuotaCode: 'L-0263D0A3', QuotaName: 'EC2-VPC Elastic IPs', QuotaArn: qarn('ec2', 'L-0263D0A3'), Adjustable: true, GlobalQuota: false };
const rate = {
  ServiceCode: 'ec2',
  QuotaCode: 'L-RATE',
  QuotaName: 'Rate of DescribeInstances requests',
  QuotaArn: qarn('ec2', 'L-RATE'),
  Period: { PeriodValue: 1, PeriodUnit: 'SECOND' },
  UsageMetric: { MetricNamespace: 'AWS/Usage', MetricName: 'CallCount', MetricDimensions: { Service: 'EC2', Type: 'API', Resource: 'DescribeInstances', Class: 'None' }, MetricStatisticRecommendation: 'Sum' },
};

function quotasFor(code: string, applied: boolean): Record<string, unknown>[] {
  if (code !== 'ec2') return [];
  return applied ? [{ ...vcpu, Value: 640 }] : [{ ...vcpu, Value: 5 }, { ...eips, Value: 5 }, { ...rate, Value: 100 }];
}

describe('servicequotas.quotas', () => {
  it('merges applied and default values, pages both listings, reads peak usage (rate quotas per period)', async () => {
    const listed: string[] = [];
    sq.on(ListServiceQuotasCommand).callsFake(async (input: { ServiceCode: string; NextToken?: string }) => {
      listed.push(`applied:${input.ServiceCode}:${input.NextToken ?? ''}`);
      if (input.ServiceCode === 'lambda') throw awsError('NoSuchResourceException', 'not available in this region');
      // Two pages for ec2: the applied vCPU quota comes on the second.
      if (input.ServiceCode === 'ec2' && !input.NextToken) return { Quotas: [], NextToken: 'p2' };
      return { Quotas: quotasFor(input.ServiceCode, true) };
    });
    sq.on(ListAWSDefaultServiceQuotasCommand).callsFake(async (input: { ServiceCode: string }) => ({ Quotas: quotasFor(input.ServiceCode, false) }));
    const queries: Record<string, unknown>[] = [];
    cw.on(GetMetricDataCommand).callsFake(async (input: { MetricDataQueries: { Id: string; MetricStat: { Period: number; Stat: string } }[] }) => {
      queries.push(...input.MetricDataQueries.map((q) => ({ Id: q.Id, Period: q.MetricStat.Period, Stat: q.MetricStat.Stat })));
      return {
        MetricDataResults: input.MetricDataQueries.map((q) =>
          q.Id === queries.find((x) => x.Stat === 'Sum')?.Id
            ? { Id: q.Id, Values: [120, 600], Timestamps: [new Date('2026-11-01T10:00:00Z'), new Date('2026-11-01T09:00:00Z')] }
            : { Id: q.Id, Values: [48, 96, 64], Timestamps: [new Date('2026-11-01T10:00:00Z'), new Date('2026-11-01T09:00:00Z'), new Date('2026-11-01T08:00:00Z')] },
        ),
      };
    });
    const snap = await collectWith(['servicequotas.quotas']);
    const slice = snap.servicequotas as Slice;
    expect(listed).toEqual(expect.arrayContaining(['applied:ec2:', 'applied:ec2:p2', 'applied:lambda:']));
    expect(slice.errors).toEqual([]);
    const byCode = Object.fromEntries(slice.quotas!.map((q) => [q.QuotaCode, q]));
    expect(Object.keys(byCode).sort()).toEqual(['L-0263D0A3', 'L-1216C47A', 'L-RATE']);
    expect(byCode['L-1216C47A']).toMatchObject({ Value: 640, DefaultValue: 5, Usage: { Value: 96, Statistic: 'Maximum', Timestamp: '2026-11-01T09:00:00.000Z' }, Arn: qarn('ec2', 'L-1216C47A'), Region: 'us-east-1' });
    // No applied value: the default stands, and there is no usage metric to read.
    expect(byCode['L-0263D0A3']).toMatchObject({ Value: 5, DefaultValue: 5 });
    expect(byCode['L-0263D0A3']!.Usage).toBeUndefined();
    // A per-second rate quota: summed per minute, then rescaled to a second (600 / 60).
    expect(byCode['L-RATE']).toMatchObject({ Usage: { Value: 10, Statistic: 'Sum' } });
    expect(queries).toEqual(expect.arrayContaining([expect.objectContaining({ Period: 3600, Stat: 'Maximum' }), expect.objectContaining({ Period: 60, Stat: 'Sum' })]));
  });

  it('GetMetricData denied: quotas are kept without usage, and the region is marked as not fully checked', async () => {
    sq.on(ListServiceQuotasCommand).callsFake(async (input: { ServiceCode: string }) => ({ Quotas: quotasFor(input.ServiceCode, true) }));
    sq.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
    cw.on(GetMetricDataCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:GetMetricData'));
    const snap = await collectWith(['servicequotas.quotas']);
    const slice = snap.servicequotas as Slice;
    expect(slice.quotas!.map((q) => [q.QuotaCode, q.Usage ?? null])).toEqual([['L-1216C47A', null]]);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'servicequotas.quotas', region: 'us-east-1', code: 'AccessDenied' })]);
    expect(slice.errors[0]!.resource).toBeUndefined();
  });

  it('ListServiceQuotas denied in one region is an error there', async () => {
    sq.on(ListServiceQuotasCommand).callsFake(async (input: { ServiceCode: string }, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDeniedException', 'not authorized to perform: servicequotas:ListServiceQuotas');
      return { Quotas: quotasFor(input.ServiceCode, true) };
    });
    sq.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const snap = await collectWith(['servicequotas.quotas'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.servicequotas as Slice;
    expect(slice.quotas!.map((q) => q.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'servicequotas.quotas', region: 'eu-west-1', code: 'AccessDeniedException' })]);
  });
});
