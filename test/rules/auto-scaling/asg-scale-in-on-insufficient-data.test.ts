import rule from '../../../rules/auto-scaling/asg-scale-in-on-insufficient-data.js';
import { RuleTester } from '../../rule-tester.js';

const ACCT = '123456789012';
const policyArn = (name: string, region = 'us-east-1') => `arn:aws:autoscaling:${region}:${ACCT}:scalingPolicy:1:autoScalingGroupName/web:policyName/${name}`;
const group = { AutoScalingGroupName: 'web', Arn: `arn:aws:autoscaling:us-east-1:${ACCT}:autoScalingGroup:1:autoScalingGroupName/web`, MinSize: 1, MaxSize: 6 };

const simple = (name: string, adjustment: number, alarms: string[], over: Record<string, unknown> = {}) => ({
  PolicyARN: policyArn(name),
  Arn: policyArn(name),
  PolicyName: name,
  AutoScalingGroupName: 'web',
  PolicyType: 'SimpleScaling',
  AdjustmentType: 'ChangeInCapacity',
  ScalingAdjustment: adjustment,
  Alarms: alarms.map((AlarmName) => ({ AlarmName })),
  Enabled: true,
  ...over,
});
const step = (name: string, adjustments: number[], alarms: string[], over: Record<string, unknown> = {}) => ({
  ...simple(name, 0, alarms, over),
  PolicyType: 'StepScaling',
  ScalingAdjustment: undefined,
  StepAdjustments: adjustments.map((ScalingAdjustment, i) => ({ MetricIntervalUpperBound: -i * 10, ScalingAdjustment })),
  ...over,
});
const tracking = (name: string, config: Record<string, unknown>) => ({
  PolicyARN: policyArn(name),
  Arn: policyArn(name),
  PolicyName: name,
  AutoScalingGroupName: 'web',
  PolicyType: 'TargetTrackingScaling',
  Enabled: true,
  TargetTrackingConfiguration: { TargetValue: 50, ...config },
  Alarms: [{ AlarmName: `TargetTracking-web-AlarmHigh-${name}` }, { AlarmName: `TargetTracking-web-AlarmLow-${name}` }],
});
const alarm = (name: string, over: Record<string, unknown> = {}) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: name,
  Arn: `arn:aws:cloudwatch:us-east-1:${ACCT}:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [],
  OKActions: [],
  InsufficientDataActions: [],
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'RequestCountPerTarget',
  Period: 60,
  ...over,
});
const snap = (policies: unknown[], alarms: unknown[], groups: unknown[] = [group]) => ({
  autoscaling: { groups, policies },
  cloudwatch: { alarms },
});

const IN = policyArn('in');
const OUT = policyArn('out');

RuleTester.run(rule, {
  valid: [
    {
      name: 'scale-in alarm with the policy in InsufficientDataActions (default TreatMissingData)',
      snapshot: snap([simple('in', -1, ['req-low'])], [alarm('req-low', { AlarmActions: [IN], InsufficientDataActions: [IN] })]),
    },
    {
      name: 'scale-in alarm treating missing data as breaching',
      snapshot: snap([step('in', [-1, -2], ['req-low'])], [alarm('req-low', { AlarmActions: [IN], TreatMissingData: 'breaching' })]),
    },
    {
      name: 'scale-in on OK of the high alarm with missing data as notBreaching',
      snapshot: snap([simple('in', -1, [])], [alarm('req-high', { OKActions: [IN], TreatMissingData: 'notBreaching' })]),
    },
    {
      name: 'scale-out alarm that does not fire on missing data',
      snapshot: snap([simple('out', 2, ['req-high'])], [alarm('req-high', { AlarmActions: [OUT], TreatMissingData: 'notBreaching' })]),
    },
    {
      name: 'disabled policies are skipped',
      notApplicable: true,
      snapshot: snap([simple('in', -1, ['req-low'], { Enabled: false })], [alarm('req-low', { AlarmActions: [IN] })]),
    },
    {
      name: 'target tracking on CPU always has data',
      snapshot: snap([tracking('cpu', { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' } })], []),
    },
    {
      name: 'target tracking on a customized metric with FILL(m1, 0)',
      snapshot: snap(
        [
          tracking('rps', {
            CustomizedMetricSpecification: {
              Metrics: [
                { Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }, Stat: 'Sum' }, ReturnData: false },
                { Id: 'e1', Expression: 'FILL(m1, 0) / 60', ReturnData: true },
              ],
            },
          }),
        ],
        [],
      ),
    },
    {
      name: 'target tracking with scale-in disabled, predictive scaling',
      notApplicable: true,
      snapshot: snap(
        [
          tracking('req', { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' }, DisableScaleIn: true }),
          { PolicyARN: policyArn('pred'), Arn: policyArn('pred'), PolicyName: 'pred', AutoScalingGroupName: 'web', PolicyType: 'PredictiveScaling' },
        ],
        [],
      ),
    },
    {
      name: 'ExactCapacity above MinSize and below MaxSize has no known direction',
      notApplicable: true,
      snapshot: snap([simple('in', 3, ['x'], { AdjustmentType: 'ExactCapacity' })], [alarm('x', { AlarmActions: [IN] })]),
    },
  ],
  invalid: [
    {
      name: 'a scale-in policy driven by two alarms: a verdict per alarm (the alarm is the subject)',
      snapshot: snap([simple('in', -1, ['req-low', 'cpu-low'])], [alarm('req-low', { AlarmActions: [IN] }), alarm('cpu-low', { AlarmActions: [IN], TreatMissingData: 'ignore' })]),
      findings: [
        { status: 'fail', messageId: 'noScaleInOnMissing', resource: 'in', message: "req-low's metric stops reporting" },
        { status: 'fail', messageId: 'noScaleInOnMissing', resource: 'in', message: 'TreatMissingData is "ignore"' },
      ],
    },
    {
      name: 'the classic case: scale-in on ALARM only, default TreatMissingData',
      snapshot: snap([simple('in', -1, ['req-low'])], [alarm('req-low', { AlarmActions: [IN] })]),
      findings: [{ status: 'fail', severity: 'medium', resource: 'in', message: /will not run when req-low's metric stops reporting: TreatMissingData is not set \(default "missing"\) and the policy is not an INSUFFICIENT_DATA action/ }],
    },
    {
      name: 'step policy whose capacity-changing steps are all negative (zero steps ignored)',
      snapshot: snap([step('in', [0, -1, -2], ['req-low'])], [alarm('req-low', { AlarmActions: [IN], TreatMissingData: 'missing' })]),
      findings: [{ status: 'fail', resource: 'in', message: 'TreatMissingData is "missing" and the policy', evidence: { direction: 'in' } }],
    },
    {
      name: 'ExactCapacity at MinSize is a scale-in',
      snapshot: snap([simple('in', 1, ['req-low'], { AdjustmentType: 'ExactCapacity' })], [alarm('req-low', { AlarmActions: [IN] })]),
      findings: [{ status: 'fail', resource: 'in' }],
    },
    {
      name: 'TreatMissingData ignore keeps the last state',
      snapshot: snap([simple('in', -1, ['req-low'])], [alarm('req-low', { AlarmActions: [IN], InsufficientDataActions: [IN], TreatMissingData: 'ignore' })]),
      findings: [{ status: 'fail', resource: 'in', message: 'TreatMissingData is "ignore"' }],
    },
    {
      name: 'notBreaching with the policy only on INSUFFICIENT_DATA: missing data goes to OK',
      snapshot: snap([simple('in', -1, ['req-low'])], [alarm('req-low', { AlarmActions: [IN], InsufficientDataActions: [IN], TreatMissingData: 'notBreaching' })]),
      findings: [{ status: 'fail', resource: 'in', message: 'TreatMissingData is "notBreaching"' }],
    },
    {
      name: 'alarm actions disabled',
      snapshot: snap([simple('in', -1, ['req-low'])], [alarm('req-low', { ActionsEnabled: false, AlarmActions: [IN], TreatMissingData: 'breaching' })]),
      findings: [{ status: 'fail', resource: 'in', message: /actions disabled/ }],
    },
    {
      name: 'scale-out alarm treating missing data as breaching',
      snapshot: snap([simple('out', 1, ['req-high'])], [alarm('req-high', { AlarmActions: [OUT], TreatMissingData: 'breaching' })]),
      findings: [{ status: 'fail', resource: 'out', message: '(TreatMissingData "breaching"): missing data will scale OUT' }],
    },
    {
      name: 'scale-out policy on INSUFFICIENT_DATA',
      snapshot: snap([simple('out', 1, ['req-high'])], [alarm('req-high', { AlarmActions: [OUT], InsufficientDataActions: [OUT] })]),
      findings: [{ status: 'fail', resource: 'out', message: '(TreatMissingData not set (default "missing")): missing data will scale OUT' }],
    },
    {
      name: 'an alarm naming the policy but missing from the policy Alarms list is still found',
      snapshot: snap([simple('in', -1, [])], [alarm('renamed-low', { AlarmActions: [IN] })]),
      findings: [{ status: 'fail', resource: 'in', evidence: { AlarmName: 'renamed-low' } }],
    },
    {
      name: 'alarms are resolved in the policy region only; a listed alarm that does not exist is info',
      snapshot: snap(
        [simple('in', -1, ['req-low'])],
        [alarm('req-low', { Region: 'eu-west-1', Arn: `arn:aws:cloudwatch:eu-west-1:${ACCT}:alarm:req-low`, AlarmActions: [IN], InsufficientDataActions: [IN] })],
      ),
      findings: [{ status: 'info', resource: 'in', message: /req-low, which does not exist in us-east-1/ }],
    },
    {
      name: 'target tracking on ALBRequestCountPerTarget',
      snapshot: snap([tracking('req', { PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: 'app/web/1/targetgroup/web/2' } })], []),
      findings: [{ status: 'warn', severity: 'low', resource: 'req', message: /ALBRequestCountPerTarget: target tracking does not scale in/ }],
    },
    {
      name: 'target tracking on a customized SQS metric without FILL',
      snapshot: snap([tracking('queue', { CustomizedMetricSpecification: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Average' } })], []),
      findings: [{ status: 'warn', resource: 'queue', message: /customized metric in AWS\/SQS/ }],
    },
    {
      name: 'target tracking managed alarms are not judged as step alarms; a step pair is',
      snapshot: snap(
        [tracking('cpu', { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' } }), simple('in', -1, ['req-low']), simple('out', 1, ['req-high'])],
        [
          alarm('TargetTracking-web-AlarmLow-cpu', { AlarmActions: [policyArn('cpu')] }),
          alarm('req-low', { AlarmActions: [IN] }),
          alarm('req-high', { AlarmActions: [OUT] }),
        ],
      ),
      findings: [{ status: 'fail', resource: 'in' }],
      passes: ['cpu', 'out'],
    },
  ],
});
