import rule from '../../../rules/auto-scaling/asg-single-scaling-trigger.js';
import { RuleTester } from '../../rule-tester.js';

const ACCT = '123456789012';
const policyArn = (name: string) => `arn:aws:autoscaling:us-east-1:${ACCT}:scalingPolicy:1:autoScalingGroupName/web:policyName/${name}`;
const group = (name = 'web') => ({ AutoScalingGroupName: name, Arn: `arn:aws:autoscaling:us-east-1:${ACCT}:autoScalingGroup:1:autoScalingGroupName/${name}`, MinSize: 2, MaxSize: 8 });
const policy = (name: string, type: string, over: Record<string, unknown> = {}) => ({
  PolicyARN: policyArn(name),
  Arn: policyArn(name),
  PolicyName: name,
  AutoScalingGroupName: 'web',
  PolicyType: type,
  Enabled: true,
  ...over,
});
const simple = (name: string, adjustment: number, over: Record<string, unknown> = {}) =>
  policy(name, 'SimpleScaling', { AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: adjustment, ...over });
const tracking = (name: string, type = 'ASGAverageCPUUtilization') =>
  policy(name, 'TargetTrackingScaling', { TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: type }, TargetValue: 50 } });
const dims = [{ Name: 'AutoScalingGroupName', Value: 'web' }];
const alarm = (name: string, metric: string, actions: Record<string, string[]>, over: Record<string, unknown> = {}) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: name,
  Arn: `arn:aws:cloudwatch:us-east-1:${ACCT}:alarm:${name}`,
  ActionsEnabled: true,
  Namespace: 'AWS/EC2',
  MetricName: metric,
  Dimensions: dims,
  ...actions,
  ...over,
});
const snap = (policies: unknown[], alarms: unknown[], groups = [group()]) => ({ autoscaling: { groups, policies }, cloudwatch: { alarms } });

RuleTester.run(rule, {
  valid: [
    {
      name: 'CPU high scales out, CPU low scales in',
      snapshot: snap([simple('out', 1), simple('in', -1)], [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }), alarm('cpu-low', 'CPUUtilization', { AlarmActions: [policyArn('in')] })]),
    },
    {
      name: 'same metric with dimensions in another order',
      snapshot: snap(
        [simple('out', 1), simple('in', -1)],
        [
          alarm('a', 'CPUUtilization', { AlarmActions: [policyArn('out')] }, { Dimensions: [{ Name: 'X', Value: '1' }, ...dims] }),
          alarm('b', 'CPUUtilization', { AlarmActions: [policyArn('in')] }, { Dimensions: [...dims, { Name: 'X', Value: '1' }] }),
        ],
      ),
    },
    { name: 'several target tracking policies cooperate', snapshot: snap([tracking('cpu'), tracking('net', 'ASGAverageNetworkOut')], []) },
    {
      name: 'two scale-out metrics, no scale-in',
      snapshot: snap([simple('out', 1), simple('out2', 2)], [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }), alarm('net-high', 'NetworkIn', { AlarmActions: [policyArn('out2')] })]),
    },
    {
      name: 'disabled policies do not count; groups without policies are not applicable',
      snapshot: snap(
        [simple('out', 1), simple('in', -1, { Enabled: false })],
        [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }), alarm('net-low', 'NetworkIn', { AlarmActions: [policyArn('in')] })],
        [group(), group('idle')],
      ),
    },
    {
      name: 'scale-in on OK of the scale-out alarm uses the same metric',
      snapshot: snap([simple('out', 1), simple('in', -1)], [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')], OKActions: [policyArn('in')] })]),
    },
  ],
  invalid: [
    {
      name: 'the article case: CPU-high scale-out with network-low scale-in',
      snapshot: snap([simple('out', 1), simple('in', -1)], [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }), alarm('net-low', 'NetworkIn', { AlarmActions: [policyArn('in')] })]),
      findings: [{ status: 'fail', severity: 'low', resource: 'web', message: /scales out on AWS\/EC2 CPUUtilization \(AutoScalingGroupName=web\) but in on AWS\/EC2 NetworkIn \(AutoScalingGroupName=web\)/ }],
    },
    {
      name: 'one metric name on two resources: the message names the dimensions, so the two never read alike',
      snapshot: snap([simple('out', 1), simple('in', -1)], [
        alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }),
        alarm('other-cpu-low', 'CPUUtilization', { AlarmActions: [policyArn('in')] }, { Dimensions: [{ Name: 'InstanceId', Value: 'i-0other' }] }),
      ]),
      findings: [{ status: 'fail', resource: 'web', message: 'scales out on AWS/EC2 CPUUtilization (AutoScalingGroupName=web) but in on AWS/EC2 CPUUtilization (InstanceId=i-0other)' }],
    },
    {
      name: 'step policies, scale-in on a metric math alarm',
      snapshot: snap(
        [policy('out', 'StepScaling', { StepAdjustments: [{ ScalingAdjustment: 1 }, { ScalingAdjustment: 3 }] }), policy('in', 'StepScaling', { StepAdjustments: [{ ScalingAdjustment: -1 }] })],
        [
          alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }),
          alarm('rate-low', '', { AlarmActions: [policyArn('in')] }, {
            Namespace: undefined,
            MetricName: undefined,
            Metrics: [
              { Id: 'e1', Expression: 'm1/60', ReturnData: true },
              { Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/web/1' }] } }, ReturnData: false },
            ],
          }),
        ],
      ),
      findings: [{ status: 'fail', resource: 'web', message: /but in on m1\/60/ }],
    },
    {
      name: 'step policies alongside target tracking',
      snapshot: snap([tracking('cpu'), simple('out', 1)], [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] })]),
      findings: [{ status: 'warn', severity: 'low', resource: 'web', message: /mixes target tracking \(cpu\) with step\/simple policies \(out\)/ }],
    },
    {
      name: 'fighting pair and target tracking: both reported',
      snapshot: snap(
        [tracking('cpu'), simple('out', 1), simple('in', -1)],
        [alarm('cpu-high', 'CPUUtilization', { AlarmActions: [policyArn('out')] }), alarm('net-low', 'NetworkOut', { AlarmActions: [policyArn('in')] })],
      ),
      findings: [
        { status: 'fail', resource: 'web' },
        { status: 'warn', resource: 'web' },
      ],
    },
  ],
});
