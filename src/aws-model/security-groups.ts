/**
 * Security-group exposure evaluator, shared by ec2-no-ssh-ingress and
 * ec2-sg-no-world-ingress: protocol normalisation, port coverage, classification of every source
 * of a permission, and what each group is attached to.
 */
import ipaddr from 'ipaddr.js';
import type { IpPermission } from '../snapshot/services/ec2.js';
import { memoFor } from './memo.js';

// ---------------------------------------------------------------------------------------------
// Protocols and ports
// ---------------------------------------------------------------------------------------------

/** `all` = "-1"; `other` = any other protocol number (all of its "ports", never TCP/UDP). */
export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other';

const PROTOCOL_NUMBERS: Record<string, Protocol> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** SGs use names or numbers ("tcp" / "6"), NACLs numbers only; both normalise here. */
export function normaliseProtocol(p: string | null | undefined): Protocol {
  const s = (p ?? '').trim().toLowerCase();
  if (s === 'tcp' || s === 'udp' || s === 'icmp' || s === 'icmpv6') return s;
  if (s === 'all') return 'all';
  return PROTOCOL_NUMBERS[s] ?? 'other';
}

interface Ports {
  IpProtocol?: string | null;
  FromPort?: number | null;
  ToPort?: number | null;
}

const num = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Does the permission let `port` of `proto` through? Protocol -1 covers every port. TCP/UDP need both
 * FromPort and ToPort (absent ports are never read as 0). ICMP FromPort/ToPort are type/code: no ports.
 */
export function coversPort(p: Ports, proto: 'tcp' | 'udp', port: number): boolean {
  const n = normaliseProtocol(p.IpProtocol);
  if (n === 'all') return true;
  if (n !== proto || !num(p.FromPort) || !num(p.ToPort)) return false;
  return p.FromPort <= port && port <= p.ToPort;
}

export function coversTcpPort(p: Ports, port: number): boolean {
  return coversPort(p, 'tcp', port);
}

/** Every port of a transport: protocol -1, another protocol number, or tcp/udp 0-65535 (or -1). */
export function allowsAllPorts(p: Ports): boolean {
  const n = normaliseProtocol(p.IpProtocol);
  if (n === 'all' || n === 'other') return true;
  if (n !== 'tcp' && n !== 'udp') return false;
  if (!num(p.FromPort) || !num(p.ToPort)) return false;
  return (p.FromPort <= 0 || p.FromPort === -1) && (p.ToPort >= 65535 || p.ToPort === -1);
}

/** The port interval of a tcp/udp permission, or undefined (no ports: all protocols, ICMP, other). */
export function portInterval(p: Ports): [number, number] | undefined {
  const n = normaliseProtocol(p.IpProtocol);
  if ((n !== 'tcp' && n !== 'udp') || !num(p.FromPort) || !num(p.ToPort)) return undefined;
  if (p.FromPort === -1 && p.ToPort === -1) return [0, 65535];
  return [Math.max(0, p.FromPort), Math.min(65535, p.ToPort)];
}

/** "tcp 22", "udp 1000-2000", "all traffic", "icmp type 8", "icmp (all)", "protocol 50". */
export function describePermission(p: Ports): string {
  const n = normaliseProtocol(p.IpProtocol);
  if (n === 'all') return 'all traffic';
  if (n === 'other') return `protocol ${p.IpProtocol ?? '?'}`;
  if (n === 'icmp' || n === 'icmpv6') {
    if (!num(p.FromPort) || p.FromPort === -1) return `${n} (all types)`;
    return `${n} type ${p.FromPort}${num(p.ToPort) && p.ToPort !== -1 ? ` code ${p.ToPort}` : ''}`;
  }
  return `${n} ${portRangeText(p)}`;
}

/**
 * What an exposure finding is about, as its identity names it: the protocol and ports, then the source as
 * written ("tcp/22 0.0.0.0/0", "udp/1000-2000 ::/0", "all traffic pl-0abc", "icmp type 8 0.0.0.0/0").
 */
export function exposureSubject(p: Ports, source: Pick<Source, 'value'>): string {
  const n = normaliseProtocol(p.IpProtocol);
  const what = n === 'tcp' || n === 'udp' ? `${n}/${portRangeText(p)}` : describePermission(p);
  return `${what} ${source.value}`;
}

/** The port range as text for evidence: "22", "20-30", "all", or "" when there are no ports. */
export function portRangeText(p: Ports): string {
  const n = normaliseProtocol(p.IpProtocol);
  if (n === 'all' || n === 'other') return 'all';
  if (n === 'icmp' || n === 'icmpv6') return '';
  if (!num(p.FromPort) || !num(p.ToPort)) return '?';
  if (allowsAllPorts(p)) return '0-65535';
  return p.FromPort === p.ToPort ? `${p.FromPort}` : `${p.FromPort}-${p.ToPort}`;
}

/** A port or range from configuration: 22 or "1433-1434". */
export type PortSpec = number | string;

export function parsePortSpec(spec: PortSpec): [number, number] {
  if (typeof spec === 'number') return [spec, spec];
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(spec);
  if (!m) throw new Error(`invalid port or port range "${spec}"`);
  const from = Number(m[1]);
  return [from, m[2] === undefined ? from : Number(m[2])];
}

/** The configured ports (singletons or ranges) that fall in [from, to], as display strings. */
export function portsIn(interval: [number, number], specs: readonly PortSpec[]): string[] {
  const [from, to] = interval;
  const out: string[] = [];
  for (const spec of specs) {
    const [a, b] = parsePortSpec(spec);
    if (a <= to && from <= b) out.push(a === b ? `${a}` : `${a}-${b}`);
  }
  return out;
}

/** Is every port of [from, to] one of the configured ports? */
export function intervalWithin(interval: [number, number], specs: readonly PortSpec[]): boolean {
  for (let port = interval[0]; port <= interval[1]; port++) {
    if (!specs.some((s) => {
      const [a, b] = parsePortSpec(s);
      return a <= port && port <= b;
    }))
      return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// CIDRs
// ---------------------------------------------------------------------------------------------

export type CidrClass = 'world' | 'world-like' | 'public' | 'private' | 'invalid';

/** ipaddr.js ranges that are reachable from the internet besides plain `unicast`. */
const ROUTABLE = new Set(['unicast', 'as112', 'as112v6', '6to4', 'teredo', 'rfc6052', 'amt']);

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

function parseCidr(cidr: string): [Addr, number] | undefined {
  try {
    const [addr, bits] = ipaddr.parseCIDR(cidr.trim());
    // ::ffff:a.b.c.d/n is an IPv4 block.
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
    return [addr, bits];
  } catch {
    return undefined;
  }
}

function endpoints(addr: Addr, bits: number): [Addr, Addr] {
  const text = `${addr.toString()}/${bits}`;
  return addr.kind() === 'ipv4'
    ? [ipaddr.IPv4.networkAddressFromCIDR(text), ipaddr.IPv4.broadcastAddressFromCIDR(text)]
    : [ipaddr.IPv6.networkAddressFromCIDR(text), ipaddr.IPv6.broadcastAddressFromCIDR(text)];
}

/**
 * world: /0 (0.0.0.0/0, ::/0). private: the whole block lies in one non-routable range (RFC1918,
 * 100.64/10, 127/8, 169.254/16, fc00::/7, fe80::/10, documentation and reserved ranges...), checked
 * on both ends of the block with ipaddr.js range(). Everything else is public; public blocks of /8 or
 * wider (IPv4) or /16 or wider (IPv6) are world-like.
 */
export function classifyCidr(cidr: string | null | undefined): CidrClass {
  if (!cidr) return 'invalid';
  // Pure and costly (ipaddr.js parsing): an account repeats the same few CIDRs thousands of times.
  let c = cidrClasses.get(cidr);
  if (c === undefined) {
    if (cidrClasses.size >= 100_000) cidrClasses.clear();
    cidrClasses.set(cidr, (c = classifyCidrUncached(cidr)));
  }
  return c;
}
const cidrClasses = new Map<string, CidrClass>();

function classifyCidrUncached(cidr: string): CidrClass {
  const parsed = parseCidr(cidr);
  if (!parsed) return 'invalid';
  const [addr, bits] = parsed;
  if (bits === 0) return 'world';
  const [first, last] = endpoints(addr, bits);
  const r1 = first.range();
  const r2 = last.range();
  if (r1 === r2 && !ROUTABLE.has(r1)) return 'private';
  const wide = addr.kind() === 'ipv4' ? bits <= 8 : bits <= 16;
  return wide ? 'world-like' : 'public';
}

/** Is `inner` contained in `outer` (same address family)? */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a[0].kind() !== b[0].kind() || a[1] < b[1]) return false;
  return (a[0] as ipaddr.IPv4).match(b[0] as ipaddr.IPv4, b[1]);
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

export type SourceClass =
  | 'world'
  | 'world-like'
  | 'public'
  | 'private'
  | 'sg-ref'
  | 'aws-service:eic'
  | 'aws-service:cloudfront'
  /** Another AWS-managed prefix list (S3, DynamoDB, Route 53 health checks, ...). */
  | 'aws-service'
  /** A prefix list missing from the snapshot or without entries, or an unparsable CIDR. */
  | 'unresolved';

export interface Source {
  type: 'cidr' | 'prefix-list' | 'sg-ref';
  /** The CIDR, prefix-list id or group id as written in the permission. */
  value: string;
  class: SourceClass;
  /** For display: "0.0.0.0/0", "pl-0abc (corp-vpn)", "sg-0abc (account 210987654321)". */
  label: string;
  description?: string;
  prefixListName?: string;
  /** For a customer prefix list: the entries that decided its class. */
  entries?: string[];
  userId?: string;
  crossAccount?: boolean;
  vpcPeeringConnectionId?: string;
}

/** Ordered from most to least exposed: a customer prefix list takes its worst entry. */
const EXPOSURE_ORDER: SourceClass[] = ['world', 'world-like', 'public', 'private'];

export function isWorld(c: SourceClass): boolean {
  return c === 'world' || c === 'world-like';
}

export interface PrefixListInfo {
  PrefixListId: string;
  PrefixListName?: string | null;
  OwnerId?: string | null;
  Region?: string;
  Entries?: readonly { Cidr?: string | null }[] | null;
}

const EIC_LIST = /^com\.amazonaws\.[a-z0-9-]+(\.ipv6)?\.ec2-instance-connect$/;
const CLOUDFRONT_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

/** Classifies a managed prefix list: AWS-managed service lists by name, customer lists by entries. */
export function classifyPrefixList(id: string, list: PrefixListInfo | undefined): Source {
  const name = list?.PrefixListName || undefined;
  const label = name ? `${id} (${name})` : id;
  const base = { type: 'prefix-list' as const, value: id, label, ...(name ? { prefixListName: name } : {}) };
  if (name && EIC_LIST.test(name)) return { ...base, class: 'aws-service:eic' };
  if (name === CLOUDFRONT_LIST) return { ...base, class: 'aws-service:cloudfront' };
  if (list?.OwnerId === 'AWS') return { ...base, class: 'aws-service' };
  if (!list || !list.Entries) return { ...base, class: 'unresolved' };
  const cidrs = list.Entries.flatMap((e) => (e.Cidr ? [e.Cidr] : []));
  const classes = cidrs.map(classifyCidr);
  if (classes.includes('invalid')) return { ...base, class: 'unresolved', entries: cidrs };
  const worst = EXPOSURE_ORDER.find((c) => classes.includes(c as CidrClass)) ?? 'private';
  return { ...base, class: worst, entries: cidrs.filter((_c, i) => classes[i] === worst) };
}

export function prefixListIndex(lists: readonly PrefixListInfo[]): Map<string, PrefixListInfo> {
  return new Map(lists.map((l) => [l.PrefixListId, l]));
}

/**
 * Every source of one permission, classified: IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs.
 * `ownerId` is the group's account, to tell cross-account references.
 */
export function permissionSources(
  perm: IpPermission,
  prefixLists: ReadonlyMap<string, PrefixListInfo>,
  ownerId?: string | null,
): Source[] {
  const out: Source[] = [];
  const desc = (d: string | null | undefined) => (d ? { description: d } : {});
  for (const r of [...(perm.IpRanges ?? []).map((x) => ({ cidr: x.CidrIp, d: x.Description })),
    ...(perm.Ipv6Ranges ?? []).map((x) => ({ cidr: x.CidrIpv6, d: x.Description }))]) {
    if (!r.cidr) continue;
    const c = classifyCidr(r.cidr);
    out.push({ type: 'cidr', value: r.cidr, label: r.cidr, class: c === 'invalid' ? 'unresolved' : c, ...desc(r.d) });
  }
  for (const pl of perm.PrefixListIds ?? []) {
    if (!pl.PrefixListId) continue;
    out.push({ ...classifyPrefixList(pl.PrefixListId, prefixLists.get(pl.PrefixListId)), ...desc(pl.Description) });
  }
  for (const g of perm.UserIdGroupPairs ?? []) {
    const id = g.GroupId || g.VpcPeeringConnectionId || '?';
    const crossAccount = !!g.UserId && !!ownerId && g.UserId !== ownerId;
    const notes = [crossAccount ? `account ${g.UserId}` : '', g.VpcPeeringConnectionId ? `via ${g.VpcPeeringConnectionId}` : '']
      .filter(Boolean)
      .join(', ');
    out.push({
      type: 'sg-ref',
      value: id,
      label: notes ? `${id} (${notes})` : id,
      class: 'sg-ref',
      ...(g.UserId ? { userId: g.UserId } : {}),
      ...(crossAccount ? { crossAccount } : {}),
      ...(g.VpcPeeringConnectionId ? { vpcPeeringConnectionId: g.VpcPeeringConnectionId } : {}),
      ...desc(g.Description),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------------------------

export interface EniInfo {
  NetworkInterfaceId: string;
  InterfaceType?: string | null;
  RequesterManaged?: boolean | null;
  Description?: string | null;
  Region?: string;
  Attachment?: { InstanceId?: string | null; InstanceOwnerId?: string | null } | null;
  Groups?: readonly { GroupId?: string | null }[] | null;
}

/**
 * What sits behind an ENI, judged from its raw InterfaceType (the API's own strings, SDK enum spellings included):
 * - instance: attached to an EC2 instance.
 * - load-balancer: ALB/CLB nodes (InstanceOwnerId amazon-elb), NLB, GWLB: they forward listener ports only.
 * - aws-service: an AWS-managed endpoint where nothing of the customer's listens or runs a shell
 *   (SERVICE_INTERFACE_TYPES, each with its reason).
 * - compute: anything else. `interface`, `trunk`, `branch` and `efa` ENIs without an instance are
 *   hosts that can run a shell or serve ports: Fargate and ECS tasks (requester-managed `interface`),
 *   EKS pods with their own security groups (`branch`), RDS and other requester-managed interfaces,
 *   an unattached ENI that can be attached at any time. A type this list does not know is compute too,
 *   so a new one is judged rather than excused.
 * RequesterManaged alone says nothing: a Fargate task ENI is requester-managed (Prowler likewise exempts
 * only amazon-elb, vpc_endpoint and api_gateway_managed).
 */
export type EniRole = 'instance' | 'load-balancer' | 'aws-service' | 'compute';

/** InterfaceType values of load balancer nodes (ALB and CLB nodes are `interface` ENIs owned by amazon-elb). */
const LOAD_BALANCER_INTERFACE_TYPES = new Set(['network_load_balancer', 'gateway_load_balancer', 'load_balancer']);

/** InterfaceType values (raw API strings) of AWS-managed endpoints that run no customer code or shell, and why. */
const SERVICE_INTERFACE_TYPES: ReadonlyMap<string, string> = new Map([
  ['vpc_endpoint', 'an interface endpoint: only the AWS service API answers'],
  ['gateway_load_balancer_endpoint', 'forwards traffic to a Gateway Load Balancer; nothing listens on it'],
  ['api_gateway_managed', 'an API Gateway VPC link: forwards to its integration'],
  ['nat_gateway', 'a NAT gateway accepts no inbound connections, only return traffic'],
  ['natGateway', 'the SDK enum spelling of nat_gateway'],
  ['efs', 'an EFS mount target: only NFS answers'],
  ['lambda', 'a Lambda (Hyperplane) ENI: functions accept no inbound connections through it'],
  ['transit_gateway', 'a transit gateway attachment: routes traffic, nothing listens'],
  ['quicksight', 'a QuickSight VPC connection: outbound to data sources'],
  ['global_accelerator_managed', 'Global Accelerator: forwards to endpoints whose own groups are judged'],
  ['iot_rules_managed', 'an IoT rules VPC destination: outbound only'],
  ['aws_codestar_connections_managed', 'a CodeStar connection: outbound to the Git provider'],
  ['ec2_instance_connect_endpoint', 'an EC2 Instance Connect endpoint: reached through the EIC API, opens connections out'],
]);

export function eniRole(eni: EniInfo): EniRole {
  const type = eni.InterfaceType ?? '';
  if (eni.Attachment?.InstanceOwnerId === 'amazon-elb' || LOAD_BALANCER_INTERFACE_TYPES.has(type)) return 'load-balancer';
  if (eni.Attachment?.InstanceId) return 'instance';
  if (SERVICE_INTERFACE_TYPES.has(type)) return 'aws-service';
  return 'compute';
}

export interface GroupAttachment {
  enis: EniInfo[];
  /** No ENI uses the group: nothing is exposed today. */
  latent: boolean;
  instanceIds: string[];
  roles: Set<EniRole>;
  /** Every ENI is a load balancer or an AWS-managed endpoint: no instance, task or other host is reached directly. */
  onlyManagedNonInstance: boolean;
  /** "attached to i-0123, i-0456", "attached to 2 load-balancer ENIs (eni-...)", "not attached ..." */
  summary: string;
}

export function attachmentIndex(enis: readonly EniInfo[]): ReadonlyMap<string, EniInfo[]> {
  // Built once per ENI list: both security-group rules use it.
  return memoFor(enis, 'attachmentIndex', buildAttachmentIndex);
}

function buildAttachmentIndex(enis: readonly EniInfo[]): Map<string, EniInfo[]> {
  const index = new Map<string, EniInfo[]>();
  for (const eni of enis)
    for (const g of eni.Groups ?? []) {
      if (!g.GroupId) continue;
      const key = `${eni.Region ?? ''}|${g.GroupId}`;
      const list = index.get(key);
      if (list) list.push(eni);
      else index.set(key, [eni]);
    }
  return index;
}

function listSome(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function groupAttachment(
  group: { GroupId: string; Region?: string },
  index: ReadonlyMap<string, EniInfo[]>,
): GroupAttachment {
  const enis = index.get(`${group.Region ?? ''}|${group.GroupId}`) ?? [];
  const roles = new Set(enis.map(eniRole));
  const instanceIds = [...new Set(enis.flatMap((e) => (eniRole(e) === 'instance' ? [e.Attachment!.InstanceId!] : [])))];
  const onlyManagedNonInstance =
    enis.length > 0 && [...roles].every((r) => r === 'load-balancer' || r === 'aws-service');
  let summary: string;
  if (enis.length === 0) summary = 'not attached to any network interface';
  else {
    const parts: string[] = [];
    if (instanceIds.length) parts.push(listSome(instanceIds));
    const others = enis.filter((e) => eniRole(e) !== 'instance');
    if (others.length) {
      const label = (e: EniInfo) => {
        const role = eniRole(e);
        if (role === 'load-balancer') return 'load-balancer';
        const type = e.InterfaceType || 'interface';
        // A requester-managed host (a Fargate or ECS task, RDS): say so, it is not an unattached spare.
        return role === 'compute' && e.RequesterManaged ? `requester-managed ${type}` : type;
      };
      const types = [...new Set(others.map(label))];
      parts.push(`${others.length} ${types.join('/')} ENI${others.length > 1 ? 's' : ''} (${listSome(others.map((e) => e.NetworkInterfaceId), 2)})`);
    }
    summary = `attached to ${parts.join(' and ')}`;
  }
  return { enis, latent: enis.length === 0, instanceIds, roles, onlyManagedNonInstance, summary };
}

// ---------------------------------------------------------------------------------------------
// Remediation
// ---------------------------------------------------------------------------------------------

/**
 * An `aws ec2 revoke-security-group-ingress` command that removes exactly one source of one
 * permission (no security-group-rule id needed).
 */
export function revokeIngressCommand(
  group: { GroupId: string; Region?: string },
  perm: IpPermission,
  source: Source,
): string {
  const parts = [`IpProtocol=${perm.IpProtocol ?? '-1'}`];
  if (num(perm.FromPort) && num(perm.ToPort) && normaliseProtocol(perm.IpProtocol) !== 'all')
    parts.push(`FromPort=${perm.FromPort}`, `ToPort=${perm.ToPort}`);
  if (source.type === 'cidr')
    parts.push(source.value.includes(':') ? `Ipv6Ranges=[{CidrIpv6=${source.value}}]` : `IpRanges=[{CidrIp=${source.value}}]`);
  else if (source.type === 'prefix-list') parts.push(`PrefixListIds=[{PrefixListId=${source.value}}]`);
  else {
    const pair = source.value.startsWith('sg-') ? [`GroupId=${source.value}`] : [];
    if (source.userId) pair.push(`UserId=${source.userId}`);
    if (source.vpcPeeringConnectionId) pair.push(`VpcPeeringConnectionId=${source.vpcPeeringConnectionId}`);
    parts.push(`UserIdGroupPairs=[{${pair.join(',')}}]`);
  }
  const region = group.Region ? ` --region ${group.Region}` : '';
  return `aws ec2 revoke-security-group-ingress${region} --group-id ${group.GroupId} --ip-permissions '${parts.join(',')}'`;
}
