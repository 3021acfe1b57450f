import rule from '../../../rules/operations/cw-alarms-automated-response.js';
import { RuleTester } from '../../rule-tester.js';

const ACCT = '123456789012';
const SNS = `arn:aws:sns:us-east-1:${ACCT}:ops`;
const alarm = (name: string, over: Record<string, unknown> = {}) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCT}:alarm:${name}`,
  Arn: `arn:aws:cloudwatch:us-east-1:${ACCT}:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [SNS],
  OKActions: [],
  InsufficientDataActions: [],
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'HTTPCode_Target_5XX_Count',
  ...over,
});
const instance = (id: string, over: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: 'running' },
  MaintenanceOptions: { AutoRecovery: 'default' },
  Tags: [],
  ...over,
});
const snap = (alarms: unknown[], instances: unknown[] = []) => ({ cloudwatch: { alarms }, ec2: { instances } });

RuleTester.run(rule, {
  valid: [
    {
      name: 'a notify alarm and an automated one (account info only)',
      snapshot: snap([
        alarm('5xx'),
        alarm('cpu-high', { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', AlarmActions: [`arn:aws:autoscaling:us-east-1:${ACCT}:scalingPolicy:1:autoScalingGroupName/web:policyName/out`] }),
      ]),
    },
    {
      name: 'status check alarm that recovers the instance',
      snapshot: snap([alarm('recover', { Namespace: 'AWS/EC2', MetricName: 'StatusCheckFailed_System', AlarmActions: ['arn:aws:automate:us-east-1:ec2:recover', SNS] })]),
    },
    {
      name: 'alarms without actions that feed a composite alarm',
      snapshot: snap([
        alarm('cpu', { AlarmActions: [] }),
        alarm('mem', { ActionsEnabled: false }),
        { ...alarm('web-down'), AlarmType: 'CompositeAlarm', Namespace: undefined, MetricName: undefined, AlarmRule: `ALARM("cpu") AND ALARM(arn:aws:cloudwatch:us-east-1:${ACCT}:alarm:mem)` },
      ]),
    },
    {
      name: 'no alarms, fleet instance with auto recovery off',
      notApplicable: true,
      snapshot: snap([], [instance('i-asg', { MaintenanceOptions: { AutoRecovery: 'disabled' }, Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'web' }] })]),
    },
  ],
  invalid: [
    {
      name: 'alarm with actions disabled and alarm with only OK actions',
      snapshot: snap([alarm('muted', { ActionsEnabled: false }), alarm('ok-only', { AlarmActions: [], OKActions: [SNS] }), alarm('fine')]),
      findings: [
        { status: 'warn', severity: 'low', resource: 'muted', message: /actions are disabled/ },
        { status: 'warn', severity: 'low', resource: 'ok-only', message: /no ALARM action/ },
        { status: 'info', message: /1 alarm\(s\) only notify a human, 0 take an automated action/, evidence: { notifyOnly: 1, automated: 0, silent: 2 } },
      ],
      passes: ['fine'],
    },
    {
      name: 'status check alarm that only notifies (direct and in metric math)',
      snapshot: snap([
        alarm('syscheck', { Namespace: 'AWS/EC2', MetricName: 'StatusCheckFailed_System', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }),
        alarm('anycheck', {
          Namespace: undefined,
          MetricName: undefined,
          Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'StatusCheckFailed' } }, ReturnData: true }],
        }),
      ]),
      findings: [
        { status: 'info', resource: 'syscheck', message: /only notifies on a failed EC2 status check/ },
        { status: 'info', resource: 'anycheck', message: /only notifies on a failed EC2 status check/ },
        { status: 'info', evidence: { notifyOnly: 2 } },
      ],
    },
    {
      name: 'running pet instance with automatic recovery disabled',
      snapshot: snap([], [instance('i-pet', { MaintenanceOptions: { AutoRecovery: 'disabled' } }), instance('i-stopped', { State: { Name: 'stopped' }, MaintenanceOptions: { AutoRecovery: 'disabled' } })]),
      findings: [{ status: 'info', resource: 'i-pet', message: /automatic recovery disabled/ }],
    },
  ],
});
