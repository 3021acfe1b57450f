import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
} from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/auto-scaling/asg-elb-health-check.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ruleOptions } from '../../src/engine/select.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const asg = mockClient(AutoScalingClient);
beforeEach(() => asg.reset());
afterEach(() => asg.reset());

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = { groups?: Record<string, unknown>[]; policies?: Record<string, unknown>[]; errors: Record<string, unknown>[] };

const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  AutoScalingGroupARN: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:0f1e:autoScalingGroupName/${name}`,
  MinSize: 2,
  MaxSize: 6,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ['us-east-1a', 'us-east-1b'],
  HealthCheckType: 'ELB',
  CreatedTime: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('autoscaling collectors', () => {
  it('pages through DescribeAutoScalingGroups (100 a page) and keeps TrafficSources', async () => {
    const seen: unknown[] = [];
    asg.on(DescribeAutoScalingGroupsCommand).callsFake(async (input: { NextToken?: string }) =>
      seen.push({ ...input }) && input.NextToken === 'page2'
        ? { AutoScalingGroups: [group('api', { VPCZoneIdentifier: '', TrafficSources: [{ Identifier: 'arn:tg', Type: 'elbv2' }] })] }
        : { AutoScalingGroups: [group('web', { VPCZoneIdentifier: 'subnet-a,subnet-b', LoadBalancerNames: ['web-clb'] })], NextToken: 'page2' },
    );
    const snap = await collectWith(['autoscaling.groups']);
    const slice = snap.autoscaling as Slice;
    expect(slice.errors).toEqual([]);
    expect(slice.groups!.map((g) => g.AutoScalingGroupName)).toEqual(['web', 'api']);
    expect(slice.groups![0]).toMatchObject({
      VPCZoneIdentifier: 'subnet-a,subnet-b',
      Region: 'us-east-1',
      Arn: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:0f1e:autoScalingGroupName/web`,
      CreatedTime: '2026-01-01T00:00:00.000Z',
    });
    // moto answers "" for an absent VPCZoneIdentifier: dropped.
    expect(slice.groups![1]).not.toHaveProperty('VPCZoneIdentifier');
    expect(slice.groups![1]!.TrafficSources).toEqual([{ Identifier: 'arn:tg', Type: 'elbv2' }]);
    // The paginator reuses its input object: inputs are copied as they are sent.
    expect(seen).toEqual([{ MaxRecords: 100 }, { MaxRecords: 100, NextToken: 'page2' }]);
  });

  it('pages through DescribePolicies (50 a page), every policy type kept', async () => {
    const arn = (n: string) => `arn:aws:autoscaling:us-east-1:${ACCOUNT}:scalingPolicy:1:autoScalingGroupName/web:policyName/${n}`;
    asg.on(DescribePoliciesCommand).callsFake(async (input: { NextToken?: string }) =>
      input.NextToken
        ? {
            ScalingPolicies: [
              {
                PolicyName: 'cpu50',
                PolicyARN: arn('cpu50'),
                AutoScalingGroupName: 'web',
                PolicyType: 'TargetTrackingScaling',
                Enabled: true,
                TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50 },
                Alarms: [{ AlarmName: 'TargetTracking-web-AlarmHigh-1', AlarmARN: 'arn:alarm:high' }],
              },
            ],
          }
        : {
            ScalingPolicies: [
              { PolicyName: 'in', PolicyARN: arn('in'), AutoScalingGroupName: 'web', PolicyType: 'SimpleScaling', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: -1, Alarms: [{ AlarmName: 'cpu-low' }] },
            ],
            NextToken: 't2',
          },
    );
    const snap = await collectWith(['autoscaling.policies'], { regions: ['eu-west-1'] });
    const slice = snap.autoscaling as Slice;
    expect(slice.policies!.map((p) => [p.PolicyName, p.PolicyType, p.Region, p.Arn])).toEqual([
      ['in', 'SimpleScaling', 'eu-west-1', arn('in')],
      ['cpu50', 'TargetTrackingScaling', 'eu-west-1', arn('cpu50')],
    ]);
    expect(asg.commandCalls(DescribePoliciesCommand).map((c) => c.args[0].input.MaxRecords)).toEqual([50, 50]);
  });

  it('AccessDenied in one region is a collection error for that region only', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('AccessDenied', 'User is not authorized to perform: autoscaling:DescribeAutoScalingGroups');
      return { AutoScalingGroups: [group('web')] };
    });
    const snap = await collectWith(['autoscaling.groups'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.autoscaling as Slice;
    expect(slice.groups!.map((g) => g.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 'autoscaling.groups', region: 'eu-west-1', code: 'AccessDenied', operation: 'autoscaling:DescribeAutoScalingGroups' }),
    ]);
    // The rules reading groups report an error for that region (and still judge us-east-1).
    const result = evaluateRule(snap, { rule, options: ruleOptions(rule, {}, 'test'), severity: rule.severity, severityOverridden: false });
    expect(result.findings.map((f) => `${f.status}@${f.resource.region}`)).toEqual(['error@eu-west-1']);
    expect(result.incomplete).toBe(true);
  });
});
