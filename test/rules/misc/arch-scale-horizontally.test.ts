import rule from '../../../rules/misc/arch-scale-horizontally.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  Arn: `arn:aws:autoscaling:us-east-1:${TEST_ACCOUNT}:autoScalingGroup:1:autoScalingGroupName/${name}`,
  MinSize: 2,
  MaxSize: 6,
  ...over,
});
const instance = (id: string, type: string, tags: Record<string, string> = {}, over: Record<string, unknown> = {}) => ({
  InstanceId: id,
  InstanceType: type,
  State: { Name: 'running' },
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  ...over,
});
const types = [
  { InstanceType: 'm5.large', VCpuInfo: { DefaultVCpus: 2 }, BareMetal: false },
  { InstanceType: 'm5.24xlarge', VCpuInfo: { DefaultVCpus: 96 }, BareMetal: false },
  { InstanceType: 'c5.12xlarge', VCpuInfo: { DefaultVCpus: 48 }, BareMetal: false },
  { InstanceType: 'i3.metal', VCpuInfo: { DefaultVCpus: 72 }, BareMetal: true },
].map((t) => ({ ...t, Arn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:instance-type/${t.InstanceType}` }));
const snap = (groups: unknown[], instances: unknown[]) => ({ autoscaling: { groups }, ec2: { instances, instanceTypes: types } });

RuleTester.run(rule, {
  valid: [
    { name: 'a group that can scale out and small instances', snapshot: snap([group('web')], [instance('i-1', 'm5.large')]) },
    {
      name: 'large instances sharing a service tag',
      snapshot: snap([], [instance('i-1', 'm5.24xlarge', { app: 'search' }), instance('i-2', 'm5.24xlarge', { app: 'search' })]),
    },
    {
      name: 'large fleet and IaC instances are not judged',
      notApplicable: true,
      snapshot: snap([], [
        instance('i-asg', 'm5.24xlarge', { 'aws:autoscaling:groupName': 'big' }),
        instance('i-cfn', 'm5.24xlarge', { 'aws:cloudformation:stack-name': 'db' }),
      ]),
    },
    { name: 'stopped large instances are not judged', notApplicable: true, snapshot: snap([], [instance('i-1', 'm5.24xlarge', {}, { State: { Name: 'stopped' } })]) },
  ],
  invalid: [
    {
      name: 'a group capped at one instance',
      snapshot: snap([group('single', { MinSize: 1, MaxSize: 1 }), group('web')], []),
      findings: [{ status: 'warn', resource: 'single', message: /MaxSize 1/ }],
      passes: ['web'],
    },
    {
      name: 'a single 96-vCPU pet',
      snapshot: snap([], [instance('i-big', 'm5.24xlarge', { Name: 'db-primary' }), instance('i-small', 'm5.large', { Name: 'web' })]),
      findings: [{ status: 'warn', resource: 'i-big', message: /single large box \(m5\.24xlarge, 96 vCPUs\) with no other instance tagged Name=db-primary/ }],
      passes: ['i-small'],
    },
    {
      name: 'bare metal and the 48-vCPU threshold; a lower threshold flags more',
      options: { largeInstanceVcpus: 2 },
      snapshot: snap([], [instance('i-metal', 'i3.metal'), instance('i-small', 'm5.large', { app: 'a' })]),
      findings: [
        { status: 'warn', resource: 'i-metal', message: /bare metal/ },
        { status: 'warn', resource: 'i-small' },
      ],
    },
    {
      name: 'serviceTag decides what counts as the same service',
      options: { serviceTag: ['service'] },
      snapshot: snap([], [instance('i-1', 'c5.12xlarge', { Name: 'x' }), instance('i-2', 'c5.12xlarge', { Name: 'x' })]),
      findings: [
        { status: 'warn', resource: 'i-1', message: /sharing a service tag/ },
        { status: 'warn', resource: 'i-2' },
      ],
    },
  ],
});
