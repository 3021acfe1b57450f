import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstanceTypesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ec2 = mockClient(EC2Client);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const asg = mockClient(AutoScalingClient);
beforeEach(() => {
  ec2.reset();
  elbv2.reset();
  asg.reset();
});
afterEach(() => {
  ec2.reset();
  elbv2.reset();
  asg.reset();
});

const regionOf = (getClient: unknown) => (getClient as () => { config: { region: () => Promise<string> } })().config.region();
type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };

describe('ec2 collectors (subnets, instance types, NAT gateways, route tables)', () => {
  it('pages through DescribeSubnets', async () => {
    const seen: Record<string, unknown>[] = [];
    ec2.on(DescribeSubnetsCommand).callsFake(async (input: { NextToken?: string }) => {
      seen.push({ ...input });
      return input.NextToken
        ? { Subnets: [{ SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1b' }] }
        : { Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a', SubnetArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a` }], NextToken: 's2' };
    });
    const snap = await collectWith(['ec2.subnets']);
    const slice = snap.ec2 as Slice;
    expect(slice.subnets!.map((s) => [s.SubnetId, s.AvailabilityZone, s.Arn])).toEqual([
      ['subnet-a', 'us-east-1a', `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a`],
      ['subnet-b', 'us-east-1b', `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-b`],
    ]);
    expect(seen).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 's2' }]);
  });

  it('describes only the instance types in use, at most 100 a call', async () => {
    const types = Array.from({ length: 101 }, (_, i) => `t${i}.large`);
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ OwnerId: ACCOUNT, Instances: [...types, 't0.large'].map((t, i) => ({ InstanceId: `i-${i}`, InstanceType: t as never })) }],
    });
    const calls: string[][] = [];
    ec2.on(DescribeInstanceTypesCommand).callsFake(async (input: { InstanceTypes: string[] }) => {
      calls.push([...input.InstanceTypes]);
      return { InstanceTypes: input.InstanceTypes.map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: 2 }, BareMetal: false })) };
    });
    const snap = await collectWith(['ec2.instanceTypes']);
    const slice = snap.ec2 as Slice;
    expect(calls.map((c) => c.length)).toEqual([100, 1]);
    expect(slice.instanceTypes).toHaveLength(101);
    expect(slice.instanceTypes![0]).toMatchObject({ InstanceType: 't0.large', VCpuInfo: { DefaultVCpus: 2 }, Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance-type/t0.large` });
  });

  it('makes no DescribeInstanceTypes call in a region without instances', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const snap = await collectWith(['ec2.instanceTypes']);
    expect((snap.ec2 as Slice).instanceTypes).toEqual([]);
    expect(ec2.commandCalls(DescribeInstanceTypesCommand)).toHaveLength(0);
  });

  it('lists available NAT gateways and route tables', async () => {
    const natInputs: Record<string, unknown>[] = [];
    ec2.on(DescribeNatGatewaysCommand).callsFake(async (input: Record<string, unknown>) => {
      natInputs.push({ ...input });
      return input.NextToken
        ? { NatGateways: [{ NatGatewayId: 'nat-2', SubnetId: 'subnet-b', VpcId: 'vpc-1', State: 'available' }] }
        : { NatGateways: [{ NatGatewayId: 'nat-1', SubnetId: 'subnet-a', VpcId: 'vpc-1', State: 'available' }], NextToken: 'x' };
    });
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-1',
          VpcId: 'vpc-1',
          Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' }],
          Associations: [{ SubnetId: 'subnet-p', Main: false }],
        },
      ],
    });
    const snap = await collectWith(['ec2.natGateways', 'ec2.routeTables']);
    const slice = snap.ec2 as Slice;
    expect(slice.natGateways!.map((n) => [n.NatGatewayId, n.Arn])).toEqual([
      ['nat-1', `arn:aws:ec2:us-east-1:${ACCOUNT}:natgateway/nat-1`],
      ['nat-2', `arn:aws:ec2:us-east-1:${ACCOUNT}:natgateway/nat-2`],
    ]);
    expect(natInputs[0]).toEqual({ Filter: [{ Name: 'state', Values: ['available'] }], MaxResults: 1000 });
    expect(slice.routeTables![0]).toMatchObject({ RouteTableId: 'rtb-1', Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:route-table/rtb-1` });
  });

  it('UnauthorizedOperation on DescribeSubnets in one region is an error there', async () => {
    ec2.on(DescribeSubnetsCommand).callsFake(async (_i, getClient) => {
      if ((await regionOf(getClient)) === 'eu-west-1') throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return { Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'us-east-1a' }] };
    });
    const snap = await collectWith(['ec2.subnets'], { regions: ['us-east-1', 'eu-west-1'] });
    const slice = snap.ec2 as Slice;
    expect(slice.subnets!.map((s) => s.Region)).toEqual(['us-east-1']);
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'ec2.subnets', region: 'eu-west-1', code: 'UnauthorizedOperation', operation: 'ec2:DescribeSubnets' })]);
  });
});

describe('ec2.launchTemplateVersions (detailed monitoring, for ec2-detailed-monitoring)', () => {
  it('keeps LaunchTemplateData.Monitoring next to the block device mappings, and nothing else', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        { AutoScalingGroupName: 'web', LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '$Default' } },
        { AutoScalingGroupName: 'api', LaunchTemplate: { LaunchTemplateId: 'lt-2', Version: '3' } },
      ] as never,
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(async (input: { LaunchTemplateId: string }) => ({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: input.LaunchTemplateId,
          LaunchTemplateName: input.LaunchTemplateId,
          VersionNumber: 3,
          LaunchTemplateData:
            input.LaunchTemplateId === 'lt-1' ? { Monitoring: { Enabled: true }, UserData: 'c2VjcmV0' } : { UserData: 'c2VjcmV0' },
        },
      ],
    }));
    const snap = await collectWith(['ec2.launchTemplateVersions']);
    const slice = snap.ec2 as Slice;
    expect(slice.launchTemplateVersions!.map((v) => [v.AutoScalingGroupName, v.LaunchTemplateData])).toEqual([
      ['web', { BlockDeviceMappings: [], Monitoring: { Enabled: true } }],
      ['api', { BlockDeviceMappings: [] }],
    ]);
  });
});

describe('elbv2.targetGroups', () => {
  it('pages through DescribeTargetGroups and keeps LoadBalancerArns', async () => {
    const tg = (n: string, lbs: string[]) => ({
      TargetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${n}/1`,
      TargetGroupName: n,
      LoadBalancerArns: lbs,
    });
    elbv2.on(DescribeTargetGroupsCommand).callsFake(async (input: { Marker?: string }) =>
      input.Marker ? { TargetGroups: [tg('b', [])] } : { TargetGroups: [tg('a', ['arn:lb/app/x/1'])], NextMarker: 'm2' },
    );
    const snap = await collectWith(['elbv2.targetGroups']);
    const slice = snap.elbv2 as Slice;
    expect(slice.targetGroups!.map((g) => [g.TargetGroupName, g.LoadBalancerArns, g.Arn])).toEqual([
      ['a', ['arn:lb/app/x/1'], `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/a/1`],
      ['b', [], `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/b/1`],
    ]);
    expect(elbv2.commandCalls(DescribeTargetGroupsCommand)).toHaveLength(2);
  });
});
