/**
 * Seeds moto, through the SDK, with a synthetic account of a given size: instances (launched in
 * batches with MaxCount), security groups (some with ingress rules), Elastic IPs, application load
 * balancers with listeners, buckets (some tagged), IAM users (some with a console password or an
 * access key), a multi-region trail. Calls go straight to moto (not through the latency proxy), many
 * at a time.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import pLimit from 'p-limit';
import { TEST_CREDENTIALS } from '../test/support/moto.js';

export interface AccountSize {
  regions: string[];
  instances: number;
  securityGroups: number;
  buckets: number;
  users: number;
  loadBalancers: number;
}

const cfg = (endpoint: string, region: string) => ({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 3 });
/** Items of `total` that fall to region `r` of `n`. */
const share = (total: number, r: number, n: number) => Math.floor(total / n) + (r < total % n ? 1 : 0);
const BATCH = 50;

export async function seedLargeAccount(endpoint: string, size: AccountSize, opts: { concurrency?: number; log?: (s: string) => void } = {}): Promise<Record<string, number>> {
  const limit = pLimit(opts.concurrency ?? 16);
  const log = opts.log ?? (() => undefined);
  const counts: Record<string, number> = {};
  const count = (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n);
  const R = size.regions.length;

  // IAM first: an instance profile for some instances.
  const iam = new IAMClient(cfg(endpoint, 'us-east-1'));
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-app', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bench-app' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'bench-app', RoleName: 'bench-app' }));

  const tasks: Promise<unknown>[] = [];
  for (let r = 0; r < R; r++) {
    const region = size.regions[r]!;
    tasks.push(
      (async () => {
        const ec2 = new EC2Client(cfg(endpoint, region));
        const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
        const vpcId = Vpcs.find((v) => v.IsDefault)!.VpcId!;
        const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
        const { Images = [] } = await ec2.send(new DescribeImagesCommand({}));
        const ami = Images.find((i) => i.ImageId)!.ImageId!;

        // Security groups: a third open SSH to the world, a third HTTPS, a third nothing.
        const nSg = share(size.securityGroups, r, R);
        const groups = await Promise.all(
          Array.from({ length: nSg }, (_, i) =>
            limit(async () => {
              const { GroupId } = await ec2.send(
                new CreateSecurityGroupCommand({
                  GroupName: `bench-${i}`,
                  Description: `bench group ${i}`,
                  VpcId: vpcId,
                  ...(i % 2 ? { TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'owner', Value: `team-${i % 7}` }] }] } : {}),
                }),
              );
              if (i % 3 !== 2)
                await ec2.send(
                  new AuthorizeSecurityGroupIngressCommand({
                    GroupId,
                    IpPermissions: [i % 3 === 0 ? { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] } : { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
                  }),
                );
              count('securityGroups');
              return GroupId!;
            }),
          ),
        );

        // Instances in batches (MaxCount), a few groups and tags each; every other batch with a profile.
        const nInst = share(size.instances, r, R);
        const instanceIds: string[] = [];
        await Promise.all(
          Array.from({ length: Math.ceil(nInst / BATCH) }, (_, b) =>
            limit(async () => {
              const n = Math.min(BATCH, nInst - b * BATCH);
              const { Instances = [] } = await ec2.send(
                new RunInstancesCommand({
                  ImageId: ami,
                  InstanceType: (['t3.micro', 'm5.large', 'c5.xlarge'] as const)[b % 3],
                  MinCount: n,
                  MaxCount: n,
                  SubnetId: Subnets[b % Subnets.length]!.SubnetId,
                  ...(groups.length ? { SecurityGroupIds: [groups[b % groups.length]!] } : {}),
                  ...(b % 2 ? { IamInstanceProfile: { Name: 'bench-app' } } : {}),
                  TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `bench-${region}-${b}` }, ...(b % 3 ? [{ Key: 'env', Value: 'prod' }] : [])] }],
                }),
              );
              instanceIds.push(...Instances.map((i) => i.InstanceId!));
              count('instances', Instances.length);
            }),
          ),
        );

        // Elastic IPs: one per 40 instances, every other one associated.
        await Promise.all(
          Array.from({ length: Math.ceil(nInst / 40) }, (_, i) =>
            limit(async () => {
              const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
              if (i % 2 === 0 && instanceIds[i * 40]) await ec2.send(new AssociateAddressCommand({ AllocationId, InstanceId: instanceIds[i * 40] }));
              count('elasticIps');
            }),
          ),
        );

        // Application load balancers, each with an HTTP listener (forward or redirect).
        const nLb = share(size.loadBalancers, r, R);
        if (nLb > 0) {
          const elbv2 = new ElasticLoadBalancingV2Client(cfg(endpoint, region));
          const { TargetGroups = [] } = await elbv2.send(new CreateTargetGroupCommand({ Name: `bench-${r}`, Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
          const tg = TargetGroups[0]!.TargetGroupArn!;
          const subnets = [...new Map(Subnets.map((s) => [s.AvailabilityZone, s.SubnetId!])).values()].slice(0, 2);
          await Promise.all(
            Array.from({ length: nLb }, (_, i) =>
              limit(async () => {
                const { LoadBalancers = [] } = await elbv2.send(
                  new CreateLoadBalancerCommand({ Name: `bench-${r}-${i}`, Subnets: subnets, ...(groups.length ? { SecurityGroups: [groups[i % groups.length]!] } : {}), Scheme: 'internet-facing', Type: 'application' }),
                );
                await elbv2.send(
                  new CreateListenerCommand({
                    LoadBalancerArn: LoadBalancers[0]!.LoadBalancerArn,
                    Protocol: 'HTTP',
                    Port: 80,
                    DefaultActions: i % 2 ? [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] : [{ Type: 'forward', TargetGroupArn: tg }],
                  }),
                );
                count('loadBalancers');
              }),
            ),
          );
        }
      })(),
    );
  }

  // Buckets spread over the regions; a third tagged.
  const s3 = new Map(size.regions.map((r) => [r, new S3Client({ ...cfg(endpoint, r), forcePathStyle: true })]));
  for (let i = 0; i < size.buckets; i++) {
    const region = size.regions[i % R]!;
    tasks.push(
      limit(async () => {
        const Bucket = `bench-bucket-${i}${i % 25 === 0 ? '.example' : ''}`;
        await s3.get(region)!.send(
          new CreateBucketCommand({ Bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }),
        );
        if (i % 3 === 0) await s3.get(region)!.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'owner', Value: 'data' }] } }));
        count('buckets');
      }),
    );
  }

  // IAM users: a third with a console password, half with an access key.
  for (let i = 0; i < size.users; i++)
    tasks.push(
      limit(async () => {
        const UserName = `bench-user-${i}`;
        await iam.send(new CreateUserCommand({ UserName }));
        if (i % 3 === 0) await iam.send(new CreateLoginProfileCommand({ UserName, Password: 'Correct-Horse-Battery-9' }));
        if (i % 2 === 0) await iam.send(new CreateAccessKeyCommand({ UserName }));
        count('users');
      }),
    );

  await Promise.all(tasks);

  // A multi-region trail; and the credential report generated now, so the audit reads it at once.
  const trail = new CloudTrailClient(cfg(endpoint, size.regions[0]!));
  if (size.buckets > 0) {
    await trail.send(new CreateTrailCommand({ Name: 'bench', S3BucketName: 'bench-bucket-1', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
    await trail.send(new StartLoggingCommand({ Name: 'bench' }));
  }
  for (let i = 0; i < 2; i++) await iam.send(new GenerateCredentialReportCommand({}));
  log(`seeded ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  return counts;
}
