import rule from '../../../rules/cloudwatch/ec2-detailed-monitoring.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const instance = (id: string, state: string, over: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: 'running' },
  Monitoring: { State: state },
  Tags: [],
  ...over,
});
const inAsg = (id: string, state: string, asg = 'web') => instance(id, state, { Tags: [{ Key: 'aws:autoscaling:groupName', Value: asg }] });
const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  Arn: `arn:aws:autoscaling:us-east-1:${TEST_ACCOUNT}:autoScalingGroup:1:autoScalingGroupName/${name}`,
  MinSize: 2,
  MaxSize: 6,
  LaunchTemplate: { LaunchTemplateName: `${name}-lt`, Version: '$Latest' },
  ...over,
});
const OUT = `arn:aws:autoscaling:us-east-1:${TEST_ACCOUNT}:scalingPolicy:1:autoScalingGroupName/web:policyName/out`;
const policy = { PolicyARN: OUT, Arn: OUT, PolicyName: 'out', AutoScalingGroupName: 'web', PolicyType: 'StepScaling', StepAdjustments: [{ ScalingAdjustment: 1 }], Enabled: true };
const alarm = (period: number) => ({
  AlarmType: 'MetricAlarm',
  AlarmName: 'cpu-high',
  Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:cpu-high`,
  ActionsEnabled: true,
  AlarmActions: [OUT],
  Namespace: 'AWS/EC2',
  MetricName: 'CPUUtilization',
  Period: period,
});
const template = (group: string, monitoring: boolean | undefined) => ({
  AutoScalingGroupName: group,
  RequestedVersion: '$Default',
  LaunchTemplateId: `lt-${group}`,
  LaunchTemplateName: `${group}-lt`,
  VersionNumber: 4,
  LaunchTemplateData: { BlockDeviceMappings: [], ...(monitoring === undefined ? {} : { Monitoring: { Enabled: monitoring } }) },
  Arn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:launch-template/lt-${group}`,
});
const snap = (instances: unknown[], o: { groups?: unknown[]; policies?: unknown[]; alarms?: unknown[]; templates?: unknown[] } = {}) => ({
  ec2: { instances, ...(o.templates ? { launchTemplateVersions: o.templates } : {}) },
  autoscaling: { groups: o.groups ?? [], policies: o.policies ?? [] },
  cloudwatch: { alarms: o.alarms ?? [] },
});

RuleTester.run(rule, {
  valid: [
    { name: 'enabled and pending instances', snapshot: snap([instance('i-1', 'enabled'), instance('i-2', 'pending')]) },
    { name: 'stopped instances are not checked', notApplicable: true, snapshot: snap([instance('i-1', 'disabled', { State: { Name: 'stopped' } })]) },
    { name: 'excluded by tag', notApplicable: true, options: { excludeTag: 'monitoring=basic' }, snapshot: snap([instance('i-1', 'disabled', { Tags: [{ Key: 'monitoring', Value: 'Basic' }] })]) },
    { name: 'an Auto Scaling group whose instances all have it', snapshot: snap([inAsg('i-1', 'enabled'), inAsg('i-2', 'enabled')], { groups: [group('web')] }) },
    {
      name: 'a group scaled to zero whose launch template enables it',
      snapshot: snap([], { groups: [group('web', { MinSize: 0 })], templates: [template('web', true)] }),
    },
    { name: 'a group scaled to zero on a launch configuration (not read: nothing to say)', notApplicable: true, snapshot: snap([], { groups: [group('old', { LaunchTemplate: undefined, LaunchConfigurationName: 'old-lc' })] }) },
  ],
  invalid: [
    {
      name: 'a standalone instance on basic monitoring',
      snapshot: snap([instance('i-basic', 'disabled'), instance('i-going', 'disabling'), instance('i-ok', 'enabled')]),
      findings: [
        { status: 'fail', messageId: 'basic', severity: 'low', resource: 'i-basic', message: /basic \(5-minute\) monitoring/ },
        { status: 'fail', severity: 'low', resource: 'i-going' },
      ],
      passes: ['i-ok'],
    },
    {
      name: 'Auto Scaling instances are reported once, at the group, naming the launch template',
      snapshot: snap([inAsg('i-1', 'disabled'), inAsg('i-2', 'disabled'), inAsg('i-3', 'enabled')], { groups: [group('web')] }),
      findings: [{ status: 'fail', messageId: 'groupBasic', severity: 'low', resource: 'web', message: /2 of 3 running instance\(s\) use basic monitoring; enable it in launch template web-lt/ }],
    },
    {
      name: 'medium when a step scaling alarm reads EC2 metrics every minute',
      snapshot: snap([inAsg('i-1', 'disabled')], { groups: [group('web')], policies: [policy], alarms: [alarm(60)] }),
      findings: [{ status: 'fail', messageId: 'groupBasic', severity: 'medium', resource: 'web', evidence: { starvedScalingAlarms: ['cpu-high'] } }],
    },
    {
      name: 'a 5-minute scaling alarm keeps it low',
      snapshot: snap([inAsg('i-1', 'disabled')], { groups: [group('web')], policies: [policy], alarms: [alarm(300)] }),
      findings: [{ status: 'fail', severity: 'low', resource: 'web' }],
    },
    {
      name: 'runs without the optional Auto Scaling and alarm datasets',
      snapshot: { ec2: { instances: [inAsg('i-1', 'disabled'), instance('i-2', 'disabled')] } },
      findings: [
        { status: 'fail', messageId: 'groupBasic', severity: 'low', resource: 'web', message: /enable it in its launch template/ },
        { status: 'fail', resource: 'i-2' },
      ],
    },
    {
      name: 'a launch template without Monitoring (basic by default) fails the group, even with no instance running',
      snapshot: snap([], { groups: [group('web', { MinSize: 0 })], templates: [template('web', undefined)] }),
      findings: [{ status: 'fail', messageId: 'groupBasic', severity: 'low', resource: 'web', message: /launch template web-lt v4 does not enable detailed monitoring/ }],
    },
    {
      name: 'instances enabled by hand while the template still launches basic ones',
      snapshot: snap([inAsg('i-1', 'enabled')], { groups: [group('web')], templates: [template('web', false)] }),
      findings: [{ status: 'fail', messageId: 'groupBasic', resource: 'web', evidence: { templateMonitoring: false } }],
    },
    {
      name: 'excludeTag on the group skips it',
      options: { excludeTag: 'monitoring=basic' },
      snapshot: snap([inAsg('i-1', 'disabled', 'cheap'), instance('i-2', 'disabled')], { groups: [group('cheap', { Tags: [{ Key: 'monitoring', Value: 'basic' }] })] }),
      findings: [{ status: 'fail', resource: 'i-2' }],
    },
    {
      name: 'a group missing from the inventory is still reported by name',
      snapshot: snap([inAsg('i-1', 'disabled', 'gone')]),
      findings: [{ status: 'fail', messageId: 'groupBasic', resource: 'gone', message: /Auto Scaling group gone/ }],
    },
  ],
});
