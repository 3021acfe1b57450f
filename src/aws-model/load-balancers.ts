/**
 * Load balancer ↔ Auto Scaling group resolver, shared by asg-elb-health-check, asg-azs-match-lb and
 * arch-multi-az-redundancy.
 *
 * An ASG reaches load balancers through Classic names (LoadBalancerNames), target groups
 * (TargetGroupARNs → TargetGroups[].LoadBalancerArns) and TrafficSources (newer groups may only
 * populate that). Zones are compared by ZoneName inside one account.
 */
import { mapBy } from './memo.js';

export interface AsgLike {
  Region: string;
  AutoScalingGroupName: string;
  AvailabilityZones?: string[] | null;
  VPCZoneIdentifier?: string | null;
  LoadBalancerNames?: string[] | null;
  TargetGroupARNs?: string[] | null;
  TrafficSources?: { Identifier?: string | null; Type?: string | null }[] | null;
}

export interface ClassicLbLike {
  Region: string;
  Arn: string;
  LoadBalancerName: string;
  AvailabilityZones?: string[] | null;
}

export interface Elbv2LbLike {
  Region: string;
  Arn: string;
  LoadBalancerArn: string;
  LoadBalancerName?: string | null;
  Type?: string | null;
  AvailabilityZones?: { ZoneName?: string | null }[] | null;
}

export interface TargetGroupLike {
  Region: string;
  TargetGroupArn: string;
  LoadBalancerArns?: string[] | null;
}

export interface SubnetLike {
  Region: string;
  SubnetId: string;
  AvailabilityZone?: string | null;
}

export type TrafficSourceType = 'elb' | 'elbv2' | 'vpc-lattice';

export interface AsgAttachments {
  /** Classic Load Balancer names. */
  classic: string[];
  /** ELBv2 target group ARNs. */
  targetGroups: string[];
  /** VPC Lattice target group ARNs. */
  lattice: string[];
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';
const uniq = (xs: string[]) => [...new Set(xs)];

/** The kind of a traffic source, from its Type or, when absent, from the identifier's shape. */
export function trafficSourceType(source: { Identifier?: string | null; Type?: string | null }): TrafficSourceType | undefined {
  const t = source.Type;
  if (t === 'elb' || t === 'elbv2' || t === 'vpc-lattice') return t;
  const id = source.Identifier ?? '';
  if (!present(id)) return undefined;
  if (id.startsWith('arn:') && id.includes(':vpc-lattice:')) return 'vpc-lattice';
  if (id.startsWith('arn:') && id.includes(':targetgroup/')) return 'elbv2';
  if (!id.startsWith('arn:')) return 'elb';
  return undefined;
}

/** Everything the group sends traffic from, merged from the legacy fields and TrafficSources. */
export function asgAttachments(asg: AsgLike): AsgAttachments {
  const classic = (asg.LoadBalancerNames ?? []).filter(present);
  const targetGroups = (asg.TargetGroupARNs ?? []).filter(present);
  const lattice: string[] = [];
  for (const s of asg.TrafficSources ?? []) {
    const id = s.Identifier;
    if (!present(id)) continue;
    const type = trafficSourceType(s);
    if (type === 'elb') classic.push(id);
    else if (type === 'elbv2') targetGroups.push(id);
    else if (type === 'vpc-lattice') lattice.push(id);
  }
  return { classic: uniq(classic), targetGroups: uniq(targetGroups), lattice: uniq(lattice) };
}

/** Attached to a Classic Load Balancer or an ELBv2 target group (VPC Lattice does not count). */
export function isLoadBalanced(asg: AsgLike): boolean {
  const a = asgAttachments(asg);
  return a.classic.length > 0 || a.targetGroups.length > 0;
}

export function vpcSubnetIds(asg: AsgLike): string[] {
  return uniq((asg.VPCZoneIdentifier ?? '').split(',').map((s) => s.trim()).filter(present));
}

export interface AsgZones {
  /** Zones the group may launch into: AvailabilityZones plus the zones of its VPC subnets. */
  zones: string[];
  /** Subnets of VPCZoneIdentifier missing from the subnet inventory (their zone is unknown). */
  unresolvedSubnets: string[];
}

/**
 * The zones of a group: AvailabilityZones cross-checked with VPCZoneIdentifier → subnet zones.
 * Both normally agree; the union is returned, so no zone the group can launch into is missed.
 */
export function asgZones(asg: AsgLike, subnets: readonly SubnetLike[]): AsgZones {
  const all = mapBy(subnets, 'region+SubnetId', (s) => `${s.Region}\0${s.SubnetId}`);
  const byId = { get: (id: string) => all.get(`${asg.Region}\0${id}`) };
  const zones = (asg.AvailabilityZones ?? []).filter(present);
  const unresolvedSubnets: string[] = [];
  for (const id of vpcSubnetIds(asg)) {
    const az = byId.get(id)?.AvailabilityZone;
    if (present(az)) zones.push(az);
    else unresolvedSubnets.push(id);
  }
  return { zones: uniq(zones).sort(), unresolvedSubnets };
}

export function classicLbZones(lb: ClassicLbLike): string[] {
  return uniq((lb.AvailabilityZones ?? []).filter(present)).sort();
}

export function elbv2LbZones(lb: Elbv2LbLike): string[] {
  return uniq((lb.AvailabilityZones ?? []).map((z) => z.ZoneName).filter(present)).sort();
}

export type ResolvedLb =
  | { kind: 'classic'; name: string; arn: string; zones: string[]; lb: ClassicLbLike }
  | { kind: 'elbv2'; name: string; arn: string; zones: string[]; lbType: string; targetGroupArn: string; lb: Elbv2LbLike };

export interface Unresolved {
  kind: 'classic' | 'target-group' | 'elbv2';
  id: string;
  /** Why no load balancer came out of it. */
  reason: string;
}

export interface LbInventory {
  classic: readonly ClassicLbLike[];
  elbv2: readonly Elbv2LbLike[];
  targetGroups: readonly TargetGroupLike[];
}

/**
 * The load balancers an ASG is attached to, each with its zones. A target group listing several
 * load balancers yields one entry per load balancer; a load balancer reached through two target
 * groups yields one entry per target group (the pairs are what the rules evaluate).
 */
export function resolveAsgLoadBalancers(asg: AsgLike, inv: LbInventory): { lbs: ResolvedLb[]; unresolved: Unresolved[] } {
  // Region + id lookups, built once per inventory list (every group of the account is resolved).
  const inRegion = <T>(m: ReadonlyMap<string, T>) => ({ get: (id: string) => m.get(`${asg.Region}\0${id}`) });
  const classic = inRegion(mapBy(inv.classic, 'region+LoadBalancerName', (lb) => `${lb.Region}\0${lb.LoadBalancerName}`));
  const elbv2 = inRegion(mapBy(inv.elbv2, 'region+LoadBalancerArn', (lb) => `${lb.Region}\0${lb.LoadBalancerArn}`));
  const tgs = inRegion(mapBy(inv.targetGroups, 'region+TargetGroupArn', (tg) => `${tg.Region}\0${tg.TargetGroupArn}`));
  const lbs: ResolvedLb[] = [];
  const unresolved: Unresolved[] = [];
  const att = asgAttachments(asg);
  for (const name of att.classic) {
    const lb = classic.get(name);
    if (lb) lbs.push({ kind: 'classic', name, arn: lb.Arn, zones: classicLbZones(lb), lb });
    else unresolved.push({ kind: 'classic', id: name, reason: 'Classic Load Balancer not found in this region' });
  }
  for (const tgArn of att.targetGroups) {
    const tg = tgs.get(tgArn);
    if (!tg) {
      unresolved.push({ kind: 'target-group', id: tgArn, reason: 'target group not found in this region' });
      continue;
    }
    const lbArns = (tg.LoadBalancerArns ?? []).filter(present);
    if (lbArns.length === 0) unresolved.push({ kind: 'target-group', id: tgArn, reason: 'target group is not used by any load balancer' });
    for (const lbArn of lbArns) {
      const lb = elbv2.get(lbArn);
      if (lb)
        lbs.push({
          kind: 'elbv2',
          name: lb.LoadBalancerName || lbArn,
          arn: lbArn,
          zones: elbv2LbZones(lb),
          lbType: lb.Type || 'application',
          targetGroupArn: tgArn,
          lb,
        });
      else unresolved.push({ kind: 'elbv2', id: lbArn, reason: 'load balancer not found in this region' });
    }
  }
  return { lbs, unresolved };
}

/** `a \ b`, sorted. */
export function zonesMissing(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  return uniq(a.filter((z) => !inB.has(z))).sort();
}

export interface AttributesLike {
  Region: string;
  Attributes?: { Key?: string | null; Value?: string | null }[] | null;
}
export interface Elbv2LbAttributesLike extends AttributesLike {
  LoadBalancerArn: string;
}
export interface TargetGroupAttributesLike extends AttributesLike {
  TargetGroupArn: string;
}
export interface ClassicLbAttributesLike {
  Region: string;
  LoadBalancerName: string;
  CrossZoneLoadBalancing?: { Enabled?: boolean | null } | null;
}

export interface CrossZoneInventory {
  classic: readonly ClassicLbAttributesLike[];
  elbv2: readonly Elbv2LbAttributesLike[];
  targetGroups: readonly TargetGroupAttributesLike[];
}

/** Where the effective setting comes from, or which read is missing. */
export type CrossZone =
  | { state: 'on' | 'off'; source: 'classic' | 'load-balancer' | 'target-group' | 'alb-default' }
  | { state: 'unknown'; missing: string };

const CROSS_ZONE = 'load_balancing.cross_zone.enabled';
const attribute = (a: AttributesLike | undefined, key: string) => a?.Attributes?.find((x) => x.Key === key)?.Value ?? undefined;

/**
 * Cross-zone load balancing on the path a group is attached to. Classic: CrossZoneLoadBalancing.Enabled. ELBv2:
 * the target group's `load_balancing.cross_zone.enabled` ("true" | "false") wins; "use_load_balancer_configuration"
 * (the default) defers to the load balancer: always on for an ALB, its own attribute for an NLB/GWLB (off when
 * absent, the documented default). A setting that was not read is unknown, never assumed.
 */
export function crossZone(lb: ResolvedLb, inv: CrossZoneInventory): CrossZone {
  if (lb.kind === 'classic') {
    const a = inv.classic.find((x) => x.Region === lb.lb.Region && x.LoadBalancerName === lb.name);
    if (!a) return { state: 'unknown', missing: lb.arn };
    return { state: a.CrossZoneLoadBalancing?.Enabled === true ? 'on' : 'off', source: 'classic' };
  }
  const tg = inv.targetGroups.find((x) => x.Region === lb.lb.Region && x.TargetGroupArn === lb.targetGroupArn);
  if (!tg) return { state: 'unknown', missing: lb.targetGroupArn };
  const tgValue = attribute(tg, CROSS_ZONE);
  if (tgValue === 'true' || tgValue === 'false') return { state: tgValue === 'true' ? 'on' : 'off', source: 'target-group' };
  if (lb.lbType === 'application') return { state: 'on', source: 'alb-default' };
  const attrs = inv.elbv2.find((x) => x.Region === lb.lb.Region && x.LoadBalancerArn === lb.arn);
  if (!attrs) return { state: 'unknown', missing: lb.arn };
  return { state: attribute(attrs, CROSS_ZONE) === 'true' ? 'on' : 'off', source: 'load-balancer' };
}
