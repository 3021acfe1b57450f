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
