import { z } from 'zod';
import { asgZones, classicLbZones, elbv2LbZones } from '../../src/aws-model/load-balancers.js';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';

const NON_PRODUCTION = /^(dev|development|test|testing)$/i;
const isNonProduction = (tags: { Key?: string | null; Value?: string | null }[] | null | undefined) =>
  (tags ?? []).some((t) => /^(env|environment)$/i.test(t.Key ?? '') && NON_PRODUCTION.test(t.Value ?? ''));

export default defineRule({
  id: 'arch-multi-az-redundancy',
  section: 'misc',
  tip: 'Always be redundant across availability zones (AZs).',
  title: 'Groups, load balancers, databases, caches and NAT paths survive the loss of one zone',
  kind: 'automatic',
  severity: 'medium',
  needs: [
    'autoscaling.groups',
    'ec2.subnets',
    'elb.loadBalancers',
    'elbv2.loadBalancers',
    'rds.dbInstances',
    'rds.dbClusters',
    'elasticache.replicationGroups',
    'ec2.natGateways',
    'ec2.routeTables',
  ],
  options: z.object({}),
  compliance: [
    {
      framework: 'cis-aws-foundations-5.0', control: '2.2.4', coverage: 'partial',
      note: 'Standalone instances without Multi-AZ fail (INFO when tagged dev/test); clusters are a WARN; read replicas skipped.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '3.2.4', coverage: 'partial',
      note: 'Standalone instances without Multi-AZ fail (INFO when tagged dev/test); clusters are a WARN; read replicas skipped.',
    },
    {
      framework: 'aws-fsbp', control: 'AutoScaling.2', coverage: 'full',
      note: 'Zones from AvailabilityZones plus subnet zones; MinSize under 2 is an extra low WARN.',
    },
    { framework: 'aws-fsbp', control: 'ELB.10', coverage: 'full' },
    {
      framework: 'aws-fsbp', control: 'ELB.13', coverage: 'partial',
      note: 'aws-tips reads the load balancer zones; the control text counts zones of registered targets.',
    },
    {
      framework: 'aws-fsbp', control: 'RDS.5', coverage: 'partial',
      note: 'Instances tagged env=dev/test are INFO; cluster members and read replicas are skipped.',
    },
    {
      framework: 'aws-fsbp', control: 'RDS.15', coverage: 'partial',
      note: 'Single-zone or single-member clusters are a WARN, not a failure.',
    },
    {
      framework: 'aws-fsbp', control: 'ElastiCache.3', coverage: 'partial',
      note: 'WARN, and also requires Multi-AZ, for every engine.',
    },
    {
      framework: 'aws-well-architected', control: 'REL10-BP01', coverage: 'partial',
      note: 'Checks Availability Zone spread only, not Regions.',
    },
  ],
  docs: {
    rationale:
      'Availability zones fail. Anything that lives in one zone (a group, a load balancer, a database, the NAT path of ' +
      'a private subnet) goes down with it; spreading across at least two zones keeps the service up.',
    checks:
      'Auto Scaling groups in fewer than two zones (AvailabilityZones plus VPC subnet zones) fail; MinSize under 2 is a ' +
      'low warning. Classic and v2 load balancers in fewer than two zones fail. RDS instances outside a cluster, not ' +
      'read replicas, without MultiAZ fail (info when tagged env/environment = dev or test). DB clusters with fewer ' +
      'than two members, or members all in one zone, are a warning. ElastiCache replication groups without Multi-AZ ' +
      'and automatic failover are a warning. Subnets whose route table (explicit, else the VPC main table) sends ' +
      'traffic to a zonal NAT gateway in another zone are a low warning; those whose NAT gateways are all in their ' +
      'own zone, or regional (spanning zones), pass.',
    remediation:
      'Spread groups over subnets in several zones, enable a second zone on load balancers, turn on RDS Multi-AZ (add ' +
      'an Aurora replica in another zone), enable ElastiCache Multi-AZ with automatic failover, and give each zone its own NAT gateway.',
    cli: 'aws rds modify-db-instance --db-instance-identifier <db> --multi-az --apply-immediately',
    outdated: 'Still valid, and now partly in CIS (RDS Multi-AZ, v5.0 2.2.4). Multi-region remains optional.',
    links: [
      'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/use-fault-isolation-to-protect-your-workload.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html',
    ],
  },
  messages: {
    groupOneZone: 'Auto Scaling group {{name}} runs in {{where}}',
    groupMinSize: 'Auto Scaling group {{name}} spans {{zoneCount}} zones but MinSize is {{minSize}}: at times it runs in one zone or none',
    groupSpread: 'Auto Scaling group {{name}} spans {{zones}}',
    lbOneZone: '{{label}} is enabled in {{where}}',
    lbSpread: '{{label}} spans {{zones}}',
    dbMultiAz: 'RDS instance {{name}} is Multi-AZ (standby in {{standby}})',
    dbSingleAzNonProduction: 'RDS instance {{name}} is single-AZ (tagged as a dev/test database)',
    dbSingleAz: 'RDS instance {{name}} is single-AZ in {{zone}}: a zone outage takes it down',
    clusterEmpty: 'DB cluster {{name}} has no instances',
    clusterSingleInstance: 'DB cluster {{name}} has a single instance: no failover target',
    clusterOneZone: 'DB cluster {{name}} has {{count}} instances, all in {{zone}}',
    clusterSpread: 'DB cluster {{name}} has {{count}} instances{{across}}',
    cacheFailover: 'replication group {{name}} has Multi-AZ with automatic failover',
    cacheNoFailover: 'replication group {{name}} has Multi-AZ {{multiAz}} and automatic failover {{failover}}',
    natCrossZone: 'subnet {{name}} ({{zone}}) sends traffic through {{targets}}: a cross-AZ NAT dependency',
    natSameZone: 'subnet {{name}} uses a NAT gateway in its own zone',
    natRegional: 'subnet {{name}} uses regional NAT gateway {{nats}}, which spans zones',
  },
  *check({ autoscaling, ec2, elb, elbv2, rds, elasticache }) {
    for (const g of autoscaling.groups) {
      const { zones, unresolvedSubnets } = asgZones(g, ec2.subnets);
      const evidence = { zones, MinSize: g.MinSize ?? null, ...(unresolvedSubnets.length ? { unresolvedSubnets } : {}) };
      if (zones.length < 2) yield fail(g, 'groupOneZone', { name: g.AutoScalingGroupName, where: zones.length ? `one zone (${zones[0]})` : 'no known zone' }, { evidence });
      else if ((g.MinSize ?? 0) < 2)
        yield warn(g, 'groupMinSize', { name: g.AutoScalingGroupName, zoneCount: zones.length, minSize: g.MinSize ?? 0 }, { severity: 'low', evidence });
      else yield pass(g, 'groupSpread', { name: g.AutoScalingGroupName, zones: zones.join(', ') }, { evidence });
    }
    const lbs = [
      ...elb.loadBalancers.map((lb) => ({ item: lb, label: `Classic load balancer ${lb.LoadBalancerName}`, zones: classicLbZones(lb) })),
      ...elbv2.loadBalancers.map((lb) => ({ item: lb, label: `${lb.Type ?? 'application'} load balancer ${lb.LoadBalancerName ?? lb.LoadBalancerArn}`, zones: elbv2LbZones(lb) })),
    ];
    for (const { item, label, zones } of lbs)
      yield zones.length < 2
        ? fail(item, 'lbOneZone', { label, where: zones.length ? `one zone (${zones[0]})` : 'no zone' }, { evidence: { zones } })
        : pass(item, 'lbSpread', { label, zones: zones.join(', ') }, { evidence: { zones } });

    const instancesById = new Map(rds.dbInstances.map((d) => [`${d.Region}|${d.DBInstanceIdentifier}`, d]));
    for (const d of rds.dbInstances) {
      if (d.DBClusterIdentifier || d.ReadReplicaSourceDBInstanceIdentifier || d.ReadReplicaSourceDBClusterIdentifier) continue;
      const evidence = { MultiAZ: d.MultiAZ ?? null, AvailabilityZone: d.AvailabilityZone ?? null, Engine: d.Engine ?? null };
      if (d.MultiAZ) yield pass(d, 'dbMultiAz', { name: d.DBInstanceIdentifier, standby: d.SecondaryAvailabilityZone ?? 'another zone' }, { evidence });
      else if (isNonProduction(d.TagList)) yield info(d, 'dbSingleAzNonProduction', { name: d.DBInstanceIdentifier }, { evidence });
      else yield fail(d, 'dbSingleAz', { name: d.DBInstanceIdentifier, zone: d.AvailabilityZone ?? '?' }, { evidence });
    }
    for (const c of rds.dbClusters) {
      if (c.EngineMode === 'serverless') continue; // Aurora Serverless v1: no instances to place
      const members = (c.DBClusterMembers ?? []).flatMap((m) => (m.DBInstanceIdentifier ? [m.DBInstanceIdentifier] : []));
      const zones = members.map((m) => instancesById.get(`${c.Region}|${m}`)?.AvailabilityZone);
      const known = [...new Set(zones.filter((z): z is string => !!z))].sort();
      const evidence = { members, memberZones: known };
      if (members.length === 0) yield info(c, 'clusterEmpty', { name: c.DBClusterIdentifier }, { evidence });
      else if (members.length < 2)
        yield warn(c, 'clusterSingleInstance', { name: c.DBClusterIdentifier }, { evidence });
      else if (known.length < 2 && zones.every(Boolean))
        yield warn(c, 'clusterOneZone', { name: c.DBClusterIdentifier, count: members.length, zone: known[0] }, { evidence });
      else yield pass(c, 'clusterSpread', { name: c.DBClusterIdentifier, count: members.length, across: known.length ? ` across ${known.join(', ')}` : '' }, { evidence });
    }
    for (const r of elasticache.replicationGroups) {
      const evidence = { MultiAZ: r.MultiAZ ?? null, AutomaticFailover: r.AutomaticFailover ?? null };
      if (r.MultiAZ === 'enabled' && r.AutomaticFailover === 'enabled') yield pass(r, 'cacheFailover', { name: r.ReplicationGroupId }, { evidence });
      else
        yield warn(r, 'cacheNoFailover', { name: r.ReplicationGroupId, multiAz: r.MultiAZ ?? 'disabled', failover: r.AutomaticFailover ?? 'disabled' }, { evidence });
    }

    // Private subnets whose NAT gateway lives in another zone lose egress when that zone fails.
    const subnetsById = new Map(ec2.subnets.map((s) => [`${s.Region}|${s.SubnetId}`, s]));
    const nats = new Map(ec2.natGateways.filter((n) => n.State === 'available' || !n.State).map((n) => [`${n.Region}|${n.NatGatewayId}`, n]));
    const explicit = new Map<string, (typeof ec2.routeTables)[number]>();
    const main = new Map<string, (typeof ec2.routeTables)[number]>();
    for (const t of ec2.routeTables)
      for (const a of t.Associations ?? []) {
        if (a.SubnetId) explicit.set(`${t.Region}|${a.SubnetId}`, t);
        if (a.Main) main.set(`${t.Region}|${t.VpcId}`, t);
      }
    for (const s of ec2.subnets) {
      const table = explicit.get(`${s.Region}|${s.SubnetId}`) ?? main.get(`${s.Region}|${s.VpcId}`);
      const natIds = [...new Set((table?.Routes ?? []).flatMap((r) => (r.NatGatewayId ? [r.NatGatewayId] : [])))];
      // A regional NAT gateway spans zones itself: no zone's loss cuts the subnet's egress.
      const regional = natIds.filter((id) => nats.get(`${s.Region}|${id}`)?.AvailabilityMode === 'regional');
      const targets = natIds.flatMap((id) => {
        const nat = nats.get(`${s.Region}|${id}`);
        if (!nat || nat.AvailabilityMode === 'regional') return []; // gone (blackhole) or regional (above)
        return [{ id, zone: subnetsById.get(`${s.Region}|${nat.SubnetId}`)?.AvailabilityZone }];
      });
      const placed = targets.filter((t) => t.zone && s.AvailabilityZone);
      if (placed.length === 0 && regional.length === 0) continue;
      const cross = placed.filter((t) => t.zone !== s.AvailabilityZone);
      const evidence = { AvailabilityZone: s.AvailabilityZone, RouteTableId: table?.RouteTableId ?? null, natGateways: placed, regionalNatGateways: regional };
      if (cross.length)
        yield warn(s, 'natCrossZone', { name: s.SubnetId, zone: s.AvailabilityZone, targets: cross.map((t) => `${t.id} in ${t.zone}`).join(', ') }, { severity: 'low', evidence });
      else if (placed.length) yield pass(s, 'natSameZone', { name: s.SubnetId }, { evidence });
      else yield pass(s, 'natRegional', { name: s.SubnetId, nats: regional.join(', ') }, { evidence });
    }
  },
});
