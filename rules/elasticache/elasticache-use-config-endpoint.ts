import { z } from 'zod';
import { looksLikeNodeEndpoint, nodeAddresses, preferredAddresses, type NodeAddress } from '../../src/aws-model/elasticache.js';
import { cnameTarget, decodeRecordName } from '../../src/aws-model/route53.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'elasticache-use-config-endpoint',
  section: 'elasticache',
  tip: 'Use the configuration endpoints, instead of individual node endpoints.',
  title: 'Clients reach ElastiCache through configuration (or primary/reader) endpoints, not node endpoints',
  kind: 'heuristic',
  severity: 'low',
  needs: ['elasticache.cacheClusters', 'elasticache.replicationGroups', 'route53.recordSets'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A node endpoint names one machine: when nodes are added, replaced or fail over, a client pinned to it misses ' +
      'the change. The Memcached configuration endpoint (with an auto-discovery client) follows the node list; for ' +
      'Redis OSS/Valkey the cluster configuration endpoint (cluster mode) or the primary/reader endpoints follow ' +
      'failovers.',
    checks:
      'Which endpoint an application uses is not visible in AWS APIs; the rule looks at the DNS the account controls. ' +
      'A Route 53 CNAME pointing at a node endpoint (any Memcached node, any node of a replication group, or a shard ' +
      'endpoint of a cluster-mode-enabled group) is WARN on the record. A CNAME to something shaped like a node ' +
      'endpoint that this snapshot does not hold (another region or account, or a deleted cache) is INFO. Memcached ' +
      'clusters with more than one node get an INFO reminder to use the configuration endpoint; replication groups ' +
      'and single-node Memcached clusters with no record at their nodes pass. Standalone Redis/Valkey nodes have no ' +
      'other endpoint: a record at one passes, like a record at a configuration, primary or reader endpoint.',
    remediation:
      'Point the CNAMEs (and application settings) at the configuration endpoint, or the primary endpoint for writes ' +
      'and reader endpoint for reads of a cluster-mode-disabled group; use an auto-discovery client for Memcached ' +
      '(ElastiCache Cluster Client) and a cluster-aware client for cluster mode.',
    outdated:
      'Still valid, and wider than in 2014: it applies to Redis OSS/Valkey cluster mode and primary/reader endpoints ' +
      'too. ElastiCache Serverless exposes a single endpoint, which removes the problem.',
    links: [
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Endpoints.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.html',
    ],
  },
  messages: {
    nodeEndpoint:
      '{{name}} points at a single {{what}} of {{cache}} ({{target}}): when nodes change or fail over, its clients do not follow; point it at {{preferred}}',
    preferredEndpoint: '{{name}} points at the endpoint clients should use ({{target}})',
    unknownNodeEndpoint:
      '{{name}} points at {{target}}, shaped like a single node endpoint of a cache not in this snapshot (another region or account, or deleted)',
    memcachedNodes:
      '{{name}} has {{nodes}} Memcached nodes: clients should use the configuration endpoint{{endpoint}} with an auto-discovery client, not a node list',
    clusterNotPinned: '{{name}}: no DNS record of this account points at its node',
    groupNotPinned: '{{name}}: no DNS record of this account points at one of its nodes',
  },
  *check({ elasticache, route53 }, { incomplete }) {
    const nodes = nodeAddresses(elasticache.cacheClusters, elasticache.replicationGroups);
    const preferred = preferredAddresses(elasticache.cacheClusters, elasticache.replicationGroups);
    const pinned = new Set<string>();
    for (const r of route53.recordSets) {
      const target = cnameTarget(r);
      if (!target || !target.includes('.cache.amazonaws.com')) continue;
      const name = decodeRecordName(r.Name);
      const node: NodeAddress | undefined = nodes.get(target);
      const evidence = { name, target, zone: r.ZoneName };
      if (node) {
        pinned.add(node.owner.Arn);
        yield warn(r, 'nodeEndpoint', { name, what: node.what, cache: node.owner.id, target, preferred: node.preferred }, {
          evidence: { ...evidence, cache: node.owner.id, preferred: node.preferred },
        });
      } else if (preferred.has(target)) {
        yield pass(r, 'preferredEndpoint', { name, target }, { evidence });
      } else if (looksLikeNodeEndpoint(target)) {
        yield info(r, 'unknownNodeEndpoint', { name, target }, { evidence });
      }
    }
    // "No record points at it" rests on every zone's records: with one zone unread (its error finding says which),
    // the caches no record was seen for get no verdict.
    if (incomplete('route53.recordSets')) return;
    for (const c of elasticache.cacheClusters) {
      if ((c.Engine ?? '').toLowerCase() !== 'memcached' || pinned.has(c.Arn)) continue;
      const cfg = c.ConfigurationEndpoint?.Address;
      const evidence = { engine: c.Engine, nodes: c.NumCacheNodes ?? null, configurationEndpoint: cfg ?? null };
      if ((c.NumCacheNodes ?? 0) > 1)
        yield info(c, 'memcachedNodes', { name: c.CacheClusterId, nodes: c.NumCacheNodes, endpoint: cfg ? ` ${cfg}` : '' }, { evidence });
      else yield pass(c, 'clusterNotPinned', { name: c.CacheClusterId }, { evidence });
    }
    for (const g of elasticache.replicationGroups)
      if (!pinned.has(g.Arn))
        yield pass(g, 'groupNotPinned', { name: g.ReplicationGroupId }, { evidence: { clusterEnabled: g.ClusterEnabled ?? null } });
  },
});
