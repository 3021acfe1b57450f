/**
 * ElastiCache endpoints (for elasticache-use-config-endpoint): which addresses name a single
 * node, and which endpoint a client should use instead (configuration endpoint for Memcached and
 * cluster-mode-enabled Redis/Valkey, primary/reader endpoint for cluster-mode-disabled groups).
 */
import { normalizeHost } from './route53.js';

type Endpoint = { Address?: string | null } | null | undefined;

export interface CacheClusterLike {
  Region: string;
  Arn: string;
  CacheClusterId: string;
  Engine?: string | null;
  NumCacheNodes?: number | null;
  ReplicationGroupId?: string | null;
  ConfigurationEndpoint?: Endpoint;
  CacheNodes?: { CacheNodeId?: string | null; Endpoint?: Endpoint }[] | null;
}

export interface ReplicationGroupLike {
  Region: string;
  Arn: string;
  ReplicationGroupId: string;
  ClusterEnabled?: boolean | null;
  ConfigurationEndpoint?: Endpoint;
  NodeGroups?:
    | {
        NodeGroupId?: string | null;
        PrimaryEndpoint?: Endpoint;
        ReaderEndpoint?: Endpoint;
        NodeGroupMembers?: { CacheClusterId?: string | null; ReadEndpoint?: Endpoint; CurrentRole?: string | null }[] | null;
      }[]
    | null;
}

export interface NodeAddress {
  /** The Memcached cluster or replication group the node belongs to. */
  owner: { Region: string; Arn: string; id: string; kind: 'memcached' | 'replication-group' };
  /** What the address names: one node, or one shard of a cluster-mode-enabled group. */
  what: 'node' | 'replica node' | 'shard endpoint';
  /** The endpoint a client should use instead. */
  preferred: string;
}

const addr = (e: Endpoint) => (e?.Address && e.Address.trim() !== '' ? normalizeHost(e.Address) : undefined);
const isMemcached = (c: CacheClusterLike) => (c.Engine ?? '').toLowerCase() === 'memcached';

/** The endpoint clients of a replication group should use (writes; reads may use the reader endpoint). */
export function groupEndpoint(g: ReplicationGroupLike, forReads = false): string | undefined {
  if (g.ClusterEnabled) return addr(g.ConfigurationEndpoint);
  const ng = g.NodeGroups?.[0];
  return (forReads ? addr(ng?.ReaderEndpoint) : undefined) ?? addr(ng?.PrimaryEndpoint) ?? addr(g.ConfigurationEndpoint);
}

/**
 * Node-level addresses of the account's caches. A standalone Redis/Valkey node (no replication
 * group) is left out: its node endpoint is the only endpoint it has.
 */
export function nodeAddresses(clusters: readonly CacheClusterLike[], groups: readonly ReplicationGroupLike[]): Map<string, NodeAddress> {
  const out = new Map<string, NodeAddress>();
  const groupsById = new Map(groups.map((g) => [`${g.Region}|${g.ReplicationGroupId}`, g]));
  const groupOwner = (g: ReplicationGroupLike) => ({ Region: g.Region, Arn: g.Arn, id: g.ReplicationGroupId, kind: 'replication-group' as const });
  for (const c of clusters) {
    if (isMemcached(c)) {
      const owner = { Region: c.Region, Arn: c.Arn, id: c.CacheClusterId, kind: 'memcached' as const };
      const preferred = addr(c.ConfigurationEndpoint) ?? `${c.CacheClusterId} configuration endpoint`;
      for (const n of c.CacheNodes ?? []) {
        const a = addr(n.Endpoint);
        if (a) out.set(a, { owner, what: 'node', preferred });
      }
      continue;
    }
    const g = c.ReplicationGroupId ? groupsById.get(`${c.Region}|${c.ReplicationGroupId}`) : undefined;
    if (!g) continue;
    for (const n of c.CacheNodes ?? []) {
      const a = addr(n.Endpoint);
      if (a) out.set(a, { owner: groupOwner(g), what: 'node', preferred: groupEndpoint(g) ?? g.ReplicationGroupId });
    }
  }
  for (const g of groups) {
    const owner = groupOwner(g);
    for (const ng of g.NodeGroups ?? []) {
      for (const m of ng.NodeGroupMembers ?? []) {
        const a = addr(m.ReadEndpoint);
        const replica = (m.CurrentRole ?? '').toLowerCase() === 'replica';
        if (a) out.set(a, { owner, what: replica ? 'replica node' : 'node', preferred: groupEndpoint(g, replica) ?? g.ReplicationGroupId });
      }
      if (g.ClusterEnabled)
        for (const e of [ng.PrimaryEndpoint, ng.ReaderEndpoint]) {
          const a = addr(e);
          if (a) out.set(a, { owner, what: 'shard endpoint', preferred: groupEndpoint(g) ?? g.ReplicationGroupId });
        }
    }
  }
  return out;
}

/**
 * Endpoints a client should use: Memcached and cluster configuration endpoints, primary and reader
 * endpoints, and the node endpoint of a standalone Redis/Valkey node (no replication group), which
 * is the only endpoint such a node has.
 */
export function preferredAddresses(clusters: readonly CacheClusterLike[], groups: readonly ReplicationGroupLike[]): Set<string> {
  const all: (string | undefined)[] = [];
  for (const c of clusters) {
    if (isMemcached(c)) all.push(addr(c.ConfigurationEndpoint));
    else if (!c.ReplicationGroupId) for (const n of c.CacheNodes ?? []) all.push(addr(n.Endpoint));
  }
  for (const g of groups) {
    all.push(addr(g.ConfigurationEndpoint));
    if (!g.ClusterEnabled) for (const ng of g.NodeGroups ?? []) all.push(addr(ng.PrimaryEndpoint), addr(ng.ReaderEndpoint));
  }
  return new Set(all.filter((a): a is string => a !== undefined));
}

const CACHE = String.raw`\.cache\.amazonaws\.com(?:\.cn)?$`;
/**
 * Node endpoint shapes, for caches this snapshot does not hold (another region or account, or
 * deleted): `<id>.<hash>.<NNNN>.<region>` (Memcached, standalone and cluster-mode-disabled nodes;
 * node ids run past 0009) and the TLS form `<group>-<NNN>[-<NNN>].<group>.<hash>.<region>`.
 */
const NODE_PATTERNS = [
  new RegExp(String.raw`^[a-z0-9-]+\.[a-z0-9]+\.\d{4}\.[a-z0-9]+${CACHE}`),
  new RegExp(String.raw`^[a-z0-9-]+-\d{3,4}(?:-\d{3})?\.[a-z0-9-]+\.[a-z0-9]+\.[a-z0-9]+${CACHE}`),
];

export function looksLikeNodeEndpoint(host: string): boolean {
  const h = normalizeHost(host);
  return NODE_PATTERNS.some((re) => re.test(h));
}
