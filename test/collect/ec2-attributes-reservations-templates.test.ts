import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeAccountAttributesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeReservedInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import rule from '../../rules/ec2-vpc/ec2-termination-protection.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ec2 = mockClient(EC2Client);
const asg = mockClient(AutoScalingClient);
beforeEach(() => {
  ec2.reset();
  asg.reset();
});
afterEach(() => {
  ec2.reset();
  asg.reset();
});

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const iarn = (id: string, region = 'us-east-1') => `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`;
const t = (Key: string, Value = '') => ({ Key, Value });

const instances = [
  { InstanceId: 'i-pet', State: { Name: 'running' } },
  { InstanceId: 'i-stopped', State: { Name: 'stopped' }, Tags: [t('aws:cloudformation:stack-name', 'db')] },
  { InstanceId: 'i-asg', State: { Name: 'running' }, Tags: [t('aws:autoscaling:groupName', 'web')] },
  { InstanceId: 'i-spot', State: { Name: 'running' }, InstanceLifecycle: 'spot' },
  { InstanceId: 'i-emr', State: { Name: 'running' }, Tags: [t('aws:elasticmapreduce:job-flow-id', 'j-1')] },
  { InstanceId: 'i-pending', State: { Name: 'pending' } },
];

describe('ec2.instanceAttributes', () => {
  it('asks two attributes only for running/stopped non-fleet instances, concurrently', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ OwnerId: ACCOUNT, Instances: instances as never }] });
    let inFlight = 0;
    let maxInFlight = 0;
    const asked: string[] = [];
    ec2.on(DescribeInstanceAttributeCommand).callsFake(async (input: { InstanceId: string; Attribute: string }) => {
      asked.push(`${input.InstanceId}:${input.Attribute}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return input.Attribute === 'disableApiTermination'
        ? { InstanceId: input.InstanceId, DisableApiTermination: { Value: input.InstanceId === 'i-stopped' } }
        : { InstanceId: input.InstanceId, InstanceInitiatedShutdownBehavior: { Value: input.InstanceId === 'i-pet' ? 'terminate' : 'stop' } };
    });
    const snap = await collectWith(['ec2.instanceAttributes']);
    const slice = snap.ec2 as Slice;
    expect(asked.sort()).toEqual([
      'i-pet:disableApiTermination',
      'i-pet:instanceInitiatedShutdownBehavior',
      'i-stopped:disableApiTermination',
      'i-stopped:instanceInitiatedShutdownBehavior',
    ]);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(slice.instanceAttributes).toEqual([
      { InstanceId: 'i-pet', DisableApiTermination: { Value: false }, InstanceInitiatedShutdownBehavior: { Value: 'terminate' }, Region: 'us-east-1', Arn: iarn('i-pet') },
      { InstanceId: 'i-stopped', DisableApiTermination: { Value: true }, InstanceInitiatedShutdownBehavior: { Value: 'stop' }, Region: 'us-east-1', Arn: iarn('i-stopped') },
    ]);
  });

  it('makes no call when every instance is a fleet member', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instances[2], instances[3]] as never }] });
    const snap = await collectWith(['ec2.instanceAttributes']);
    expect((snap.ec2 as Slice).instanceAttributes).toEqual([]);
    expect(ec2.commandCalls(DescribeInstanceAttributeCommand)).toHaveLength(0);
  });

  it('a terminated instance is dropped; another failure is an error for that instance only, reported by the rule', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-gone', State: { Name: 'running' } }, { InstanceId: 'i-flaky', State: { Name: 'running' } }, { InstanceId: 'i-ok', State: { Name: 'running' } }] as never }],
    });
    ec2.on(DescribeInstanceAttributeCommand).callsFake(async (input: { InstanceId: string; Attribute: string }) => {
      if (input.InstanceId === 'i-gone') throw awsError('InvalidInstanceID.NotFound', `The instance ID '${input.InstanceId}' does not exist`);
      if (input.InstanceId === 'i-flaky') throw awsError('InternalError', 'An internal error has occurred');
      return input.Attribute === 'disableApiTermination' ? { DisableApiTermination: { Value: true } } : { InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
    });
    const snap = await collectWith([...rule.needs]);
    const slice = snap.ec2 as Slice;
    expect(slice.instanceAttributes!.map((a) => a.InstanceId)).toEqual(['i-ok']);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'ec2.instanceAttributes', code: 'InternalError', resource: iarn('i-flaky') })]);
    const result = evaluateRule(snap, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    expect(result.findings.map((f) => [f.status, f.resource.id])).toEqual([
      ['error', 'i-flaky'],
      ['pass', 'i-ok'],
    ]);
  });

  it('UnauthorizedOperation fails the region once (not once per instance), and nothing passes there', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (_i, getClient) => {
      const r = await regionOf(getClient);
      return { Reservations: [{ Instances: [{ InstanceId: `i-${r}-1`, State: { Name: 'running' } }, { InstanceId: `i-${r}-2`, State: { Name: 'running' } }] }] };
    });
    ec2.on(DescribeInstanceAttributeCommand).callsFake(async (input: { Attribute: string }, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return input.Attribute === 'disableApiTermination' ? { DisableApiTermination: { Value: true } } : { InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
    });
    const snap = await collectWith([...rule.needs], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ec2 as Slice;
    expect(slice.instanceAttributes!.map((a) => a.Region)).toEqual(['us-east-1', 'us-east-1']);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'ec2.instanceAttributes', region: 'eu-west-1', code: 'UnauthorizedOperation' })]);
    const result = evaluateRule(snap, { rule, options: rule.options.parse({}), severity: rule.severity, severityOverridden: false });
    expect(result.findings.filter((f) => f.resource.region === 'eu-west-1').map((f) => f.status)).toEqual(['error']);
    expect(result.findings.filter((f) => f.status === 'pass')).toHaveLength(2);
  });
});

describe('ec2.accountAttributes and ec2.reservedInstances', () => {
  it('one item per account attribute', async () => {
    ec2.on(DescribeAccountAttributesCommand).resolves({
      AccountAttributes: [
        { AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] },
        { AttributeName: 'default-vpc', AttributeValues: [{ AttributeValue: 'vpc-1' }] },
      ],
    });
    const snap = await collectWith(['ec2.accountAttributes']);
    expect((snap.ec2 as Slice).accountAttributes!.map((a) => [a.AttributeName, a.Arn])).toEqual([
      ['supported-platforms', `arn:aws:ec2:us-east-1:${ACCOUNT}:account-attribute/supported-platforms`],
      ['default-vpc', `arn:aws:ec2:us-east-1:${ACCOUNT}:account-attribute/default-vpc`],
    ]);
  });

  it('asks for active reserved instances in one call; none is an empty list', async () => {
    const inputs: unknown[] = [];
    ec2.on(DescribeReservedInstancesCommand).callsFake(async (input: unknown, getClient) => {
      inputs.push(input);
      return (await regionOf(getClient)) === 'eu-west-1'
        ? { ReservedInstances: [] }
        : { ReservedInstances: [{ ReservedInstancesId: 'r-1', InstanceType: 'm5.large', InstanceCount: 2, Scope: 'Region', State: 'active', End: new Date('2027-01-01T00:00:00Z') }] };
    });
    const snap = await collectWith(['ec2.reservedInstances'], { regions: ['us-east-1', 'eu-west-1'] });
    expect(inputs[0]).toEqual({ Filters: [{ Name: 'state', Values: ['active'] }] });
    expect((snap.ec2 as Slice).reservedInstances).toEqual([
      expect.objectContaining({ ReservedInstancesId: 'r-1', End: '2027-01-01T00:00:00.000Z', Region: 'us-east-1', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:reserved-instances/r-1` }),
    ]);
  });
});

describe('ec2.launchTemplateVersions', () => {
  it('reads each (template, version) Auto Scaling groups use once, including mixed-instances groups', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        { AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '$Latest' } },
        { AutoScalingGroupName: 'web2', LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '$Latest' } },
        { AutoScalingGroupName: 'mixed', MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'batch' } } } },
        { AutoScalingGroupName: 'legacy', LaunchConfigurationName: 'lc-1' },
        { AutoScalingGroupName: 'orphan', LaunchTemplate: { LaunchTemplateId: 'lt-gone', Version: '1' } },
      ] as never,
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(async (input: { LaunchTemplateId?: string; LaunchTemplateName?: string; Versions: string[] }) => {
      if (input.LaunchTemplateId === 'lt-gone') throw awsError('InvalidLaunchTemplateId.NotFound', 'not found');
      const id = input.LaunchTemplateId ?? 'lt-2';
      return {
        LaunchTemplateVersions: [
          {
            LaunchTemplateId: id,
            LaunchTemplateName: input.LaunchTemplateName ?? 'web',
            VersionNumber: 7,
            DefaultVersion: input.Versions[0] === '$Default',
            LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: false, VolumeSize: 100 } }], UserData: 'c2VjcmV0' },
          },
        ],
      };
    });
    const snap = await collectWith(['ec2.launchTemplateVersions']);
    const slice = snap.ec2 as Slice;
    const calls = ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { LaunchTemplateId: 'lt-1', Versions: ['$Latest'] },
      { LaunchTemplateName: 'batch', Versions: ['$Default'] },
      { LaunchTemplateId: 'lt-gone', Versions: ['1'] },
    ]);
    expect(slice.launchTemplateVersions!.map((v) => [v.AutoScalingGroupName, v.RequestedVersion, v.LaunchTemplateId, v.Arn])).toEqual([
      ['web', '$Latest', 'lt-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-1`],
      ['web2', '$Latest', 'lt-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-1`],
      ['mixed', '$Default', 'lt-2', `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/lt-2`],
    ]);
    // Only block device mappings are kept: user data may hold secrets.
    expect(slice.launchTemplateVersions![0]!.LaunchTemplateData).toEqual({ BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: false, VolumeSize: 100 } }] });
    expect(slice.errors).toEqual([]);
  });

  it('UnauthorizedOperation is a collection error for the region', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: 'lt-1' } }] as never });
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const snap = await collectWith(['ec2.launchTemplateVersions']);
    expect((snap.ec2 as Slice).errors).toEqual([expect.objectContaining({ dataset: 'ec2.launchTemplateVersions', region: 'us-east-1', code: 'UnauthorizedOperation' })]);
  });
});
