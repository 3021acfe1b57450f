import { describe, expect, it } from 'vitest';
import { groupPolicies, policyAlarms, policyDirection, policyEnabled, policyKind } from '../../src/aws-model/scaling-policies.js';

const ARN = 'arn:aws:autoscaling:us-east-1:1:scalingPolicy:1:autoScalingGroupName/web:policyName/p';
const p = (over: Record<string, unknown> = {}) => ({ Region: 'us-east-1', PolicyARN: ARN, AutoScalingGroupName: 'web', ...over });
const size = { MinSize: 2, MaxSize: 10 };

describe('policyKind', () => {
  it.each([
    [undefined, 'simple'],
    ['', 'simple'],
    ['SimpleScaling', 'simple'],
    ['StepScaling', 'step'],
    ['TargetTrackingScaling', 'target-tracking'],
    ['PredictiveScaling', 'predictive'],
    ['Whatever', 'other'],
  ])('%s is %s', (type, kind) => expect(policyKind(p({ PolicyType: type }))).toBe(kind));

  it('only Enabled === false disables', () => {
    expect(policyEnabled(p())).toBe(true);
    expect(policyEnabled(p({ Enabled: false }))).toBe(false);
  });
});

describe('policyDirection', () => {
  it.each([
    ['ChangeInCapacity -1', { AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: -1 }, 'in'],
    ['PercentChangeInCapacity -20', { AdjustmentType: 'PercentChangeInCapacity', ScalingAdjustment: -20 }, 'in'],
    ['ChangeInCapacity +2', { AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 2 }, 'out'],
    ['adjustment 0', { AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: 0 }, 'unknown'],
    ['ExactCapacity at MinSize', { AdjustmentType: 'ExactCapacity', ScalingAdjustment: 2 }, 'in'],
    ['ExactCapacity below MinSize', { AdjustmentType: 'ExactCapacity', ScalingAdjustment: 0 }, 'in'],
    ['ExactCapacity at MaxSize', { AdjustmentType: 'ExactCapacity', ScalingAdjustment: 10 }, 'out'],
    ['ExactCapacity in between', { AdjustmentType: 'ExactCapacity', ScalingAdjustment: 5 }, 'unknown'],
    ['step all negative', { PolicyType: 'StepScaling', StepAdjustments: [{ ScalingAdjustment: -1 }, { ScalingAdjustment: -3 }] }, 'in'],
    ['step zero bands ignored', { PolicyType: 'StepScaling', StepAdjustments: [{ ScalingAdjustment: 0 }, { ScalingAdjustment: 2 }] }, 'out'],
    ['step both ways', { PolicyType: 'StepScaling', StepAdjustments: [{ ScalingAdjustment: -1 }, { ScalingAdjustment: 1 }] }, 'mixed'],
    ['step ExactCapacity', { PolicyType: 'StepScaling', AdjustmentType: 'ExactCapacity', StepAdjustments: [{ ScalingAdjustment: 1 }, { ScalingAdjustment: 2 }] }, 'in'],
    ['target tracking', { PolicyType: 'TargetTrackingScaling' }, 'unknown'],
  ])('%s', (_name, over, dir) => expect(policyDirection(p(over), size)).toBe(dir));

  it('ExactCapacity without a known group size is unknown', () => {
    expect(policyDirection(p({ AdjustmentType: 'ExactCapacity', ScalingAdjustment: 0 }))).toBe('unknown');
  });
});

describe('policyAlarms', () => {
  const alarm = (AlarmName: string, over: Record<string, unknown> = {}) => ({ Region: 'us-east-1', AlarmType: 'MetricAlarm', AlarmName, ...over });
  it('finds listed alarms and alarms naming the policy ARN, in the same region, and reports missing names', () => {
    const r = policyAlarms(p({ Alarms: [{ AlarmName: 'listed' }, { AlarmName: 'gone' }, { AlarmName: 'elsewhere' }] }), [
      alarm('listed'),
      alarm('by-arn', { InsufficientDataActions: [ARN] }),
      alarm('elsewhere', { Region: 'eu-west-1' }),
      alarm('unrelated'),
      alarm('composite', { AlarmType: 'CompositeAlarm', AlarmActions: [ARN] }),
    ]);
    expect(r.alarms.map((a) => a.AlarmName)).toEqual(['listed', 'by-arn']);
    expect(r.missing).toEqual(['gone', 'elsewhere']);
  });

  it('groupPolicies matches region and group name', () => {
    const ps = [p(), p({ Region: 'eu-west-1' }), p({ AutoScalingGroupName: 'api' })];
    expect(groupPolicies({ Region: 'us-east-1', AutoScalingGroupName: 'web' }, ps)).toEqual([ps[0]]);
  });
});
