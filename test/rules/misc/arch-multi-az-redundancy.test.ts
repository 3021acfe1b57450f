import rule from '../../../rules/misc/arch-multi-az-redundancy.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

const A = 'us-east-1a';
const B = 'us-east-1b';
const arn = (svc: string, res: string) => `arn:aws:${svc}:us-east-1:${TEST_ACCOUNT}:${res}`;
const subnet = (id: string, zone: string, vpc = 'vpc-1') => ({ SubnetId: id, VpcId: vpc, AvailabilityZone: zone, Arn: arn('ec2', `subnet/${id}`) });
const SUBNETS = [subnet('subnet-pub-a', A), subnet('subnet-pub-b', B), subnet('subnet-priv-a', A), subnet('subnet-priv-b', B)];
const group = (name: string, over: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: name,
  Arn: arn('autoscaling', `autoScalingGroup:1:autoScalingGroupName/${name}`),
  MinSize: 2,
  MaxSize: 4,
  AvailabilityZones: [A, B],
  VPCZoneIdentifier: 'subnet-priv-a,subnet-priv-b',
  ...over,
});
const alb = (name: string, zones: string[], Type = 'application') => {
  const a = arn('elasticloadbalancing', `loadbalancer/${Type === 'network' ? 'net' : 'app'}/${name}/1`);
  return { LoadBalancerArn: a, Arn: a, LoadBalancerName: name, Type, AvailabilityZones: zones.map((ZoneName) => ({ ZoneName })) };
};
const db = (id: string, over: Record<string, unknown> = {}) => ({
  DBInstanceIdentifier: id,
  Arn: arn('rds', `db:${id}`),
  Engine: 'postgres',
  MultiAZ: false,
  AvailabilityZone: A,
  TagList: [],
  ...over,
});
const cluster = (id: string, members: string[], over: Record<string, unknown> = {}) => ({
  DBClusterIdentifier: id,
  Arn: arn('rds', `cluster:${id}`),
  Engine: 'aurora-postgresql',
  EngineMode: 'provisioned',
  DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m, IsClusterWriter: i === 0 })),
  ...over,
});
const rg = (id: string, MultiAZ: string, AutomaticFailover: string) => ({ ReplicationGroupId: id, Arn: arn('elasticache', `replicationgroup:${id}`), MultiAZ, AutomaticFailover });
const nat = (id: string, subnetId: string, over: Record<string, unknown> = {}) => ({ NatGatewayId: id, SubnetId: subnetId, VpcId: 'vpc-1', State: 'available', Arn: arn('ec2', `natgateway/${id}`), ...over });
const table = (id: string, natId: string | null, assoc: { SubnetId?: string; Main?: boolean }[]) => ({
  RouteTableId: id,
  VpcId: 'vpc-1',
  Arn: arn('ec2', `route-table/${id}`),
  Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, ...(natId ? [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }] : [])],
  Associations: assoc,
});

type Parts = { groups?: unknown[]; clbs?: unknown[]; albs?: unknown[]; dbs?: unknown[]; clusters?: unknown[]; rgs?: unknown[]; nats?: unknown[]; tables?: unknown[] };
const snap = (p: Parts) => ({
  autoscaling: { groups: p.groups ?? [] },
  ec2: { subnets: SUBNETS, natGateways: p.nats ?? [], routeTables: p.tables ?? [] },
  elb: { loadBalancers: p.clbs ?? [] },
  elbv2: { loadBalancers: p.albs ?? [] },
  rds: { dbInstances: p.dbs ?? [], dbClusters: p.clusters ?? [] },
  elasticache: { replicationGroups: p.rgs ?? [] },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'a redundant stack',
      snapshot: snap({
        groups: [group('web')],
        albs: [alb('web', [A, B])],
        clbs: [{ LoadBalancerName: 'old', AvailabilityZones: [A, B] }],
        dbs: [db('orders', { MultiAZ: true, SecondaryAvailabilityZone: B }), db('aur-1', { DBClusterIdentifier: 'aur', Engine: 'aurora-postgresql' }), db('aur-2', { DBClusterIdentifier: 'aur', Engine: 'aurora-postgresql', AvailabilityZone: B })],
        clusters: [cluster('aur', ['aur-1', 'aur-2'])],
        rgs: [rg('sessions', 'enabled', 'enabled')],
        nats: [nat('nat-a', 'subnet-pub-a'), nat('nat-b', 'subnet-pub-b')],
        tables: [table('rtb-a', 'nat-a', [{ SubnetId: 'subnet-priv-a' }]), table('rtb-b', 'nat-b', [{ SubnetId: 'subnet-priv-b' }]), table('rtb-main', null, [{ Main: true }])],
      }),
    },
    { name: 'read replicas are not judged on Multi-AZ', notApplicable: true, snapshot: snap({ dbs: [db('replica', { ReadReplicaSourceDBInstanceIdentifier: 'orders' })] }) },
    { name: 'a dev database may be single-AZ (info)', notApplicable: true, snapshot: snap({ dbs: [db('scratch', { TagList: [{ Key: 'Env', Value: 'dev' }] })] }) },
    { name: 'a regional NAT gateway spans zones', snapshot: snap({ nats: [nat('nat-r', 'subnet-pub-a', { AvailabilityMode: 'regional' })], tables: [table('rtb', 'nat-r', [{ SubnetId: 'subnet-priv-b' }])] }) },
  ],
  invalid: [
    {
      name: 'Auto Scaling group in one zone, and one with MinSize 1',
      snapshot: snap({ groups: [group('single', { AvailabilityZones: [A], VPCZoneIdentifier: 'subnet-priv-a' }), group('small', { MinSize: 1 }), group('ok')] }),
      findings: [
        { status: 'fail', severity: 'medium', resource: 'single', message: /runs in one zone \(us-east-1a\)/ },
        { status: 'warn', severity: 'low', resource: 'small', message: /MinSize is 1/ },
      ],
      passes: ['ok'],
    },
    {
      name: 'group zones come from VPC subnets too',
      snapshot: snap({ groups: [group('subnets-only', { AvailabilityZones: [], VPCZoneIdentifier: 'subnet-priv-a' })] }),
      findings: [{ status: 'fail', resource: 'subnets-only', evidence: { zones: [A] } }],
    },
    {
      name: 'single-zone load balancers (Classic and NLB)',
      snapshot: snap({ clbs: [{ LoadBalancerName: 'old', AvailabilityZones: [A] }], albs: [alb('nlb', [B], 'network'), alb('web', [A, B])] }),
      findings: [
        { status: 'fail', resource: 'old', message: /Classic load balancer old is enabled in one zone/ },
        { status: 'fail', resource: 'nlb', message: /network load balancer nlb/ },
      ],
      passes: ['web'],
    },
    {
      name: 'single-AZ RDS instance',
      snapshot: snap({ dbs: [db('orders'), db('scratch', { TagList: [{ Key: 'env', Value: 'test' }] })] }),
      findings: [
        { status: 'fail', severity: 'medium', resource: 'orders', message: /single-AZ in us-east-1a/ },
        { status: 'info', resource: 'scratch' },
      ],
    },
    {
      name: 'Aurora clusters: one member, or all members in one zone',
      snapshot: snap({
        dbs: [db('solo-1', { DBClusterIdentifier: 'solo' }), db('same-1', { DBClusterIdentifier: 'same' }), db('same-2', { DBClusterIdentifier: 'same' })],
        clusters: [cluster('solo', ['solo-1']), cluster('same', ['same-1', 'same-2'])],
      }),
      findings: [
        { status: 'warn', severity: 'medium', resource: 'solo', message: /single instance/ },
        { status: 'warn', severity: 'medium', resource: 'same', message: /all in us-east-1a/ },
      ],
    },
    {
      name: 'ElastiCache without Multi-AZ or without automatic failover',
      snapshot: snap({ rgs: [rg('a', 'disabled', 'enabled'), rg('b', 'enabled', 'disabled'), rg('c', 'enabled', 'enabled')] }),
      findings: [
        { status: 'warn', severity: 'medium', resource: 'a' },
        { status: 'warn', severity: 'medium', resource: 'b' },
      ],
      passes: ['c'],
    },
    {
      name: 'private subnets sharing one NAT gateway (explicit and main route table)',
      snapshot: snap({
        nats: [nat('nat-a', 'subnet-pub-a')],
        tables: [table('rtb-priv', 'nat-a', [{ SubnetId: 'subnet-priv-a' }]), table('rtb-main', 'nat-a', [{ Main: true }]), table('rtb-pub', null, [{ SubnetId: 'subnet-pub-a' }, { SubnetId: 'subnet-pub-b' }])],
      }),
      findings: [{ status: 'warn', severity: 'low', resource: 'subnet-priv-b', message: /subnet-priv-b \(us-east-1b\) sends traffic through nat-a in us-east-1a/ }],
      passes: ['subnet-priv-a'],
    },
    {
      name: 'a subnet on a regional NAT gateway passes; one on a zonal NAT gateway in another zone warns',
      snapshot: snap({
        nats: [nat('nat-r', 'subnet-pub-a', { AvailabilityMode: 'regional' }), nat('nat-b', 'subnet-pub-b')],
        tables: [table('rtb-r', 'nat-r', [{ SubnetId: 'subnet-priv-b' }]), table('rtb-b', 'nat-b', [{ SubnetId: 'subnet-priv-a' }])],
      }),
      findings: [{ status: 'warn', severity: 'low', resource: 'subnet-priv-a', message: /sends traffic through nat-b in us-east-1b/ }],
      passes: ['subnet-priv-b'],
    },
  ],
});
