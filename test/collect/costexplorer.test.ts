import {
  CostExplorerClient,
  GetAnomalySubscriptionsCommand,
  GetReservationCoverageCommand,
  GetSavingsPlansCoverageCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policyFor } from '../../src/aws/policy.js';
import { RULES } from '../../rules/index.js';
import { ruleDatasets } from '../../src/rule.js';
import { enabledDatasets, enabledOptIns } from '../../src/snapshot/opt-in.js';
import { collect } from '../../src/collect/index.js';
import { snapshotSchema } from '../../src/snapshot/schema.js';
import { ACCOUNT, NOW, awsError, collectWith, testFactory } from './harness.js';

const ce = mockClient(CostExplorerClient);
beforeEach(() => ce.reset());
afterEach(() => ce.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const EC2 = { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } };

describe('costexplorer datasets (global, opt-in)', () => {
  it('reservation coverage: the last 30 days of EC2, by region, every page; one item per month and region', async () => {
    const inputs: Record<string, unknown>[] = [];
    ce.on(GetReservationCoverageCommand).callsFake(async (input: Record<string, unknown>) => {
      inputs.push({ ...input });
      const hours = (od: string, ri: string) => ({ CoverageHours: { OnDemandHours: od, ReservedHours: ri, TotalRunningHours: String(Number(od) + Number(ri)) } });
      return input.NextPageToken
        ? { CoveragesByTime: [{ TimePeriod: { Start: '2026-06-01', End: '2026-06-10' }, Groups: [{ Attributes: { region: 'eu-west-1' }, Coverage: hours('10', '0') }] }] }
        : {
            CoveragesByTime: [{ TimePeriod: { Start: '2026-05-11', End: '2026-06-01' }, Groups: [{ Attributes: { region: 'us-east-1' }, Coverage: hours('100', '400') }] }],
            NextPageToken: 'p2',
          };
    });
    const snap = await collectWith(['costexplorer.reservationCoverage'], { regions: ['us-east-1', 'eu-west-1'] });
    const window = { Start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), End: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) };
    expect(inputs).toEqual([
      { TimePeriod: window, Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }], Filter: EC2 },
      { TimePeriod: window, Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }], Filter: EC2, NextPageToken: 'p2' },
    ]);
    const tp = inputs[0]!.TimePeriod as { Start: string; End: string };
    expect((Date.parse(tp.End) - Date.parse(tp.Start)) / 86_400_000).toBe(30);
    const slice = snap.costexplorer as Slice;
    expect(slice.reservationCoverage!.map((c) => [c.Region, (c.CoverageHours as { OnDemandHours: string }).OnDemandHours, c.Arn])).toEqual([
      ['us-east-1', '100', `arn:aws:ce::${ACCOUNT}:reservation-coverage/us-east-1/2026-05-11`],
      ['eu-west-1', '10', `arn:aws:ce::${ACCOUNT}:reservation-coverage/eu-west-1/2026-06-01`],
    ]);
  });

  it('Savings Plans coverage: EC2 by region, NextToken followed', async () => {
    const tokens: unknown[] = [];
    ce.on(GetSavingsPlansCoverageCommand).callsFake(async (input: Record<string, unknown>) => {
      tokens.push(input.NextToken);
      expect(input).toMatchObject({ Granularity: 'MONTHLY', GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }], Filter: EC2 });
      const cov = { SpendCoveredBySavingsPlans: '60', OnDemandCost: '40', TotalCost: '100', CoveragePercentage: '60' };
      return input.NextToken
        ? { SavingsPlansCoverages: [{ Attributes: { region: 'eu-west-1' }, Coverage: cov, TimePeriod: { Start: '2026-06-01', End: '2026-06-10' } }] }
        : { SavingsPlansCoverages: [{ Attributes: { region: 'us-east-1' }, Coverage: cov, TimePeriod: { Start: '2026-06-01', End: '2026-06-10' } }], NextToken: 't2' };
    });
    const snap = await collectWith(['costexplorer.savingsPlansCoverage']);
    expect(tokens).toEqual([undefined, 't2']);
    expect((snap.costexplorer as Slice).savingsPlansCoverage!.map((c) => [c.Region, (c.Coverage as { OnDemandCost: string }).OnDemandCost])).toEqual([
      ['us-east-1', '40'],
      ['eu-west-1', '40'],
    ]);
  });

  it('anomaly subscriptions: every page, the subscription ARN as Arn', async () => {
    ce.on(GetAnomalySubscriptionsCommand)
      .resolvesOnce({ AnomalySubscriptions: [{ SubscriptionName: 'a', SubscriptionArn: `arn:aws:ce::${ACCOUNT}:anomalysubscription/a`, MonitorArnList: [], Subscribers: [{ Address: 'x@example.com', Type: 'EMAIL', Status: 'CONFIRMED' }], Frequency: 'DAILY' }], NextPageToken: 'n' })
      .resolvesOnce({ AnomalySubscriptions: [{ SubscriptionName: 'b', MonitorArnList: [], Subscribers: [], Frequency: 'WEEKLY' }] });
    const snap = await collectWith(['costexplorer.anomalySubscriptions']);
    expect(ce.commandCalls(GetAnomalySubscriptionsCommand).map((c) => c.args[0].input.NextPageToken)).toEqual([undefined, 'n']);
    expect((snap.costexplorer as Slice).anomalySubscriptions!.map((s) => [s.SubscriptionName, s.Region, s.Arn])).toEqual([
      ['a', 'global', `arn:aws:ce::${ACCOUNT}:anomalysubscription/a`],
      ['b', 'global', `arn:aws:ce::${ACCOUNT}:anomalysubscription/b`],
    ]);
  });

  it('AccessDenied is a global collection error naming the ce: permission', async () => {
    ce.on(GetAnomalySubscriptionsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ce:GetAnomalySubscriptions'));
    const snap = await collectWith(['costexplorer.anomalySubscriptions']);
    expect((snap.costexplorer as Slice).errors).toEqual([
      expect.objectContaining({ dataset: 'costexplorer.anomalySubscriptions', region: 'global', code: 'AccessDeniedException', message: expect.stringContaining('ce:GetAnomalySubscriptions') }),
    ]);
  });
});

describe('opt-in datasets', () => {
  const all = RULES.flatMap((r) => ruleDatasets(r));
  it('Cost Explorer datasets are collected, and their ce: actions granted, only with cost-explorer enabled', () => {
    expect(enabledDatasets(all).filter((k) => k.startsWith('costexplorer.'))).toEqual([]);
    expect(policyFor(enabledDatasets(all)).Statement[0]!.Action.filter((a) => a.startsWith('ce:'))).toEqual([]);
    expect(policyFor(enabledDatasets(all, ['cost-explorer'])).Statement[0]!.Action.filter((a) => a.startsWith('ce:'))).toEqual([
      'ce:GetAnomalySubscriptions',
      'ce:GetReservationCoverage',
      'ce:GetSavingsPlansCoverage',
    ]);
  });
  it('the snapshot records the opt-ins it was collected with (absent when none), and the window ends at collection time', async () => {
    ce.on(GetAnomalySubscriptionsCommand).resolves({ AnomalySubscriptions: [] });
    ce.on(GetReservationCoverageCommand).resolves({ CoveragesByTime: [] });
    const base = { factory: testFactory(), regions: ['us-east-1'], globalRegion: 'us-east-1', accountId: ACCOUNT, partition: 'aws', toolVersion: 'test', now: NOW };
    const on = await collect(['costexplorer.anomalySubscriptions', 'costexplorer.reservationCoverage'], { ...base, optIns: ['cost-explorer'] });
    expect(on.meta.optIns).toEqual(['cost-explorer']);
    expect(snapshotSchema.safeParse(on).success).toBe(true);
    expect(ce.commandCalls(GetReservationCoverageCommand)[0]!.args[0].input.TimePeriod).toEqual({ Start: '2026-10-02', End: '2026-11-01' });
    const off = await collect([], base);
    expect(off.meta).not.toHaveProperty('optIns');
  });

  it('enabled by the flag or the config key', () => {
    expect(enabledOptIns({}, {})).toEqual([]);
    expect(enabledOptIns({ enableCostExplorer: true }, {})).toEqual(['cost-explorer']);
    expect(enabledOptIns({}, { enable: ['cost-explorer'] })).toEqual(['cost-explorer']);
  });
  it('no rule needs an opt-in dataset (it would be an error whenever the opt-in is off): they are optionalNeeds', () => {
    for (const r of RULES) expect(enabledDatasets(r.needs), r.id).toEqual([...r.needs]);
  });
});
