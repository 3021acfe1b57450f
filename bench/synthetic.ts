/**
 * Synthetic snapshots for the evaluation benchmark: N resources spread over every dataset of the
 * registry, with the shapes AWS returns (instances with tags, security groups with permissions and
 * the network interfaces that use them, Elastic IPs, buckets and their per-bucket data, users in the
 * credential report, load balancers with listeners and tags, alarms, Auto Scaling groups, DNS records...)
 * and the cross-references between them (an ENI names its instance and groups, an alarm its instance,
 * a record set a load balancer's DNS name).
 *
 * A "resource" is one item of a dataset array (or one user row of the credential report). Datasets
 * this file does not know yet get items generated from their zod schema, so new rules are exercised too.
 *
 * The file is written as it is generated (bounded memory) in compact JSON: a pretty-printed
 * 1,000,000-resource snapshot would pass V8's maximum string length (2^29 - 24 characters), which
 * `readFileSync(..., 'utf8')` and `JSON.parse` cannot go beyond.
 *
 *   node --import tsx bench/synthetic.ts --resources 100000 --out /tmp/snap.json
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { ALL_DATASET_KEYS, datasetDef } from '../src/snapshot/registry.js';

export interface SyntheticOptions {
  resources: number;
  regions?: string[];
  seed?: number;
  accountId?: string;
  /** Snapshot time; ages (key rotation, last use) are relative to it. */
  collectedAt?: string;
}

export interface SyntheticResult {
  file: string;
  bytes: number;
  resources: number;
  perDataset: Record<string, number>;
}

const DEFAULT_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];

/** Relative weight of each dataset in the resource count (per 1,000 resources). */
const WEIGHTS: Record<string, number> = {
  'ec2.instances': 90,
  'ec2.instanceAttributes': 55,
  'ec2.volumes': 70,
  'ec2.networkInterfaces': 90,
  'ec2.securityGroups': 50,
  'ec2.addresses': 20,
  'ec2.keyPairs': 4,
  'ec2.subnets': 10,
  'ec2.vpcs': 2,
  'ec2.routeTables': 6,
  'ec2.natGateways': 2,
  'ec2.networkAcls': 3,
  'ec2.reservedInstances': 3,
  's3.buckets': 16,
  's3.bucketWebsites': 16,
  's3.bucketTagging': 16,
  's3.bucketPolicyStatus': 16,
  's3.bucketPublicAccessBlock': 16,
  'iam.users': 12,
  'iam.userDetails': 12,
  'iam.credentialReport': 12,
  'iam.virtualMfaDevices': 6,
  'iam.roles': 50,
  'elbv2.loadBalancers': 4,
  'elbv2.listeners': 8,
  'elbv2.listenerRules': 4,
  'elbv2.tags': 4,
  'elbv2.targetGroups': 6,
  'elbv2.capacityReservations': 4,
  'elb.loadBalancers': 2,
  'elb.tags': 2,
  'cloudwatch.alarms': 60,
  'cloudwatch.customMetrics': 4,
  'cloudwatch.agentMetrics': 10,
  'autoscaling.groups': 4,
  'autoscaling.policies': 6,
  'route53.hostedZones': 1,
  'route53.recordSets': 170,
  'logs.logGroups': 70,
  'rds.dbInstances': 5,
  'rds.dbClusters': 2,
  'ssm.instanceInformation': 60,
  'ssm.associations': 0.3,
  'eventbridge.rules': 2,
  'rds.eventSubscriptions': 0.05,
  'cloudfront.distributions': 1,
};
/** Datasets of a handful of items whatever the size (one per region or account). */
export const FIXED: Record<string, (regions: number) => number> = {
  'ec2.accountAttributes': (r) => 6 * r,
  'ec2.managedPrefixLists': (r) => 2 * r,
  'ec2.instanceTypes': (r) => 12 * r,
  'cloudtrail.trails': () => 3,
  'iam.samlProviders': () => 1,
  'iam.oidcProviders': () => 2,
  'iam.policyEntities': () => 1,
  // The synthetic credential report lists every user: none is read live.
  'iam.unreportedUsers': () => 0,
  'cloudwatch.billingMetrics': () => 2,
  'cloudwatch.billingAlarms': () => 2,
  'config.recorders': (r) => r - 1,
  'guardduty.detectors': (r) => r,
  'securityhub.hubs': (r) => r - 1,
  'accessanalyzer.analyzers': (r) => r,
  'ssoadmin.instances': () => 1,
  'budgets.budgets': () => 3,
  'savingsplans.savingsPlans': () => 2,
};
const DEFAULT_WEIGHT = 1;

// -------------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

// -------------------------------------------------------------------------------------------------
// Streaming JSON writer (compact)

class Out {
  private buf: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}
  w(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (!this.buf.length) return;
    const b = Buffer.from(this.buf.join(''), 'utf8');
    writeSync(this.fd, b);
    this.bytes += b.length;
    this.buf = [];
    this.size = 0;
  }
}

// -------------------------------------------------------------------------------------------------
// The generator

/** Counts per dataset that sum to `resources` exactly. */
export function plan(resources: number, regions: number): Record<string, number> {
  const counts: Record<string, number> = {};
  let fixed = 0;
  for (const key of ALL_DATASET_KEYS) {
    const f = FIXED[key];
    if (f) fixed += counts[key] = Math.max(0, Math.min(f(regions), Math.floor(resources / 50)));
  }
  const weighted = ALL_DATASET_KEYS.filter((k) => !FIXED[k] && (k === 'iam.credentialReport' || isArraySchema(datasetDef(k).schema)));
  const total = weighted.reduce((n, k) => n + (WEIGHTS[k] ?? DEFAULT_WEIGHT), 0);
  const left = Math.max(0, resources - fixed);
  let sum = 0;
  for (const k of weighted) sum += counts[k] = Math.floor((left * (WEIGHTS[k] ?? DEFAULT_WEIGHT)) / total);
  counts['ec2.instances'] = (counts['ec2.instances'] ?? 0) + (left - sum);
  // Derived datasets cannot outgrow what they derive from.
  counts['ec2.instanceAttributes'] = Math.min(counts['ec2.instanceAttributes']!, counts['ec2.instances']!);
  for (const k of ['s3.bucketWebsites', 's3.bucketTagging', 's3.bucketPolicyStatus', 's3.bucketPublicAccessBlock'])
    counts[k] = Math.min(counts[k]!, counts['s3.buckets']!);
  for (const k of ['iam.userDetails', 'iam.credentialReport']) counts[k] = Math.min(counts[k]!, counts['iam.users']!);
  counts['iam.virtualMfaDevices'] = Math.min(counts['iam.virtualMfaDevices']!, counts['iam.users']!);
  counts['elbv2.tags'] = Math.min(counts['elbv2.tags']!, counts['elbv2.loadBalancers']!);
  counts['elbv2.capacityReservations'] = Math.min(counts['elbv2.capacityReservations']!, counts['elbv2.loadBalancers']!);
  counts['elb.tags'] = Math.min(counts['elb.tags']!, counts['elb.loadBalancers']!);
  counts['ssm.instanceInformation'] = Math.min(counts['ssm.instanceInformation']!, counts['ec2.instances']!);
  // What derived datasets gave back goes to volumes, so the total stays exact.
  const now = Object.values(counts).reduce((a, b) => a + b, 0);
  counts['ec2.volumes'] = (counts['ec2.volumes'] ?? 0) + (resources - now);
  return counts;
}

export function writeSyntheticSnapshot(file: string, opts: SyntheticOptions): SyntheticResult {
  const regions = opts.regions ?? DEFAULT_REGIONS;
  const R = regions.length;
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const acct = opts.accountId ?? '111122223333';
  const collectedAt = opts.collectedAt ?? '2026-11-01T09:00:00.000Z';
  const nowMs = Date.parse(collectedAt);
  const daysAgo = (d: number) => new Date(nowMs - d * 86_400_000).toISOString();
  const counts = plan(opts.resources, R);
  const n = (k: string) => counts[k] ?? 0;
  /** Items of a regional dataset in region r (spread evenly). */
  const per = (k: string, r: number) => Math.floor(n(k) / R) + (r < n(k) % R ? 1 : 0);
  const arn = (svc: string, region: string, res: string) => `arn:aws:${svc}:${region}:${acct}:${res}`;

  // Ids by region, computed from indexes so items can reference each other without being kept.
  const instanceId = (r: number, i: number) => `i-0${hex(r, 2)}${hex(i, 14)}`;
  const sgId = (r: number, i: number) => `sg-0${hex(r, 2)}${hex(i, 14)}`;
  const vpcId = (r: number, i: number) => `vpc-0${hex(r, 2)}${hex(i, 14)}`;
  const subnetId = (r: number, i: number) => `subnet-0${hex(r, 2)}${hex(i, 14)}`;
  const eniId = (r: number, i: number) => `eni-0${hex(r, 2)}${hex(i, 14)}`;
  const volId = (r: number, i: number) => `vol-0${hex(r, 2)}${hex(i, 14)}`;
  const eipId = (r: number, i: number) => `eipalloc-0${hex(r, 2)}${hex(i, 14)}`;
  const plId = (r: number, i: number) => `pl-0${hex(r, 2)}${hex(i, 14)}`;
  const natId = (r: number, i: number) => `nat-0${hex(r, 2)}${hex(i, 14)}`;
  const lbName = (r: number, i: number) => `lb-${r}-${i}`;
  const lbArn = (r: number, i: number) =>
    arn('elasticloadbalancing', regions[r]!, `loadbalancer/${i % 3 === 2 ? 'net' : 'app'}/${lbName(r, i)}/${hex(r * 1e6 + i, 16)}`);
  const lbDns = (r: number, i: number) => `${lbName(r, i)}-${hex(i, 8)}.${regions[r]}.elb.amazonaws.com`;
  const tgArn = (r: number, i: number) => arn('elasticloadbalancing', regions[r]!, `targetgroup/tg-${r}-${i}/${hex(r * 1e6 + i, 16)}`);
  const asgName = (r: number, i: number) => `asg-${r}-${i}`;
  const userName = (i: number) => (i % 37 === 5 ? `svc-deploy-${i}` : `user${i}`);
  const bucketName = (i: number) => (i % 23 === 0 ? `www.example-${i}.com` : `acme-data-${i}`);
  const ENVS = ['prod', 'staging', 'dev', 'test'];
  const TYPES = ['t3.micro', 't3.medium', 'm5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 'm6i.large', 't2.small', 'm4.large', 'c6g.large', 'r6i.xlarge', 'i3.large'];

  const nVpc = (r: number) => Math.max(1, per('ec2.vpcs', r));
  const nSubnet = (r: number) => Math.max(1, per('ec2.subnets', r));
  const nSg = (r: number) => Math.max(1, per('ec2.securityGroups', r));
  const nInst = (r: number) => per('ec2.instances', r);
  const nLb = (r: number) => per('elbv2.loadBalancers', r);
  const nTg = (r: number) => Math.max(1, per('elbv2.targetGroups', r));
  const nAsg = (r: number) => per('autoscaling.groups', r);
  const nUsers = n('iam.users');
  const nBuckets = n('s3.buckets');
  /** Instances 0..fleetCut-1 of a region belong to Auto Scaling groups. */
  const fleetCut = (r: number) => (nAsg(r) ? Math.floor(nInst(r) * 0.3) : 0);
  const azs = (r: number) => ['a', 'b', 'c'].map((z) => `${regions[r]}${z}`);
  const tagList = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
  const ownerTags = (name: string, i: number) => {
    const t: Record<string, string> = { Name: name };
    if (i % 5 !== 0) t.env = ENVS[i % 4]!;
    if (i % 7 !== 0) t.owner = `team-${i % 13}`;
    if (i % 11 === 0) t.CostCenter = `cc-${i % 97}`;
    return t;
  };
  const perm = (i: number, r: number) => {
    switch (i % 9) {
      case 0:
        return { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      case 1:
        return { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [], UserIdGroupPairs: [] };
      case 2:
        return { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: sgId(r, (i * 7) % nSg(r)), UserId: acct }] };
      case 3:
        return { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      case 4:
        return { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      case 5:
        return { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: plId(r, i % 2) }], UserIdGroupPairs: [] };
      case 6:
        return { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '203.0.113.0/24' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      case 7:
        return { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '172.16.0.0/12' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      default:
        return { IpProtocol: 'tcp', FromPort: 20, ToPort: 30, IpRanges: [{ CidrIp: '198.51.100.7/32' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
    }
  };
  const egressAll = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];

  /** Known generators: (region index, item index) -> item. Global datasets get r = -1. */
  const gen: Record<string, (r: number, i: number) => unknown> = {
    'ec2.instances': (r, i) => {
      const region = regions[r]!;
      const fleet = i < fleetCut(r);
      const id = instanceId(r, i);
      const tags = ownerTags(fleet ? `${asgName(r, i % Math.max(1, nAsg(r)))}-node` : `srv-${r}-${i}`, i);
      if (fleet) tags['aws:autoscaling:groupName'] = asgName(r, i % nAsg(r));
      else if (i % 6 === 0) tags['aws:cloudformation:stack-name'] = `stack-${i % 50}`;
      const subnet = i % nSubnet(r);
      const groups = [sgId(r, i % nSg(r)), ...(i % 3 === 0 ? [sgId(r, (i * 13 + 1) % nSg(r))] : [])];
      const state = i % 17 === 0 ? 'stopped' : 'running';
      const az = azs(r)[i % 3]!;
      const ip = `10.${r}.${(i >> 8) & 255}.${i & 255}`;
      return {
        ImageId: `ami-0${hex(i % 40, 16)}`,
        InstanceId: id,
        InstanceType: TYPES[i % TYPES.length],
        KeyName: i % 4 === 0 ? undefined : `key-${r}-${i % 9}`,
        LaunchTime: daysAgo((i * 7) % 1500),
        Monitoring: { State: i % 5 === 0 ? 'enabled' : 'disabled' },
        Placement: { AvailabilityZone: az, Tenancy: 'default' },
        PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.${region}.compute.internal`,
        PrivateIpAddress: ip,
        ...(i % 8 === 0 ? { PublicIpAddress: `198.51.${r}.${i & 255}` } : {}),
        State: { Code: state === 'running' ? 16 : 80, Name: state },
        SubnetId: subnetId(r, subnet),
        VpcId: vpcId(r, subnet % nVpc(r)),
        Architecture: 'x86_64',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { AttachTime: daysAgo((i * 7) % 1500), DeleteOnTermination: true, Status: 'attached', VolumeId: volId(r, i) } }],
        EbsOptimized: false,
        EnaSupport: true,
        ...(i % 10 < 7 ? { IamInstanceProfile: { Arn: `arn:aws:iam::${acct}:instance-profile/app-${i % 20}`, Id: `AIPA${hex(i, 16).toUpperCase()}` } } : {}),
        ...(i % 29 === 0 ? { InstanceLifecycle: 'spot' } : {}),
        RootDeviceName: '/dev/xvda',
        RootDeviceType: 'ebs',
        SecurityGroups: groups.map((GroupId) => ({ GroupId, GroupName: `group-${GroupId.slice(-4)}` })),
        SourceDestCheck: true,
        Tags: tagList(tags),
        MetadataOptions: { State: 'applied', HttpTokens: i % 3 === 0 ? 'optional' : 'required', HttpEndpoint: 'enabled' },
        MaintenanceOptions: { AutoRecovery: 'default' },
        PlatformDetails: i % 15 === 0 ? 'Windows' : 'Linux/UNIX',
        ...(i % 15 === 0 ? { Platform: 'windows' } : {}),
        OwnerId: acct,
        Region: region,
        Arn: arn('ec2', region, `instance/${id}`),
      };
    },
    'ec2.instanceAttributes': (r, i) => {
      // Non-fleet instances only (the collector skips fleets), from the fleet cut upwards.
      const k = Math.min(nInst(r) - 1, fleetCut(r) + i);
      const id = instanceId(r, k);
      return {
        InstanceId: id,
        DisableApiTermination: { Value: k % 3 === 0 },
        InstanceInitiatedShutdownBehavior: { Value: k % 19 === 0 ? 'terminate' : 'stop' },
        Region: regions[r],
        Arn: arn('ec2', regions[r]!, `instance/${id}`),
      };
    },
    'ec2.securityGroups': (r, i) => {
      const region = regions[r]!;
      const id = sgId(r, i);
      const nPerm = i % 4;
      return {
        Description: i % 10 === 0 ? 'launch-wizard created' : `group ${i}`,
        GroupName: i % 10 === 0 ? `launch-wizard-${i}` : i < nVpc(r) ? 'default' : `sg-app-${i}`,
        IpPermissions: Array.from({ length: nPerm }, (_, p) => perm(i + p * 3, r)),
        OwnerId: acct,
        GroupId: id,
        IpPermissionsEgress: egressAll,
        Tags: i % 4 === 0 ? [] : tagList(ownerTags(`sg-${i}`, i)),
        VpcId: vpcId(r, i % nVpc(r)),
        Region: region,
        Arn: arn('ec2', region, `security-group/${id}`),
      };
    },
    'ec2.networkInterfaces': (r, i) => {
      const region = regions[r]!;
      const id = eniId(r, i);
      const onInstance = i < nInst(r);
      const subnet = i % nSubnet(r);
      const ip = `10.${r}.${(i >> 8) & 255}.${i & 255}`;
      const kind = onInstance ? 'instance' : pick(['elb', 'lambda', 'nat', 'vpce', 'free']);
      const groups = [sgId(r, i % nSg(r))].map((GroupId) => ({ GroupId, GroupName: `group-${GroupId.slice(-4)}` }));
      const pub = i % 8 === 0 ? { PublicIp: `198.51.${r}.${i & 255}`, IpOwnerId: acct, ...(i % 16 === 0 ? { AllocationId: eipId(r, i % Math.max(1, per('ec2.addresses', r))) } : {}) } : undefined;
      return {
        ...(kind === 'free'
          ? {}
          : {
              Attachment:
                kind === 'instance'
                  ? { AttachmentId: `eni-attach-0${hex(i, 16)}`, DeviceIndex: 0, InstanceId: instanceId(r, i), InstanceOwnerId: acct, Status: 'attached' }
                  : { InstanceOwnerId: kind === 'elb' ? 'amazon-elb' : 'amazon-aws', Status: 'attached' },
            }),
        AvailabilityZone: azs(r)[i % 3],
        Description: kind === 'elb' ? `ELB app/${lbName(r, i % Math.max(1, nLb(r)))}/${hex(i, 16)}` : kind === 'lambda' ? `AWS Lambda VPC ENI-fn-${i}` : kind === 'nat' ? `Interface for NAT Gateway ${natId(r, i)}` : '',
        Groups: kind === 'nat' ? [] : groups,
        InterfaceType: kind === 'lambda' ? 'lambda' : kind === 'nat' ? 'nat_gateway' : kind === 'vpce' ? 'vpc_endpoint' : 'interface',
        NetworkInterfaceId: id,
        OwnerId: acct,
        PrivateIpAddress: ip,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, ...(pub ? { Association: pub } : {}) }],
        ...(pub ? { Association: pub } : {}),
        RequesterManaged: kind !== 'instance' && kind !== 'free',
        Status: kind === 'free' ? 'available' : 'in-use',
        SubnetId: subnetId(r, subnet),
        VpcId: vpcId(r, subnet % nVpc(r)),
        Region: region,
        Arn: arn('ec2', region, `network-interface/${id}`),
      };
    },
    'ec2.addresses': (r, i) => {
      const region = regions[r]!;
      const assoc = i % 3 !== 0 && nInst(r) > 0;
      const inst = (i * 8) % Math.max(1, nInst(r));
      return {
        PublicIp: `198.51.${r}.${i & 255}`,
        AllocationId: eipId(r, i),
        Domain: 'vpc',
        ...(assoc ? { AssociationId: `eipassoc-0${hex(i, 16)}`, InstanceId: instanceId(r, inst), NetworkInterfaceId: eniId(r, inst), NetworkInterfaceOwnerId: acct, PrivateIpAddress: `10.${r}.${(inst >> 8) & 255}.${inst & 255}` } : {}),
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: region,
        Tags: i % 2 ? tagList({ Name: `eip-${i}` }) : [],
        Region: region,
        Arn: arn('ec2', region, `elastic-ip/${eipId(r, i)}`),
      };
    },
    'ec2.volumes': (r, i) => {
      const region = regions[r]!;
      const attached = i < nInst(r);
      return {
        AvailabilityZone: azs(r)[i % 3],
        CreateTime: daysAgo((i * 7) % 1500),
        Encrypted: i % 4 !== 0,
        Size: 8 + (i % 20) * 10,
        SnapshotId: '',
        State: attached ? 'in-use' : 'available',
        VolumeId: volId(r, i),
        Iops: 3000,
        VolumeType: 'gp3',
        MultiAttachEnabled: false,
        Throughput: 125,
        Attachments: attached ? [{ AttachTime: daysAgo((i * 7) % 1500), Device: '/dev/xvda', InstanceId: instanceId(r, i), State: 'attached', VolumeId: volId(r, i), DeleteOnTermination: true }] : [],
        Tags: i % 3 === 0 ? [] : tagList(ownerTags(`vol-${i}`, i)),
        Region: region,
        Arn: arn('ec2', region, `volume/${volId(r, i)}`),
      };
    },
    'ec2.vpcs': (r, i) => ({
      VpcId: vpcId(r, i),
      IsDefault: i === 0,
      CidrBlock: i === 0 ? '172.31.0.0/16' : `10.${i % 256}.0.0/16`,
      State: 'available',
      OwnerId: acct,
      InstanceTenancy: 'default',
      Tags: i === 0 ? [] : tagList({ Name: `vpc-${i}`, env: ENVS[i % 4]! }),
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `vpc/${vpcId(r, i)}`),
    }),
    'ec2.subnets': (r, i) => ({
      SubnetId: subnetId(r, i),
      VpcId: vpcId(r, i % nVpc(r)),
      AvailabilityZone: azs(r)[i % 3],
      AvailabilityZoneId: `use1-az${(i % 3) + 1}`,
      CidrBlock: `10.${i % 256}.${(i >> 8) % 256}.0/24`,
      MapPublicIpOnLaunch: i % nVpc(r) === 0,
      DefaultForAz: i % nVpc(r) === 0 && i < 3,
      AvailableIpAddressCount: 250,
      State: 'available',
      OwnerId: acct,
      Tags: tagList({ Name: `subnet-${i}` }),
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `subnet/${subnetId(r, i)}`),
    }),
    'ec2.routeTables': (r, i) => ({
      RouteTableId: `rtb-0${hex(r, 2)}${hex(i, 14)}`,
      VpcId: vpcId(r, i % nVpc(r)),
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
        i % 2 ? { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId(r, i % Math.max(1, per('ec2.natGateways', r))), State: 'active' } : { DestinationCidrBlock: '0.0.0.0/0', GatewayId: `igw-0${hex(i, 16)}`, State: 'active' },
      ],
      Associations: [{ Main: i < nVpc(r), SubnetId: i < nVpc(r) ? undefined : subnetId(r, i % nSubnet(r)), RouteTableAssociationId: `rtbassoc-0${hex(i, 16)}` }],
      Tags: [],
      OwnerId: acct,
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `route-table/rtb-0${hex(r, 2)}${hex(i, 14)}`),
    }),
    'ec2.natGateways': (r, i) => ({
      NatGatewayId: natId(r, i),
      SubnetId: subnetId(r, i % nSubnet(r)),
      VpcId: vpcId(r, i % nVpc(r)),
      State: 'available',
      ConnectivityType: 'public',
      CreateTime: daysAgo(100 + i),
      NatGatewayAddresses: [{ AllocationId: eipId(r, i), PublicIp: `198.51.${r}.${i & 255}`, IsPrimary: true }],
      Tags: tagList({ Name: `nat-${i}` }),
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `natgateway/${natId(r, i)}`),
    }),
    'ec2.networkAcls': (r, i) => ({
      NetworkAclId: `acl-0${hex(r, 2)}${hex(i, 14)}`,
      VpcId: vpcId(r, i % nVpc(r)),
      IsDefault: i < nVpc(r),
      Entries: [
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 110, Protocol: '6', RuleAction: i % 2 ? 'deny' : 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
        { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      ],
      Associations: Array.from({ length: 3 }, (_, k) => ({ SubnetId: subnetId(r, (i * 3 + k) % nSubnet(r)), NetworkAclId: `acl-0${hex(r, 2)}${hex(i, 14)}` })),
      OwnerId: acct,
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `network-acl/acl-0${hex(r, 2)}${hex(i, 14)}`),
    }),
    'ec2.managedPrefixLists': (r, i) => ({
      PrefixListId: plId(r, i),
      PrefixListName: i === 0 ? `com.amazonaws.${regions[r]}.s3` : `office-${i}`,
      OwnerId: i === 0 ? 'AWS' : acct,
      Entries: i === 0 ? [{ Cidr: '52.216.0.0/15' }, { Cidr: '54.231.0.0/16' }] : [{ Cidr: '203.0.113.0/24', Description: 'office' }, { Cidr: '0.0.0.0/0', Description: 'oops' }],
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `prefix-list/${plId(r, i)}`),
    }),
    'ec2.keyPairs': (r, i) => ({
      KeyPairId: `key-0${hex(r, 2)}${hex(i, 14)}`,
      KeyName: `key-${r}-${i}`,
      KeyType: i % 3 ? 'ed25519' : 'rsa',
      KeyFingerprint: hex(i * 2654435761, 8).repeat(5),
      CreateTime: daysAgo(30 + ((i * 97) % 2000)),
      Tags: [],
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `key-pair/key-0${hex(r, 2)}${hex(i, 14)}`),
    }),
    'ec2.instanceTypes': (r, i) => {
      const t = TYPES[i % TYPES.length]!;
      const size = t.split('.')[1]!;
      const vcpu = { micro: 2, small: 1, medium: 2, large: 2, xlarge: 4, '2xlarge': 8 }[size] ?? 2;
      return { InstanceType: t, VCpuInfo: { DefaultVCpus: vcpu }, MemoryInfo: { SizeInMiB: vcpu * 4096 }, BareMetal: false, CurrentGeneration: !/^(t2|m4)/.test(t), Region: regions[r], Arn: arn('ec2', regions[r]!, `instance-type/${t}`) };
    },
    'ec2.reservedInstances': (r, i) => ({
      ReservedInstancesId: `ri-${r}-${hex(i, 12)}`,
      InstanceType: TYPES[i % TYPES.length],
      InstanceCount: 1 + (i % 4),
      Scope: i % 2 ? 'Region' : 'Availability Zone',
      ...(i % 2 ? {} : { AvailabilityZone: azs(r)[i % 3] }),
      ProductDescription: 'Linux/UNIX',
      InstanceTenancy: 'default',
      OfferingClass: 'standard',
      OfferingType: 'No Upfront',
      State: 'active',
      Start: daysAgo(300),
      End: daysAgo(-65 + (i % 100)),
      Region: regions[r],
      Arn: arn('ec2', regions[r]!, `reserved-instances/ri-${r}-${hex(i, 12)}`),
    }),
    'ec2.accountAttributes': (r, i) => {
      const names = ['supported-platforms', 'default-vpc', 'max-instances', 'vpc-max-security-groups-per-interface', 'max-elastic-ips', 'vpc-max-elastic-ips'];
      const values = [['VPC'], [vpcId(r, 0)], ['20'], ['5'], ['5'], ['5']];
      return { AttributeName: names[i % 6], AttributeValues: values[i % 6]!.map((AttributeValue) => ({ AttributeValue })), Region: regions[r], Arn: arn('ec2', regions[r]!, `account-attribute/${names[i % 6]}`) };
    },
    's3.buckets': (_r, i) => ({ Name: bucketName(i), CreationDate: daysAgo(10 + ((i * 13) % 3000)), BucketRegion: regions[i % R], Region: regions[i % R], Arn: `arn:aws:s3:::${bucketName(i)}` }),
    's3.bucketWebsites': (_r, i) => ({ Name: bucketName(i), Region: regions[i % R], Arn: `arn:aws:s3:::${bucketName(i)}`, Website: i % 23 === 0 ? { IndexDocument: { Suffix: 'index.html' } } : null }),
    's3.bucketTagging': (_r, i) => ({ Name: bucketName(i), Region: regions[i % R], Arn: `arn:aws:s3:::${bucketName(i)}`, TagSet: i % 3 === 0 ? [] : tagList(ownerTags(bucketName(i), i)) }),
    's3.bucketPolicyStatus': (_r, i) => ({ Name: bucketName(i), Region: regions[i % R], Arn: `arn:aws:s3:::${bucketName(i)}`, PolicyStatus: i % 4 === 0 ? null : { IsPublic: i % 23 === 0 } }),
    's3.bucketPublicAccessBlock': (_r, i) => ({ Name: bucketName(i), Region: regions[i % R], Arn: `arn:aws:s3:::${bucketName(i)}`, PublicAccessBlockConfiguration: i % 5 === 0 ? null : { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: i % 23 !== 0, RestrictPublicBuckets: i % 23 !== 0 } }),
    'iam.users': (_r, i) => ({ Path: '/', UserName: userName(i), UserId: `AIDA${hex(i, 16).toUpperCase()}`, Arn: `arn:aws:iam::${acct}:user/${userName(i)}`, CreateDate: daysAgo(20 + ((i * 31) % 2500)), ...(i % 3 ? { PasswordLastUsed: daysAgo(i % 200) } : {}), Region: 'global' }),
    'iam.userDetails': (_r, i) => ({
      Path: '/',
      UserName: userName(i),
      UserId: `AIDA${hex(i, 16).toUpperCase()}`,
      Arn: `arn:aws:iam::${acct}:user/${userName(i)}`,
      CreateDate: daysAgo(20 + ((i * 31) % 2500)),
      UserPolicyList: i % 9 === 0 ? [{ PolicyName: 'inline', PolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D' }] : [],
      GroupList: i % 4 === 0 ? [] : [`group-${i % 12}`],
      AttachedManagedPolicies: i % 6 === 0 ? [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] : [],
      Tags: [],
      Region: 'global',
    }),
    'iam.virtualMfaDevices': (_r, i) => {
      const u = i * 2;
      return { SerialNumber: `arn:aws:iam::${acct}:mfa/${userName(u)}`, User: { UserName: userName(u), Arn: `arn:aws:iam::${acct}:user/${userName(u)}` }, EnableDate: daysAgo(u % 400) };
    },
    'iam.roles': (_r, i) => {
      const sso = i % 50 === 0;
      const name = sso ? `AWSReservedSSO_Admin_${hex(i, 16)}` : i % 10 === 1 ? `AWSServiceRoleFor${i}` : `role-${i}`;
      const path = sso ? '/aws-reserved/sso.amazonaws.com/' : i % 10 === 1 ? '/aws-service-role/' : '/';
      return {
        Path: path,
        RoleName: name,
        RoleId: `AROA${hex(i, 16).toUpperCase()}`,
        Arn: `arn:aws:iam::${acct}:role${path}${name}`,
        CreateDate: daysAgo(i % 2000),
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
        Description: '',
        MaxSessionDuration: 3600,
        Region: 'global',
      };
    },
    'iam.samlProviders': (_r, i) => ({ Arn: `arn:aws:iam::${acct}:saml-provider/idp-${i}`, ValidUntil: daysAgo(-365), CreateDate: daysAgo(400), Region: 'global' }),
    'iam.oidcProviders': (_r, i) => ({ Arn: `arn:aws:iam::${acct}:oidc-provider/${i ? 'token.actions.githubusercontent.com' : 'oidc.eks.amazonaws.com/id/X'}`, Region: 'global' }),
    'iam.policyEntities': () => ({ PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit', PolicyRoles: [{ RoleName: 'auditor', RoleId: 'AROAAUDITOR' }], PolicyUsers: [], PolicyGroups: [], Region: 'global', Arn: 'arn:aws:iam::aws:policy/SecurityAudit' }),
    'elbv2.loadBalancers': (r, i) => ({
      LoadBalancerArn: lbArn(r, i),
      DNSName: lbDns(r, i),
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: daysAgo(i % 900),
      LoadBalancerName: lbName(r, i),
      Scheme: i % 4 === 0 ? 'internal' : 'internet-facing',
      VpcId: vpcId(r, i % nVpc(r)),
      State: { Code: 'active' },
      Type: i % 3 === 2 ? 'network' : 'application',
      AvailabilityZones: [0, 1].map((k) => ({ ZoneName: azs(r)[k], SubnetId: subnetId(r, (i + k) % nSubnet(r)) })),
      SecurityGroups: i % 3 === 2 ? [] : [sgId(r, i % nSg(r))],
      IpAddressType: 'ipv4',
      Region: regions[r],
      Arn: lbArn(r, i),
    }),
    'elbv2.listeners': (r, i) => {
      const lb = Math.floor(i / 2) % Math.max(1, nLb(r));
      const https = i % 2 === 1;
      const la = `${lbArn(r, lb).replace(':loadbalancer/', ':listener/')}/${hex(i, 16)}`;
      return {
        ListenerArn: la,
        LoadBalancerArn: lbArn(r, lb),
        Port: https ? 443 : 80,
        Protocol: lb % 3 === 2 ? (https ? 'TLS' : 'TCP') : https ? 'HTTPS' : 'HTTP',
        ...(https ? { Certificates: [{ CertificateArn: arn('acm', regions[r]!, `certificate/${hex(i, 8)}`) }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } : {}),
        DefaultActions: https || i % 4 === 0 ? [{ Type: 'forward', TargetGroupArn: tgArn(r, lb % nTg(r)) }] : [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
        Region: regions[r],
        Arn: la,
      };
    },
    'elbv2.listenerRules': (r, i) => {
      const listener = (i * 2) % Math.max(1, per('elbv2.listeners', r));
      const lb = Math.floor(listener / 2) % Math.max(1, nLb(r));
      const la = `${lbArn(r, lb).replace(':loadbalancer/', ':listener/')}/${hex(listener, 16)}`;
      const ra = `${la.replace(':listener/', ':listener-rule/')}/${hex(i, 16)}`;
      return { RuleArn: ra, ListenerArn: la, Priority: i % 2 ? 'default' : '10', IsDefault: i % 2 === 1, Conditions: i % 2 ? [] : [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: tgArn(r, lb % nTg(r)) }], Region: regions[r], Arn: ra };
    },
    'elbv2.tags': (r, i) => ({ ResourceArn: lbArn(r, i), Tags: i % 3 === 0 ? [] : tagList(ownerTags(lbName(r, i), i)), Region: regions[r], Arn: lbArn(r, i) }),
    'elbv2.targetGroups': (r, i) => ({
      TargetGroupArn: tgArn(r, i),
      TargetGroupName: `tg-${r}-${i}`,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: vpcId(r, i % nVpc(r)),
      TargetType: 'instance',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/health',
      LoadBalancerArns: i < nLb(r) ? [lbArn(r, i)] : [],
      Region: regions[r],
      Arn: tgArn(r, i),
    }),
    'elbv2.capacityReservations': (r, i) => ({ LoadBalancerArn: lbArn(r, i), LastModifiedTime: daysAgo(i % 100), DecreaseRequestsRemaining: 4, ...(i % 10 === 0 ? { MinimumLoadBalancerCapacity: { CapacityUnits: 100 } } : {}), CapacityReservationState: [], Region: regions[r], Arn: lbArn(r, i) }),
    'elb.loadBalancers': (r, i) => ({
      LoadBalancerName: `clb-${r}-${i}`,
      DNSName: `clb-${r}-${i}.${regions[r]}.elb.amazonaws.com`,
      Scheme: 'internet-facing',
      VPCId: vpcId(r, i % nVpc(r)),
      AvailabilityZones: azs(r).slice(0, 2),
      Instances: [{ InstanceId: instanceId(r, (i * 5) % Math.max(1, nInst(r))) }],
      ListenerDescriptions: [{ Listener: { Protocol: i % 2 ? 'HTTPS' : 'HTTP', LoadBalancerPort: i % 2 ? 443 : 80, InstanceProtocol: 'HTTP', InstancePort: 80, ...(i % 2 ? { SSLCertificateId: arn('acm', regions[r]!, `certificate/${i}`) } : {}) }, PolicyNames: [] }],
      HealthCheck: { Target: 'HTTP:80/health', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
      Region: regions[r],
      Arn: arn('elasticloadbalancing', regions[r]!, `loadbalancer/clb-${r}-${i}`),
    }),
    'elb.tags': (r, i) => ({ LoadBalancerName: `clb-${r}-${i}`, Tags: tagList(ownerTags(`clb-${i}`, i)), Region: regions[r], Arn: arn('elasticloadbalancing', regions[r]!, `loadbalancer/clb-${r}-${i}`) }),
    'cloudtrail.trails': (_r, i) => {
      const name = `trail-${i}`;
      const ta = arn('cloudtrail', regions[0]!, `trail/${name}`);
      return {
        Name: name,
        TrailARN: ta,
        HomeRegion: regions[0],
        IsMultiRegionTrail: i === 0,
        IsOrganizationTrail: false,
        S3BucketName: bucketName(i),
        LogFileValidationEnabled: i !== 1,
        IncludeGlobalServiceEvents: true,
        Status: { IsLogging: i !== 2, LatestDeliveryTime: daysAgo(0.01) },
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [] }],
        BucketVersioning: { Status: 'Enabled' },
        Notes: [],
        Region: regions[0],
        Arn: ta,
      };
    },
    'cloudwatch.alarms': (r, i) => {
      const region = regions[r]!;
      const onInst = i % 3 !== 2 && nInst(r) > 0;
      const inst = (i * 3) % Math.max(1, nInst(r));
      const name = `alarm-${r}-${i}`;
      const actions = i % 5 === 0 ? [] : i % 5 === 1 ? [`arn:aws:automate:${region}:ec2:recover`] : i % 5 === 2 ? [arn('autoscaling', region, `scalingPolicy:${hex(i, 8)}:autoScalingGroupName/${asgName(r, i % Math.max(1, nAsg(r)))}:policyName/up`)] : [arn('sns', region, `ops-${i % 7}`)];
      return {
        AlarmType: 'MetricAlarm',
        AlarmName: name,
        AlarmArn: arn('cloudwatch', region, `alarm:${name}`),
        ActionsEnabled: true,
        AlarmActions: actions,
        OKActions: [],
        InsufficientDataActions: [],
        StateValue: i % 11 === 0 ? 'ALARM' : 'OK',
        StateUpdatedTimestamp: daysAgo(i % 60),
        MetricName: onInst ? (i % 2 ? 'StatusCheckFailed_System' : 'CPUUtilization') : 'CPUUtilization',
        Namespace: 'AWS/EC2',
        Statistic: 'Average',
        Dimensions: onInst ? [{ Name: 'InstanceId', Value: instanceId(r, inst) }] : [{ Name: 'AutoScalingGroupName', Value: asgName(r, i % Math.max(1, nAsg(r))) }],
        Period: 300,
        EvaluationPeriods: 2,
        Threshold: 80,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: i % 4 === 0 ? 'breaching' : 'missing',
        Region: region,
        Arn: arn('cloudwatch', region, `alarm:${name}`),
      };
    },
    'cloudwatch.customMetrics': (r, i) => ({ Namespace: `App/${i % 10}`, MetricName: `metric${i}`, Count: 1 + (i % 5), Region: regions[r], Arn: arn('cloudwatch', regions[r]!, `metric/App/${i % 10}/metric${i}`) }),
    'cloudwatch.agentMetrics': (r, i) => ({ Namespace: 'CWAgent', InstanceId: instanceId(r, (i * 2) % Math.max(1, nInst(r))), MetricNames: ['mem_used_percent', 'disk_used_percent'], Count: 2, Region: regions[r], Arn: arn('cloudwatch', regions[r]!, `metric/CWAgent/${i}`) }),
    'cloudwatch.billingMetrics': (_r, i) => ({ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }, ...(i ? [{ Name: 'ServiceName', Value: 'AmazonEC2' }] : [])], Region: 'us-east-1', Arn: arn('cloudwatch', 'us-east-1', `metric/AWS/Billing/${i}`) }),
    'cloudwatch.billingAlarms': (_r, i) => ({ AlarmType: 'MetricAlarm', AlarmName: `billing-${i}`, AlarmArn: arn('cloudwatch', 'us-east-1', `alarm:billing-${i}`), ActionsEnabled: true, AlarmActions: [arn('sns', 'us-east-1', 'billing')], OKActions: [], InsufficientDataActions: [], StateValue: 'OK', MetricName: 'EstimatedCharges', Namespace: 'AWS/Billing', Statistic: 'Maximum', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Period: 21600, EvaluationPeriods: 1, Threshold: 1000 * (i + 1), ComparisonOperator: 'GreaterThanThreshold', Region: 'us-east-1', Arn: arn('cloudwatch', 'us-east-1', `alarm:billing-${i}`) }),
    'autoscaling.groups': (r, i) => {
      const region = regions[r]!;
      const members: number[] = [];
      for (let k = i; k < fleetCut(r); k += nAsg(r)) members.push(k);
      return {
        AutoScalingGroupName: asgName(r, i),
        AutoScalingGroupARN: arn('autoscaling', region, `autoScalingGroup:${hex(i, 8)}:autoScalingGroupName/${asgName(r, i)}`),
        LaunchTemplate: { LaunchTemplateId: `lt-0${hex(i, 16)}`, LaunchTemplateName: `lt-${i}`, Version: '$Latest' },
        MinSize: 1,
        MaxSize: Math.max(2, members.length * 2),
        DesiredCapacity: members.length,
        DefaultCooldown: 300,
        AvailabilityZones: azs(r).slice(0, 2 + (i % 2)),
        LoadBalancerNames: [],
        TargetGroupARNs: nTg(r) ? [tgArn(r, i % nTg(r))] : [],
        HealthCheckType: i % 2 ? 'ELB' : 'EC2',
        HealthCheckGracePeriod: 300,
        Instances: members.map((k) => ({ InstanceId: instanceId(r, k), InstanceType: TYPES[k % TYPES.length], AvailabilityZone: azs(r)[k % 3], LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false })),
        CreatedTime: daysAgo(i % 700),
        VPCZoneIdentifier: [0, 1].map((k) => subnetId(r, (i + k) % nSubnet(r))).join(','),
        Tags: tagList(ownerTags(asgName(r, i), i)).map((t) => ({ ...t, ResourceId: asgName(r, i), ResourceType: 'auto-scaling-group', PropagateAtLaunch: true })),
        Region: region,
        Arn: arn('autoscaling', region, `autoScalingGroup:${hex(i, 8)}:autoScalingGroupName/${asgName(r, i)}`),
      };
    },
    'autoscaling.policies': (r, i) => {
      const region = regions[r]!;
      const asg = asgName(r, i % Math.max(1, nAsg(r)));
      const pa = arn('autoscaling', region, `scalingPolicy:${hex(i, 8)}:autoScalingGroupName/${asg}:policyName/p${i}`);
      return i % 2
        ? { PolicyARN: pa, PolicyName: `p${i}`, AutoScalingGroupName: asg, PolicyType: 'TargetTrackingScaling', Enabled: true, Alarms: [{ AlarmName: `TargetTracking-${asg}-AlarmHigh`, AlarmARN: arn('cloudwatch', region, `alarm:TargetTracking-${asg}-AlarmHigh`) }], TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 50, DisableScaleIn: false }, Region: region, Arn: pa }
        : { PolicyARN: pa, PolicyName: `p${i}`, AutoScalingGroupName: asg, PolicyType: 'SimpleScaling', AdjustmentType: 'ChangeInCapacity', ScalingAdjustment: i % 4 ? 1 : -1, Enabled: true, Alarms: [{ AlarmName: `alarm-${r}-${i}`, AlarmARN: arn('cloudwatch', region, `alarm:alarm-${r}-${i}`) }], Region: region, Arn: pa };
    },
    'route53.hostedZones': (_r, i) => ({ Id: `/hostedzone/Z${hex(i, 12).toUpperCase()}`, Name: `zone${i}.example.com.`, Config: { PrivateZone: i % 3 === 0, Comment: '' }, ResourceRecordSetCount: 40, CallerReference: `ref-${i}`, Region: 'global', Arn: `arn:aws:route53:::hostedzone/Z${hex(i, 12).toUpperCase()}` }),
    'route53.recordSets': (_r, i) => {
      const zones = Math.max(1, n('route53.hostedZones'));
      const z = i % zones;
      const zoneName = `zone${z}.example.com.`;
      const lbR = i % R;
      const lb = nLb(lbR) ? (i >> 2) % nLb(lbR) : -1;
      const kind = i % 4;
      const base = { Name: `host${i}.${zoneName}`, HostedZoneId: `Z${hex(z, 12).toUpperCase()}`, ZoneName: zoneName, PrivateZone: z % 3 === 0, Region: 'global', Arn: `arn:aws:route53:::hostedzone/Z${hex(z, 12).toUpperCase()}/recordset/host${i}` };
      if (kind === 0 && lb >= 0) return { ...base, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: lbDns(lbR, lb) }] };
      if (kind === 1 && lb >= 0) return { ...base, Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: `dualstack.${lbDns(lbR, lb)}.`, EvaluateTargetHealth: true } };
      if (kind === 2) return { ...base, Type: 'A', TTL: 60, ResourceRecords: [{ Value: `198.51.${i % R}.${i & 255}` }] };
      return { ...base, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 -all"' }] };
    },
    'logs.logGroups': (r, i) => {
      const name = i % 3 === 0 ? `/aws/lambda/fn-${i}` : `/app/${ENVS[i % 4]}/svc-${i}`;
      return { logGroupName: name, arn: arn('logs', regions[r]!, `log-group:${name}:*`), creationTime: nowMs - (i % 900) * 86_400_000, storedBytes: i * 1000, ...(i % 2 ? { retentionInDays: 30 } : {}), logGroupClass: 'STANDARD', ...(i % 3 ? { lastEventTimestamp: nowMs - (i % 30) * 3600_000, lastIngestionTime: nowMs - (i % 30) * 3600_000, lastEventChecked: true } : { lastEventChecked: false }), Region: regions[r], Arn: arn('logs', regions[r]!, `log-group:${name}`) };
    },
    'ssm.associations': (r, i) => {
      // Mostly tag and instance-id targets; a few for every node; one in a hundred on a resource group.
      const targets =
        i % 25 === 0
          ? [{ Key: 'InstanceIds', Values: ['*'] }]
          : i % 100 === 1
            ? [{ Key: 'resource-groups:Name', Values: [`rg-${i}`] }]
            : i % 2
              ? [{ Key: 'tag:env', Values: [ENVS[i % 4]!] }, { Key: 'tag-key', Values: ['owner'] }]
              : [{ Key: 'InstanceIds', Values: [instanceId(r, i % Math.max(1, nInst(r))), instanceId(r, (i * 7) % Math.max(1, nInst(r)))] }];
      return { AssociationId: `assoc-${r}-${hex(i, 12)}`, AssociationName: `assoc-${i}`, Name: i % 3 ? 'AWS-RunPatchBaseline' : 'AWS-GatherSoftwareInventory', Targets: targets, ScheduleExpression: 'rate(7 days)', LastExecutionDate: daysAgo(i % 9), Overview: { Status: i % 10 ? 'Success' : 'Failed' }, Region: regions[r], Arn: arn('ssm', regions[r]!, `association/assoc-${r}-${hex(i, 12)}`) };
    },
    'eventbridge.rules': (r, i) => {
      const region = regions[r]!;
      const kind = i % 5;
      const pattern =
        kind === 0
          ? { source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event'] }
          : kind === 1
            ? { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['stopped', 'terminated'] } }
            : kind === 2
              ? { source: ['aws.health'] }
              : { source: [`app.service${i % 20}`], 'detail-type': ['OrderPlaced'] };
      const scheduled = kind === 4;
      return {
        Name: `rule-${i}`,
        EventBusName: 'default',
        State: i % 9 === 0 ? 'DISABLED' : 'ENABLED',
        ...(scheduled ? { ScheduleExpression: 'rate(5 minutes)' } : { EventPattern: JSON.stringify(pattern) }),
        Targets: scheduled || i % 9 === 0 ? null : [{ Id: 't1', Arn: arn('sns', region, `topic-${i % 10}`) }],
        Region: region,
        Arn: arn('events', region, `rule/rule-${i}`),
      };
    },
    'rds.eventSubscriptions': (r, i) => ({ CustSubscriptionId: `sub-${i}`, EventSubscriptionArn: arn('rds', regions[r]!, `es:sub-${i}`), SnsTopicArn: arn('sns', regions[r]!, 'rds-events'), Status: 'active', SourceType: i % 2 ? 'db-instance' : 'db-cluster', SourceIdsList: [], EventCategoriesList: i % 3 ? ['failover'] : [], Enabled: true, Region: regions[r], Arn: arn('rds', regions[r]!, `es:sub-${i}`) }),
    'cloudfront.distributions': (_r, i) => {
      const b = bucketName((i * 7) % Math.max(1, nBuckets));
      const id = `E${hex(i, 12).toUpperCase()}`;
      return {
        Id: id,
        ARN: `arn:aws:cloudfront::${acct}:distribution/${id}`,
        DomainName: `d${hex(i, 12)}.cloudfront.net`,
        Status: 'Deployed',
        Enabled: i % 10 !== 0,
        Comment: '',
        PriceClass: 'PriceClass_100',
        Aliases: { Quantity: 1, Items: [`cdn${i}.example.com`] },
        Origins: { Quantity: 1, Items: [i % 3 === 0 ? { Id: 'web', DomainName: `${b}.s3-website-us-east-1.amazonaws.com`, CustomOriginConfig: { OriginProtocolPolicy: 'http-only' } } : { Id: 's3', DomainName: `${b}.s3.us-east-1.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: i % 2 ? `oac-${i}` : '' }] },
        Region: 'global',
        Arn: `arn:aws:cloudfront::${acct}:distribution/${id}`,
      };
    },
    'ssm.instanceInformation': (r, i) => ({ InstanceId: instanceId(r, i % Math.max(1, nInst(r))), PingStatus: i % 9 === 0 ? 'ConnectionLost' : 'Online', LastPingDateTime: daysAgo(i % 9 === 0 ? 20 : 0.01), ResourceType: 'EC2Instance', PlatformType: 'Linux', PlatformName: 'Amazon Linux', AgentVersion: '3.3.0.0', Region: regions[r], Arn: arn('ec2', regions[r]!, `instance/${instanceId(r, i % Math.max(1, nInst(r)))}`) }),
  };

  const meta = { accountId: acct, partition: 'aws', regions, globalRegion: 'us-east-1', collectedAt, toolVersion: 'bench-synthetic', principal: `arn:aws:sts::${acct}:assumed-role/Audit/bench` };
  const fd = openSync(file, 'w');
  const out = new Out(fd);
  const perDataset: Record<string, number> = {};
  out.w(`{"schemaVersion":1,"meta":${JSON.stringify(meta)}`);
  const byService = new Map<string, string[]>();
  for (const key of ALL_DATASET_KEYS) {
    const [s, d] = key.split('.') as [string, string];
    (byService.get(s) ?? byService.set(s, []).get(s)!).push(d);
  }
  for (const [service, names] of byService) {
    out.w(`,${JSON.stringify(service)}:{`);
    for (const name of names) {
      const key = `${service}.${name}`;
      const def = datasetDef(key);
      out.w(`${JSON.stringify(name)}:`);
      const count = n(key);
      if (key === 'iam.credentialReport') {
        out.w(JSON.stringify({ GeneratedTime: daysAgo(0.05), ReportFormat: 'text/csv', Content: credentialReport(count, acct, daysAgo, userName) }));
        perDataset[key] = count;
      } else if (!(def.schema instanceof Object) || !isArraySchema(def.schema)) {
        out.w(JSON.stringify(objectDataset(key, acct)));
        perDataset[key] = 0;
      } else {
        out.w('[');
        const make = gen[key] ?? ((r: number, i: number) => fromSchema(arrayElement(def.schema), key, r < 0 ? 'global' : regions[r]!, i, acct, rnd));
        let first = true;
        let written = 0;
        const one = (r: number, i: number) => {
          const v = make(r, i);
          out.w(first ? JSON.stringify(v) : `,${JSON.stringify(v)}`);
          first = false;
          written++;
        };
        if (def.scope === 'regional') for (let r = 0; r < R; r++) for (let i = 0; i < per(key, r); i++) one(r, i);
        else for (let i = 0; i < count; i++) one(-1, i);
        out.w(']');
        perDataset[key] = written;
      }
      out.w(',');
    }
    out.w('"errors":[]}');
  }
  out.w('}\n');
  out.flush();
  closeSync(fd);
  void chance;
  return { file, bytes: out.bytes, resources: Object.values(perDataset).reduce((a, b) => a + b, 0), perDataset };
}

function credentialReport(users: number, acct: string, daysAgo: (d: number) => string, userName: (i: number) => string): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const rows = [header, `<root_account>,arn:aws:iam::${acct}:root,${daysAgo(3000)},not_supported,${daysAgo(40)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`];
  for (let i = 0; i < users; i++) {
    const console = i % 3 !== 0;
    const key1 = i % 2 === 0;
    const key2 = i % 13 === 0;
    const used = i % 5 !== 0;
    rows.push(
      [
        userName(i),
        `arn:aws:iam::${acct}:user/${userName(i)}`,
        daysAgo(20 + ((i * 31) % 2500)),
        String(console),
        console ? (i % 7 === 0 ? 'no_information' : daysAgo(i % 200)) : 'N/A',
        console ? daysAgo(100 + (i % 300)) : 'N/A',
        'N/A',
        String(console && i % 4 === 0),
        String(key1),
        key1 ? daysAgo(10 + ((i * 17) % 800)) : 'N/A',
        key1 && used ? daysAgo(i % 120) : 'N/A',
        key1 && used ? 'us-east-1' : 'N/A',
        key1 && used ? 's3' : 'N/A',
        String(key2),
        key2 ? daysAgo(400) : 'N/A',
        'N/A',
        'N/A',
        'N/A',
        'false',
        'N/A',
        'false',
        'N/A',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/** Single-object datasets (not arrays): a plausible value, or null where the schema allows it. */
function objectDataset(key: string, acct: string): unknown {
  switch (key) {
    case 'iam.accountSummary':
      return { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 100, Roles: 100, Groups: 12 } };
    case 'iam.organizationsFeatures':
      return null;
    case 's3control.accountPublicAccessBlock':
      return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } };
    case 'organizations.organization':
      return { Id: 'o-example', Arn: `arn:aws:organizations::${acct}:organization/o-example`, FeatureSet: 'ALL', MasterAccountId: acct, MasterAccountArn: `arn:aws:organizations::${acct}:account/o-example/${acct}` };
    default:
      return null;
  }
}

// -------------------------------------------------------------------------------------------------
// Items from a zod schema, for the datasets without a hand-written generator above

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function isArraySchema(s: z.ZodType): boolean {
  let d = defOf(s);
  while (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') d = defOf(d.innerType);
  return d.type === 'array';
}
function arrayElement(s: z.ZodType): unknown {
  let d = defOf(s);
  while (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') d = defOf(d.innerType);
  return d.element;
}

function fromSchema(schema: unknown, key: string, region: string, i: number, acct: string, rnd: () => number, depth = 0, field = ''): unknown {
  const d = defOf(schema);
  switch (d.type) {
    case 'optional':
    case 'nullable':
      return rnd() < 0.7 ? fromSchema(d.innerType, key, region, i, acct, rnd, depth, field) : undefined;
    case 'default':
    case 'readonly':
    case 'catch':
      return fromSchema(d.innerType, key, region, i, acct, rnd, depth, field);
    case 'pipe':
      return fromSchema(d.in, key, region, i, acct, rnd, depth, field);
    case 'object': {
      const shape = (typeof d.shape === 'function' ? (d.shape as () => Record<string, unknown>)() : d.shape) as Record<string, unknown>;
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(shape)) {
        const x = fromSchema(v, key, region, i, acct, rnd, depth + 1, k);
        if (x !== undefined) o[k] = x;
      }
      if ('Region' in shape) o.Region = region;
      if ('Arn' in shape) o.Arn = `arn:aws:${key.split('.')[0]}:${region === 'global' ? '' : region}:${acct}:${key.split('.')[1]}/${i}`;
      return o;
    }
    case 'array':
      return depth > 3 ? [] : Array.from({ length: 1 + (i % 2) }, (_, k) => fromSchema(d.element, key, region, i + k, acct, rnd, depth + 1, field));
    case 'string':
      return /Time|Date|At$/.test(field) ? new Date(Date.UTC(2026, 0, 1) - (i % 500) * 86_400_000).toISOString() : `${field || 'v'}-${i}`;
    case 'number':
    case 'int':
      return i % 100;
    case 'boolean':
      return i % 2 === 0;
    case 'date':
      return new Date(Date.UTC(2026, 0, 1)).toISOString();
    case 'enum': {
      const entries = Object.values(d.entries as Record<string, string>);
      return entries[i % entries.length];
    }
    case 'literal':
      return (d.values as unknown[])[0];
    case 'union':
      return fromSchema((d.options as unknown[])[0], key, region, i, acct, rnd, depth, field);
    case 'record':
      return { [`key${i % 3}`]: fromSchema(d.valueType, key, region, i, acct, rnd, depth + 1, field) ?? null };
    case 'null':
      return null;
    default:
      return undefined;
  }
}

// -------------------------------------------------------------------------------------------------
// CLI

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/synthetic.ts')) {
  const args = process.argv.slice(2);
  const get = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  const t0 = performance.now();
  const res = writeSyntheticSnapshot(get('out', '/tmp/aws-tips-synthetic.json'), { resources: Number(get('resources', '100000')) });
  process.stdout.write(
    `${res.file}: ${res.resources} resources, ${(res.bytes / 1048576).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n` +
      Object.entries(res.perDataset)
        .filter(([, v]) => v)
        .map(([k, v]) => `  ${k} ${v}`)
        .join('\n') +
      '\n',
  );
}
