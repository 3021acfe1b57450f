import { DescribeInstancesCommand, DescribeReservedInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/ec2-vpc/ec2-reserved-capacity-coverage.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const sp = mockClient(SavingsplansClient);
const ec2 = mockClient(EC2Client);
const asg = mockClient(AutoScalingClient);
beforeEach(() => {
  sp.reset();
  ec2.reset();
  asg.reset();
});
afterEach(() => {
  sp.reset();
  ec2.reset();
  asg.reset();
});

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('savingsplans.savingsPlans (global)', () => {
  it('asks for active plans, follows nextToken by hand, and is called once whatever the regions', async () => {
    const inputs: Record<string, unknown>[] = [];
    sp.on(DescribeSavingsPlansCommand).callsFake(async (input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return input.nextToken
        ? { savingsPlans: [{ savingsPlanId: 'sp-2', savingsPlanType: 'EC2Instance', region: 'eu-west-1', ec2InstanceFamily: 'm5', state: 'active' }] }
        : {
            savingsPlans: [{ savingsPlanId: 'sp-1', savingsPlanArn: `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-1`, savingsPlanType: 'Compute', state: 'active', commitment: '1.5' }],
            nextToken: 'n2',
          };
    });
    const snap = await collectWith(['savingsplans.savingsPlans'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.savingsplans as Slice;
    expect(inputs).toEqual([
      { states: ['active'], maxResults: 1000 },
      { states: ['active'], maxResults: 1000, nextToken: 'n2' },
    ]);
    expect(slice.savingsPlans!.map((p) => [p.savingsPlanId, p.Region, p.Arn])).toEqual([
      ['sp-1', 'global', `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-1`],
      ['sp-2', 'eu-west-1', `arn:aws:savingsplans::${ACCOUNT}:savingsplan/sp-2`],
    ]);
  });

  it('no Savings Plans is an empty list, not an error', async () => {
    sp.on(DescribeSavingsPlansCommand).resolves({ savingsPlans: [] });
    const snap = await collectWith(['savingsplans.savingsPlans']);
    expect(snap.savingsplans).toEqual({ savingsPlans: [], errors: [] });
  });

  it('AccessDenied is a global collection error: the coverage rule reports error, never pass', async () => {
    sp.on(DescribeSavingsPlansCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: savingsplans:DescribeSavingsPlans'));
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ OwnerId: ACCOUNT, Instances: [{ InstanceId: 'i-1', InstanceType: 'm5.large', State: { Name: 'running' }, LaunchTime: new Date('2026-01-01T00:00:00Z') }] }],
    });
    ec2.on(DescribeReservedInstancesCommand).resolves({
      ReservedInstances: [{ ReservedInstancesId: 'r-1', InstanceType: 'm5.large', InstanceCount: 1, Scope: 'Region', ProductDescription: 'Linux/UNIX', State: 'active' }],
    });
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    const snap = await collectWith([...rule.needs]);
    expect((snap.savingsplans as Slice).errors).toEqual([
      expect.objectContaining({ dataset: 'savingsplans.savingsPlans', region: 'global', code: 'AccessDeniedException' }),
    ]);
    const result = evaluateRule(snap, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    expect(result.findings.map((f) => f.status)).toEqual(['error']);
    expect(result.status).toBe('error');
  });
});
