import ipaddr from 'ipaddr.js';

/**
 * Route 53 record helpers shared by route53-alias-over-cname and elasticache-use-config-endpoint:
 * record names as DNS names, CNAME targets, and which AWS
 * endpoints an ALIAS record could point at instead (Route 53 DG, "Values for alias records").
 */

export interface RecordLike {
  Name: string;
  Type: string;
  ZoneName: string;
  PrivateZone: boolean;
  HostedZoneId: string;
  SetIdentifier?: string | null;
  ResourceRecords?: { Value?: string | null }[] | null;
  AliasTarget?: { DNSName?: string | null; HostedZoneId?: string | null } | null;
}

/** A host name for comparison: lower case, no trailing dot, surrounding blanks removed. */
export function normalizeHost(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

/** Route 53 returns some characters of record names as octal escapes (`\052` is `*`). */
export function decodeRecordName(name: string): string {
  return normalizeHost(name.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))));
}

/** The host a plain (non-alias) CNAME points at, normalized; undefined for anything else. */
export function cnameTarget(r: RecordLike): string | undefined {
  if (r.Type !== 'CNAME' || r.AliasTarget) return undefined;
  const value = r.ResourceRecords?.[0]?.Value;
  return value && value.trim() !== '' ? normalizeHost(value) : undefined;
}

/** Whether the record sits at its zone's apex, where a CNAME is not allowed and only ALIAS can point at AWS names. */
export function isApex(r: RecordLike): boolean {
  return decodeRecordName(r.Name) === decodeRecordName(r.ZoneName);
}

/** Does a CloudFront alternate domain name (possibly `*.example.com`) cover this host? */
export function domainMatches(pattern: string, host: string): boolean {
  const p = normalizeHost(pattern);
  if (!p.startsWith('*.')) return p === host;
  const rest = host.slice(host.indexOf('.') + 1);
  return host.includes('.') && rest === p.slice(2);
}

export type AwsTargetKind =
  | 'elb'
  | 'nlb'
  | 'cloudfront'
  | 's3-website'
  | 's3-rest'
  | 'api-gateway'
  | 'elastic-beanstalk'
  | 'elastic-beanstalk-legacy'
  | 'global-accelerator'
  | 'vpc-endpoint';

export interface AwsTarget {
  kind: AwsTargetKind;
  /** Human name of the target type. */
  label: string;
  /** Whether Route 53 can make this an ALIAS target at all. */
  aliasable: boolean;
  /** S3 website / REST: the bucket name in the host. */
  bucket?: string;
}

const AWS = String.raw`\.amazonaws\.com(?:\.cn)?$`;
const REGION = String.raw`[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d`;

/** In order: the first match wins (NLB names also end in .amazonaws.com). */
const TARGETS: { re: RegExp; kind: AwsTargetKind; label: string; aliasable: boolean }[] = [
  { re: new RegExp(String.raw`\.elb${AWS}`), kind: 'elb', label: 'Classic/Application Load Balancer', aliasable: true },
  { re: new RegExp(String.raw`\.elb\.[a-z0-9-]+${AWS}`), kind: 'nlb', label: 'Network Load Balancer', aliasable: true },
  { re: /\.cloudfront\.(?:net|cn)$/, kind: 'cloudfront', label: 'CloudFront distribution', aliasable: true },
  { re: new RegExp(String.raw`^(.+)\.s3-website[.-][a-z0-9-]+${AWS}`), kind: 's3-website', label: 'S3 website endpoint', aliasable: true },
  {
    re: new RegExp(String.raw`^(.+)\.s3(?:[.-](?:dualstack|${REGION}|external-1))*${AWS}`),
    kind: 's3-rest',
    label: 'S3 REST endpoint',
    aliasable: false,
  },
  { re: new RegExp(String.raw`^d-[a-z0-9]+\.execute-api\.[a-z0-9-]+${AWS}`), kind: 'api-gateway', label: 'API Gateway regional custom domain', aliasable: true },
  { re: new RegExp(String.raw`^[a-z0-9-]+(?:\.[a-z0-9-]+)?\.${REGION}\.elasticbeanstalk\.com$`), kind: 'elastic-beanstalk', label: 'Elastic Beanstalk environment', aliasable: true },
  { re: /^[a-z0-9-]+\.elasticbeanstalk\.com$/, kind: 'elastic-beanstalk-legacy', label: 'Elastic Beanstalk environment (legacy, no region in the name)', aliasable: false },
  { re: /\.awsglobalaccelerator\.com$/, kind: 'global-accelerator', label: 'Global Accelerator', aliasable: true },
  { re: new RegExp(String.raw`\.vpce${AWS}`), kind: 'vpc-endpoint', label: 'VPC interface endpoint', aliasable: true },
];

/** Which AWS endpoint a host name belongs to, if any the alias question concerns. */
export function classifyAwsTarget(host: string): AwsTarget | undefined {
  const h = normalizeHost(host);
  for (const t of TARGETS) {
    const m = t.re.exec(h);
    if (!m) continue;
    const out: AwsTarget = { kind: t.kind, label: t.label, aliasable: t.aliasable };
    if (t.kind === 's3-website' || t.kind === 's3-rest') out.bucket = m[1];
    return out;
  }
  return undefined;
}

export interface EniLike {
  NetworkInterfaceId: string;
  Region: string;
  InterfaceType?: string | null;
  Description?: string | null;
  RequesterManaged?: boolean | null;
  Attachment?: { InstanceOwnerId?: string | null } | null;
  PrivateIpAddress?: string | null;
  PrivateIpAddresses?: { PrivateIpAddress?: string | null; Association?: { PublicIp?: string | null; AllocationId?: string | null } | null }[] | null;
  Association?: { PublicIp?: string | null; AllocationId?: string | null } | null;
  Ipv6Addresses?: { Ipv6Address?: string | null }[] | null;
}

export interface LbAddress {
  /** "application" | "network" | "classic" */
  type: 'application' | 'network' | 'classic';
  name: string;
  region: string;
  networkInterfaceId: string;
  /** NLB addresses and Elastic IPs stay put; ALB and Classic node addresses change as the load balancer scales. */
  stable: boolean;
}

/** An IP address in canonical form (IPv6 compressed, lower case), or undefined if it is not one. */
export function canonicalIp(value: string): string | undefined {
  const v = value.trim();
  if (!ipaddr.isValid(v)) return undefined;
  const addr = ipaddr.parse(v);
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

/**
 * Every address of every load balancer node, from the ELB-managed network interfaces
 * (description "ELB app/<name>/<id>", "ELB net/<name>/<id>" or "ELB <classic name>").
 */
export function loadBalancerAddresses(enis: readonly EniLike[]): Map<string, LbAddress> {
  const out = new Map<string, LbAddress>();
  for (const n of enis) {
    const m = /^ELB (?:(app|net)\/)?([^/\s]+)/.exec(n.Description ?? '');
    const managed = n.RequesterManaged === true || n.Attachment?.InstanceOwnerId === 'amazon-elb' || n.InterfaceType === 'network_load_balancer';
    if (!m || !managed) continue;
    const type = m[1] === 'app' ? 'application' : m[1] === 'net' ? 'network' : 'classic';
    const base = { type, name: m[2]!, region: n.Region, networkInterfaceId: n.NetworkInterfaceId } as const;
    const add = (ip: string | null | undefined, eip = false) => {
      const c = ip ? canonicalIp(ip) : undefined;
      if (c) out.set(c, { ...base, stable: type === 'network' || eip });
    };
    add(n.PrivateIpAddress);
    add(n.Association?.PublicIp, !!n.Association?.AllocationId);
    for (const p of n.PrivateIpAddresses ?? []) {
      add(p.PrivateIpAddress);
      add(p.Association?.PublicIp, !!p.Association?.AllocationId);
    }
    for (const v6 of n.Ipv6Addresses ?? []) add(v6.Ipv6Address);
  }
  return out;
}
