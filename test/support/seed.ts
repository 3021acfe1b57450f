/**
 * Seeds a small account in moto through the SDK: for each of the core rules, resources that break
 * the tip and resources that follow it, in two regions. Returns the ids the tests expect.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand,
  AddRoleToInstanceProfileCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TEST_CREDENTIALS } from './moto.js';

export const REGIONS = ['us-east-1', 'eu-west-1'] as const;

const cfg = (endpoint: string, region: string) => ({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 2 });

export interface Seeded {
  openSshGroup: string;
  privateSshGroup: string;
  openDbGroup: string;
  withProfile: string;
  withoutProfile: string;
  euInstance: string;
  idleEip: string;
  serverEip: string;
  dottedBucket: string;
  cleanBucket: string;
  plainHttpAlb: string;
  redirectingAlb: string;
}

async function image(ec2: EC2Client): Promise<string> {
  const { Images = [] } = await ec2.send(new DescribeImagesCommand({}));
  const id = Images.find((i) => i.ImageId)?.ImageId;
  if (!id) throw new Error('moto has no AMI to launch');
  return id;
}

async function group(ec2: EC2Client, vpcId: string, name: string, perms: IpPermission[], tags = true) {
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }));
  if (perms?.length) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: perms }));
  if (tags) await ec2.send(new CreateTagsCommand({ Resources: [GroupId!], Tags: [{ Key: 'owner', Value: 'platform' }] }));
  return GroupId!;
}

export async function seedAccount(endpoint: string): Promise<Seeded> {
  const iam = new IAMClient(cfg(endpoint, 'us-east-1'));
  await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app' }));
  // IAM users: alice (console + MFA, in a group), bob (console, no MFA, policy attached directly).
  await iam.send(new CreateGroupCommand({ GroupName: 'developers' }));
  for (const user of ['alice', 'bob']) {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: 'Correct-Horse-Battery-9' }));
  }
  await iam.send(new AddUserToGroupCommand({ GroupName: 'developers', UserName: 'alice' }));
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'bob-extra',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: Policy!.Arn }));
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: VirtualMFADevice!.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));

  // us-east-1: security groups, instances, Elastic IPs, load balancers.
  const ec2 = new EC2Client(cfg(endpoint, 'us-east-1'));
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
  const vpcId = Vpcs.find((v) => v.IsDefault)!.VpcId!;
  const openSshGroup = await group(ec2, vpcId, 'open-ssh', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  const privateSshGroup = await group(ec2, vpcId, 'private-ssh', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
  const openDbGroup = await group(ec2, vpcId, 'open-db', [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], false);
  const ami = await image(ec2);
  const launch = async (name: string, groups: string[], profile: boolean, client = ec2) => {
    const { Instances = [] } = await client.send(
      new RunInstancesCommand({
        ImageId: await image(client),
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SecurityGroupIds: groups,
        ...(profile ? { IamInstanceProfile: { Name: 'app' } } : {}),
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }, ...(profile ? [{ Key: 'owner', Value: 'web' }] : [])] }],
      }),
    );
    return Instances[0]!.InstanceId!;
  };
  void ami;
  const withProfile = await launch('web', [privateSshGroup], true);
  const withoutProfile = await launch('legacy', [openSshGroup, openDbGroup], false);
  const idle = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const server = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: server.AllocationId, InstanceId: withProfile }));

  const elbv2 = new ElasticLoadBalancingV2Client(cfg(endpoint, 'us-east-1'));
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  const subnets = Subnets.slice(0, 2).map((s) => s.SubnetId!);
  const { TargetGroups = [] } = await elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
  const tg = TargetGroups[0]!.TargetGroupArn!;
  const alb = async (name: string) =>
    (await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, SecurityGroups: [privateSshGroup], Scheme: 'internet-facing', Type: 'application' })))
      .LoadBalancers![0]!;
  const plain = await alb('plain-http');
  await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: plain.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
  const redirecting = await alb('redirecting');
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: redirecting.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    }),
  );
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: redirecting.LoadBalancerArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: 'arn:aws:iam::123456789012:server-certificate/test-cert' }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    }),
  );

  // eu-west-1: one untagged instance without a profile.
  const ec2eu = new EC2Client(cfg(endpoint, 'eu-west-1'));
  const euInstance = await launch('batch', [], false, ec2eu);

  // S3 and CloudTrail: a dotted bucket, a clean one; a multi-region trail that logs.
  const s3 = new S3Client({ ...cfg(endpoint, 'us-east-1'), forcePathStyle: true });
  const dottedBucket = 'logs.example.internal';
  const cleanBucket = 'aws-tips-clean-bucket';
  await s3.send(new CreateBucketCommand({ Bucket: dottedBucket }));
  await s3.send(new CreateBucketCommand({ Bucket: cleanBucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await s3.send(new PutBucketTaggingCommand({ Bucket: cleanBucket, Tagging: { TagSet: [{ Key: 'owner', Value: 'data' }] } }));
  const trail = new CloudTrailClient(cfg(endpoint, 'us-east-1'));
  await trail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: cleanBucket, IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await trail.send(new StartLoggingCommand({ Name: 'audit' }));

  return {
    openSshGroup,
    privateSshGroup,
    openDbGroup,
    withProfile,
    withoutProfile,
    euInstance,
    idleEip: idle.AllocationId!,
    serverEip: server.AllocationId!,
    dottedBucket,
    cleanBucket,
    plainHttpAlb: plain.LoadBalancerName!,
    redirectingAlb: redirecting.LoadBalancerName!,
  };
}
