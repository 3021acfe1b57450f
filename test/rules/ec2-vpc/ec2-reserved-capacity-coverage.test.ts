import rule from '../../../rules/ec2-vpc/ec2-reserved-capacity-coverage.js';
import { RuleTester } from '../../rule-tester.js';

// TEST_NOW is 2026-11-01T12:00:00Z.
const OLD = '2026-01-01T00:00:00Z';
const inst = (id: string, type: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  InstanceType: type,
  State: { Name: 'running' },
  LaunchTime: OLD,
  Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
  PlatformDetails: 'Linux/UNIX',
  ...extra,
});
const ri = (id: string, type: string, count: number, extra: Record<string, unknown> = {}) => ({
  ReservedInstancesId: id,
  InstanceType: type,
  InstanceCount: count,
  Scope: 'Region',
  ProductDescription: 'Linux/UNIX',
  InstanceTenancy: 'default',
  State: 'active',
  End: '2028-01-01T00:00:00Z',
  ...extra,
});
const sp = (id: string, type: string, region = '') => ({
  savingsPlanId: id,
  savingsPlanType: type,
  state: 'active',
  region,
  Region: region || 'global',
  Arn: `arn:aws:savingsplans::123456789012:savingsplan/${id}`,
});

const RECENT = '2026-10-25T00:00:00Z';
const group = (name: string, min: number, ids: string[], created = OLD) => ({
  AutoScalingGroupName: name,
  AutoScalingGroupARN: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}`,
  MinSize: min,
  MaxSize: 10,
  DesiredCapacity: ids.length,
  CreatedTime: created,
  Instances: ids.map((InstanceId) => ({ InstanceId, LifecycleState: 'InService' })),
});
/** Cost Explorer coverage of us-east-1 (collected with --enable-cost-explorer). */
const ce = (od: number, ri: number, spOnDemand: number, spTotal: number) => ({
  reservationCoverage: [
    { TimePeriod: { Start: '2026-10-02', End: '2026-11-01' }, CoverageHours: { OnDemandHours: String(od), ReservedHours: String(ri), TotalRunningHours: String(od + ri) }, Region: 'us-east-1', Arn: 'arn:aws:ce::123456789012:reservation-coverage/us-east-1/2026-10-02' },
  ],
  savingsPlansCoverage: [
    { TimePeriod: { Start: '2026-10-02', End: '2026-11-01' }, Coverage: { OnDemandCost: String(spOnDemand), TotalCost: String(spTotal), SpendCoveredBySavingsPlans: String(spTotal - spOnDemand) }, Region: 'us-east-1', Arn: 'arn:aws:ce::123456789012:savings-plans-coverage/us-east-1/2026-10-02' },
  ],
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'steady capacity fully covered by a size-flexible regional RI',
      snapshot: {
        ec2: { instances: [inst('i-1', 'm5.xlarge'), inst('i-2', 'm5.large')], reservedInstances: [ri('r-1', 'm5.large', 3)] },
        savingsplans: { savingsPlans: [] },
      },
    },
    {
      name: 'new, spot and stopped instances are not steady',
      notApplicable: true,
      snapshot: {
        ec2: {
          instances: [
            inst('i-new', 'm5.large', { LaunchTime: '2026-10-20T00:00:00Z' }),
            inst('i-spot', 'm5.large', { InstanceLifecycle: 'spot' }),
            inst('i-off', 'm5.large', { State: { Name: 'stopped' } }),
          ],
          reservedInstances: [],
        },
        savingsplans: { savingsPlans: [] },
      },
    },
    {
      name: 'a Compute Savings Plan makes coverage indeterminate (info, not warn)',
      notApplicable: true,
      snapshot: {
        ec2: { instances: [inst('i-1', 'c5.2xlarge')], reservedInstances: [] },
        savingsplans: { savingsPlans: [sp('sp-1', 'Compute')] },
      },
    },
  ],
  invalid: [
    {
      name: "an old Auto Scaling group's MinSize is steady capacity although its instances are new",
      snapshot: {
        ec2: { instances: [inst('i-a', 'm5.large', { LaunchTime: RECENT }), inst('i-b', 'm5.large', { LaunchTime: RECENT }), inst('i-c', 'm5.large', { LaunchTime: RECENT })], reservedInstances: [] },
        autoscaling: { groups: [group('web', 2, ['i-a', 'i-b', 'i-c']), group('new', 1, [], RECENT)] },
        savingsplans: { savingsPlans: [] },
      },
      findings: [{ status: 'warn', messageId: 'uncovered', evidence: { steadyInstances: 2, steadyUnits: 8 } }],
    },
    {
      name: 'with Cost Explorer, Savings Plans get a verdict: hours neither RIs nor Savings Plans paid for',
      snapshot: {
        meta: { optIns: ['cost-explorer'] },
        ec2: { instances: [inst('i-1', 'c5.2xlarge')], reservedInstances: [] },
        savingsplans: { savingsPlans: [sp('sp-1', 'Compute')] },
        costexplorer: ce(700, 300, 90, 100),
      },
      findings: [{ status: 'warn', messageId: 'ceUncovered', region: 'us-east-1', message: /63% of EC2 running hours in us-east-1 .*on demand/, evidence: { uncoveredShare: 0.63 } }],
    },
    {
      name: 'with Cost Explorer, coverage under the threshold passes',
      snapshot: {
        meta: { optIns: ['cost-explorer'] },
        ec2: { instances: [inst('i-1', 'c5.2xlarge')], reservedInstances: [] },
        savingsplans: { savingsPlans: [sp('sp-1', 'Compute')] },
        costexplorer: ce(700, 300, 40, 100),
      },
      findings: [],
      passes: ['123456789012'],
    },
    {
      name: 'without Cost Explorer, Savings Plans leave coverage indeterminate and the message says how to enable it',
      snapshot: {
        ec2: { instances: [inst('i-1', 'c5.2xlarge')], reservedInstances: [] },
        savingsplans: { savingsPlans: [sp('sp-1', 'Compute')] },
      },
      findings: [{ status: 'info', messageId: 'indeterminate', message: /indeterminate without Cost Explorer \(--enable-cost-explorer\)/ }],
    },
    {
      name: 'no reservations and no Savings Plan: warn low for the region',
      snapshot: {
        ec2: { instances: [inst('i-1', 'm5.large'), inst('i-2', 'c5.xlarge')], reservedInstances: [] },
        savingsplans: { savingsPlans: [] },
      },
      findings: [
        {
          status: 'warn',
          severity: 'low',
          region: 'us-east-1',
          message: /2 steady on-demand instance\(s\) in us-east-1, 100%/,
          evidence: { steadyUnits: 12, coveredUnits: 0, uncovered: ['i-1 (m5.large)', 'i-2 (c5.xlarge)'] },
        },
      ],
    },
    {
      name: 'partly covered under the threshold passes; over it warns (threshold is configurable)',
      options: { uncoveredThreshold: 0.25 },
      snapshot: {
        ec2: { instances: [inst('i-1', 'm5.xlarge'), inst('i-2', 'm5.large')], reservedInstances: [ri('r-1', 'm5.large', 2)] },
        savingsplans: { savingsPlans: [] },
      },
      findings: [{ status: 'warn', evidence: { steadyUnits: 12, coveredUnits: 8, uncoveredShare: 0.333 } }],
    },
    {
      name: 'an RI expiring within 30 days and an unused zonal RI are info; a Windows RI does not cover Linux',
      snapshot: {
        ec2: {
          instances: [inst('i-1', 'm5.large')],
          reservedInstances: [
            ri('r-exp', 'm5.large', 1, { End: '2026-11-20T00:00:00Z' }),
            ri('r-zonal', 'm5.large', 1, { Scope: 'Availability Zone', AvailabilityZone: 'us-east-1b' }),
            ri('r-win', 'm5.large', 1, { ProductDescription: 'Windows' }),
          ],
        },
        savingsplans: { savingsPlans: [] },
      },
      findings: [
        { status: 'info', resource: 'r-exp', message: /expires on 2026-11-20/ },
        { status: 'info', resource: 'r-zonal', message: /is unused/ },
        { status: 'info', resource: 'r-win', message: /is unused/ },
      ],
    },
    {
      name: 'an EC2 Instance Savings Plan makes only its own region indeterminate',
      snapshot: {
        meta: { regions: ['us-east-1', 'eu-west-1'] },
        ec2: {
          instances: [inst('i-us', 'm5.large', { Region: 'us-east-1' }), inst('i-eu', 'm5.large', { Region: 'eu-west-1' })],
          reservedInstances: [],
        },
        savingsplans: { savingsPlans: [sp('sp-eu', 'EC2Instance', 'eu-west-1')] },
      },
      findings: [
        { status: 'warn', region: 'us-east-1' },
        { status: 'info', region: 'eu-west-1', message: /indeterminate without Cost Explorer/ },
      ],
    },
  ],
});
