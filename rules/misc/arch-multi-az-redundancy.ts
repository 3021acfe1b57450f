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
  *check({ autoscaling, ec2, elb, elbv2, rds, elasticache }) {
    for (const g of autoscaling.groups) {
      const { zones, unresolvedSubnets } = asgZones(g, ec2.subnets);
      const evidence = { zones, MinSize: g.MinSize ?? null, ...(unresolvedSubnets.length ? { unresolvedSubnets } : {}) };
      if (zones.length < 2) yield fail(g, `Auto Scaling group ${g.AutoScalingGroupName} runs in ${zones.length ? `one zone (${zones[0]})` : 'no known zone'}`, { evidence });
      else if ((g.MinSize ?? 0) < 2)
        yield warn(g, `Auto Scaling group ${g.AutoScalingGroupName} spans ${zones.length} zones but MinSize is ${g.MinSize ?? 0}: at times it runs in one zone or none`, { severity: 'low', evidence });
      else yield pass(g, `Auto Scaling group ${g.AutoScalingGroupName} spans ${zones.join(', ')}`, { evidence });
    }
    const lbs = [
      ...elb.loadBalancers.map((lb) => ({ item: lb, label: `Classic load balancer ${lb.LoadBalancerName}`, zones: classicLbZones(lb) })),
      ...elbv2.loadBalancers.map((lb) => ({ item: lb, label: `${lb.Type ?? 'application'} load balancer ${lb.LoadBalancerName ?? lb.LoadBalancerArn}`, zones: elbv2LbZones(lb) })),
    ];
    for (const { item, label, zones } of lbs)
      yield zones.length < 2
        ? fail(item, `${label} is enabled in ${zones.length ? `one zone (${zones[0]})` : 'no zone'}`, { evidence: { zones } })
        : pass(item, `${label} spans ${zones.join(', ')}`, { evidence: { zones } });

    const instancesById = new Map(rds.dbInstances.map((d) => [`${d.Region}|${d.DBInstanceIdentifier}`, d]));
    for (const d of rds.dbInstances) {
      if (d.DBClusterIdentifier || d.ReadReplicaSourceDBInstanceIdentifier || d.ReadReplicaSourceDBClusterIdentifier) continue;
      const evidence = { MultiAZ: d.MultiAZ ?? null, AvailabilityZone: d.AvailabilityZone ?? null, Engine: d.Engine ?? null };
      if (d.MultiAZ) yield pass(d, `RDS instance ${d.DBInstanceIdentifier} is Multi-AZ (standby in ${d.SecondaryAvailabilityZone ?? 'another zone'})`, { evidence });
      else if (isNonProduction(d.TagList)) yield info(d, `RDS instance ${d.DBInstanceIdentifier} is single-AZ (tagged as a dev/test database)`, { evidence });
      else yield fail(d, `RDS instance ${d.DBInstanceIdentifier} is single-AZ in ${d.AvailabilityZone ?? '?'}: a zone outage takes it down`, { evidence });
    }
    for (const c of rds.dbClusters) {
      if (c.EngineMode === 'serverless') continue; // Aurora Serverless v1: no instances to place
      const members = (c.DBClusterMembers ?? []).flatMap((m) => (m.DBInstanceIdentifier ? [m.DBInstanceIdentifier] : []));
      const zones = members.map((m) => instancesById.get(`${c.Region}|${m}`)?.AvailabilityZone);
      const known = [...new Set(zones.filter((z): z is string => !!z))].sort();
      const evidence = { members, memberZones: known };
      if (members.length === 0) yield info(c, `DB cluster ${c.DBClusterIdentifier} has no instances`, { evidence });
      else if (members.length < 2)
        yield warn(c, `DB cluster ${c.DBClusterIdentifier} has a single instance: no failover target`, { evidence });
      else if (known.length < 2 && zones.every(Boolean))
        yield warn(c, `DB cluster ${c.DBClusterIdentifier} has ${members.length} instances, all in ${known[0]}`, { evidence });
      else yield pass(c, `DB cluster ${c.DBClusterIdentifier} has ${members.length} instances${known.length ? ` across ${known.join(', ')}` : ''}`, { evidence });
    }
    for (const r of elasticache.replicationGroups) {
      const evidence = { MultiAZ: r.MultiAZ ?? null, AutomaticFailover: r.AutomaticFailover ?? null };
      if (r.MultiAZ === 'enabled' && r.AutomaticFailover === 'enabled') yield pass(r, `replication group ${r.ReplicationGroupId} has Multi-AZ with automatic failover`, { evidence });
      else
        yield warn(r, `replication group ${r.ReplicationGroupId} has Multi-AZ ${r.MultiAZ ?? 'disabled'} and automatic failover ${r.AutomaticFailover ?? 'disabled'}`, { evidence });
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
        yield warn(s, `subnet ${s.SubnetId} (${s.AvailabilityZone}) sends traffic through ${cross.map((t) => `${t.id} in ${t.zone}`).join(', ')}: a cross-AZ NAT dependency`, { severity: 'low', evidence });
      else if (placed.length) yield pass(s, `subnet ${s.SubnetId} uses a NAT gateway in its own zone`, { evidence });
      else yield pass(s, `subnet ${s.SubnetId} uses regional NAT gateway ${regional.join(', ')}, which spans zones`, { evidence });
    }
  },
});
