import { describe, expect, it } from 'vitest';
import {
  alarmActionClasses,
  alarmActsOnAlarm,
  alarmMetricIdentity,
  alarmMetrics,
  alarmReferencesAction,
  classifyAction,
  compositeRuleAlarms,
  firesOnMissingData,
  hasAutomatedAction,
  isBillingAlarm,
  metricKey,
  treatMissingData,
} from '../../src/aws-model/alarms.js';

const POLICY = 'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1f2e:autoScalingGroupName/web:policyName/in';

describe('classifyAction', () => {
  it.each([
    ['arn:aws:sns:us-east-1:123456789012:ops', 'notify'],
    [POLICY, 'autoscale'],
    ['arn:aws:automate:us-east-1:ec2:recover', 'ec2-action'],
    ['arn:aws:automate:eu-west-1:ec2:stop', 'ec2-action'],
    ['arn:aws:automate:eu-west-1:ec2:terminate', 'ec2-action'],
    ['arn:aws:automate:eu-west-1:ec2:reboot', 'ec2-action'],
    ['arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Reboot/1.0', 'ec2-action'],
    ['arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Availability', 'opsitem'],
    ['arn:aws:ssm-incidents::123456789012:responseplan/critical', 'incident'],
    ['arn:aws:lambda:us-east-1:123456789012:function:remediate', 'lambda'],
    ['arn:aws-us-gov:sns:us-gov-west-1:123456789012:ops', 'notify'],
    ['arn:aws:automate:us-east-1:ec2:hibernate', 'other'],
    ['arn:aws:ssm:us-east-1:123456789012:document/x', 'other'],
    ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x', 'other'],
    ['not-an-arn', 'other'],
  ])('%s is %s', (arn, cls) => expect(classifyAction(arn)).toBe(cls));
});

describe('alarm metrics', () => {
  const math = {
    AlarmName: 'error-rate',
    Metrics: [
      { Id: 'e1', Expression: 'm2 / m1 * 100', ReturnData: true },
      { Id: 'm1', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/web/1' }] }, Period: 60 } },
      { Id: 'm2', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/web/1' }] }, Period: 60 } },
    ],
  };

  it('reads the top-level metric', () => {
    expect(alarmMetrics({ Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Period: 300, Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] })).toEqual([
      { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Period: 300, Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] },
    ]);
  });

  it('reads Metrics[].MetricStat.Metric of metric math alarms', () => {
    expect(alarmMetrics(math).map((m) => `${m.MetricName}@${m.Period}`)).toEqual(['RequestCount@60', 'HTTPCode_Target_5XX_Count@60']);
  });

  it('treats "" namespace (moto) as absent', () => {
    expect(alarmMetrics({ Namespace: '', MetricName: '' })).toEqual([]);
  });

  it('recognises billing alarms, direct or through metric math', () => {
    expect(isBillingAlarm({ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' })).toBe(true);
    expect(
      isBillingAlarm({
        Metrics: [
          { Id: 'e1', Expression: 'RATE(m1)' },
          { Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' } } },
        ],
      }),
    ).toBe(true);
    expect(isBillingAlarm({ Namespace: 'AWS/EC2', MetricName: 'CPUUtilization' })).toBe(false);
  });

  it('metric keys ignore dimension order', () => {
    const a = { Namespace: 'N', MetricName: 'M', Dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] };
    const b = { Namespace: 'N', MetricName: 'M', Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }] };
    expect(metricKey(a)).toBe(metricKey(b));
    expect(metricKey(a)).toBe('N|M|a=1,b=2');
  });

  it('identity: one metric, anomaly band = its metric, math = expression over its metrics', () => {
    const cpu = { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'web' }] };
    expect(alarmMetricIdentity(cpu)).toBe('AWS/EC2|CPUUtilization|AutoScalingGroupName=web');
    const band = {
      ThresholdMetricId: 'ad1',
      Metrics: [
        { Id: 'm1', ReturnData: true, MetricStat: { Metric: cpu } },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
      ],
    };
    expect(alarmMetricIdentity(band)).toBe(alarmMetricIdentity(cpu));
    expect(alarmMetricIdentity(math)).toMatch(/^expr:m2\/m1\*100\[AWS\/ApplicationELB\|HTTPCode/);
    const otherLb = JSON.parse(JSON.stringify(math).replaceAll('app/web/1', 'app/api/2'));
    expect(alarmMetricIdentity(otherLb)).not.toBe(alarmMetricIdentity(math));
  });
});

describe('alarm actions', () => {
  const alarm = {
    ActionsEnabled: true,
    AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops', POLICY],
    OKActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
    InsufficientDataActions: [],
  };

  it('classifies each list', () => {
    const c = alarmActionClasses(alarm);
    expect(c.alarm).toEqual(['notify', 'autoscale']);
    expect(c.ok).toEqual(['notify']);
    expect(c.all).toEqual(['notify', 'autoscale']);
    expect(hasAutomatedAction(alarm)).toBe(true);
    expect(hasAutomatedAction({ AlarmActions: ['arn:aws:sns:us-east-1:1:ops'] })).toBe(false);
  });

  it('acts on ALARM only when enabled and AlarmActions is not empty', () => {
    expect(alarmActsOnAlarm(alarm)).toBe(true);
    expect(alarmActsOnAlarm({ ...alarm, ActionsEnabled: false })).toBe(false);
    expect(alarmActsOnAlarm({ ActionsEnabled: true, AlarmActions: [], OKActions: ['arn:aws:sns:us-east-1:1:x'] })).toBe(false);
  });

  it('finds the alarm tied to a policy in any action list', () => {
    expect(alarmReferencesAction(alarm, POLICY)).toBe(true);
    expect(alarmReferencesAction({ OKActions: [POLICY] }, POLICY)).toBe(true);
    expect(alarmReferencesAction({ AlarmActions: [] }, POLICY)).toBe(false);
  });
});

describe('firesOnMissingData', () => {
  it.each([
    ['breaching: the alarm goes to ALARM', { TreatMissingData: 'breaching', AlarmActions: [POLICY] }, true],
    ['breaching but the policy is only an OK action', { TreatMissingData: 'breaching', OKActions: [POLICY] }, false],
    ['notBreaching: the alarm goes to OK', { TreatMissingData: 'notBreaching', OKActions: [POLICY] }, true],
    ['notBreaching with the policy on INSUFFICIENT_DATA', { TreatMissingData: 'notBreaching', InsufficientDataActions: [POLICY] }, false],
    ['missing (default): INSUFFICIENT_DATA', { InsufficientDataActions: [POLICY], AlarmActions: [POLICY] }, true],
    ['"" (moto) means missing', { TreatMissingData: '', InsufficientDataActions: [POLICY] }, true],
    ['missing, ALARM action only', { TreatMissingData: 'missing', AlarmActions: [POLICY] }, false],
    ['ignore keeps the last state', { TreatMissingData: 'ignore', AlarmActions: [POLICY], InsufficientDataActions: [POLICY] }, false],
    ['disabled actions never fire', { ActionsEnabled: false, TreatMissingData: 'breaching', AlarmActions: [POLICY] }, false],
  ])('%s', (_name, alarm, expected) => expect(firesOnMissingData(alarm, POLICY)).toBe(expected));

  it('normalises TreatMissingData', () => {
    expect(treatMissingData({})).toBe('missing');
    expect(treatMissingData({ TreatMissingData: 'notBreaching' })).toBe('notBreaching');
  });
});

describe('compositeRuleAlarms', () => {
  it('reads quoted names, bare names, ARNs and AT_LEAST lists', () => {
    expect(
      compositeRuleAlarms(
        'ALARM("cpu-high") AND NOT OK(disk-low) OR INSUFFICIENT_DATA(arn:aws:cloudwatch:us-east-1:1:alarm:mem) OR AT_LEAST(2, ALARM, ("a", \'b\'))',
      ).sort(),
    ).toEqual(['a', 'arn:aws:cloudwatch:us-east-1:1:alarm:mem', 'b', 'cpu-high', 'disk-low']);
    expect(compositeRuleAlarms(undefined)).toEqual([]);
  });
});
