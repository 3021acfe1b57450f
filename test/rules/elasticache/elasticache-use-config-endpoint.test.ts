import rule from '../../../rules/elasticache/elasticache-use-config-endpoint.js';
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/engine/evaluate.js';
import { buildSnapshot, RuleTester } from '../../rule-tester.js';

const memcached = (id: string, nodes: string[], extra: Record<string, unknown> = {}) => ({
  CacheClusterId: id,
  Engine: 'memcached',
  NumCacheNodes: nodes.length,
  ConfigurationEndpoint: { Address: `${id}.abc123.cfg.use1.cache.amazonaws.com`, Port: 11211 },
  CacheNodes: nodes.map((n) => ({ CacheNodeId: n, Endpoint: { Address: `${id}.abc123.${n}.use1.cache.amazonaws.com`, Port: 11211 } })),
  Arn: `arn:aws:elasticache:us-east-1:123456789012:cluster:${id}`,
  ...extra,
});
const orders = {
  ReplicationGroupId: 'orders',
  ClusterEnabled: false,
  MultiAZ: 'enabled',
  AutomaticFailover: 'enabled',
  Arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders',
  NodeGroups: [
    {
      NodeGroupId: '0001',
      PrimaryEndpoint: { Address: 'orders.abc123.ng.0001.use1.cache.amazonaws.com' },
      ReaderEndpoint: { Address: 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com' },
      NodeGroupMembers: [
        { CacheClusterId: 'orders-001', CacheNodeId: '0001', ReadEndpoint: { Address: 'orders-001.abc123.0001.use1.cache.amazonaws.com' }, CurrentRole: 'primary' },
        { CacheClusterId: 'orders-002', CacheNodeId: '0001', ReadEndpoint: { Address: 'orders-002.abc123.0001.use1.cache.amazonaws.com' }, CurrentRole: 'replica' },
      ],
    },
  ],
};
const carts = {
  ReplicationGroupId: 'carts',
  ClusterEnabled: true,
  Arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:carts',
  ConfigurationEndpoint: { Address: 'clustercfg.carts.abc123.use1.cache.amazonaws.com', Port: 6379 },
  NodeGroups: [
    { NodeGroupId: '0001', NodeGroupMembers: [{ CacheClusterId: 'carts-0001-001', ReadEndpoint: { Address: 'carts-0001-001.carts.abc123.use1.cache.amazonaws.com' } }] },
    { NodeGroupId: '0002', PrimaryEndpoint: { Address: 'carts-0002.carts.abc123.use1.cache.amazonaws.com' }, NodeGroupMembers: [] },
  ],
};
const cname = (name: string, target: string) => ({
  Name: name,
  Type: 'CNAME',
  TTL: 60,
  HostedZoneId: 'ZPRIV',
  ZoneName: 'corp.internal.',
  PrivateZone: true,
  ResourceRecords: [{ Value: target }],
  Region: 'global',
  Arn: `arn:aws:route53:::hostedzone/ZPRIV/recordset/${name}/CNAME`,
});
const snap = (cacheClusters: unknown[], replicationGroups: unknown[], recordSets: unknown[]) => ({
  elasticache: { cacheClusters, replicationGroups },
  route53: { recordSets },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'records at configuration, primary and reader endpoints pass; groups pass',
      snapshot: snap([memcached('sessions', ['0001'])], [orders, carts], [
        cname('sessions.corp.internal.', 'sessions.abc123.cfg.use1.cache.amazonaws.com.'),
        cname('orders.corp.internal.', 'orders.abc123.ng.0001.use1.cache.amazonaws.com'),
        cname('orders-ro.corp.internal.', 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com'),
        cname('carts.corp.internal.', 'clustercfg.carts.abc123.use1.cache.amazonaws.com'),
        cname('web.corp.internal.', 'internal-web-1.us-east-1.elb.amazonaws.com'),
      ]),
    },
    {
      name: 'a standalone Redis node has no other endpoint: a record at it is fine',
      snapshot: snap(
        [{ CacheClusterId: 'solo', Engine: 'redis', NumCacheNodes: 1, CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'solo.abc123.0001.use1.cache.amazonaws.com' } }], Arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:solo' }],
        [],
        [cname('solo.corp.internal.', 'solo.abc123.0001.use1.cache.amazonaws.com')],
      ),
      // The record passes; an INFO saying the cache is not in this snapshot would be wrong.
      allow: ['pass'],
    },
    {
      name: 'a multi-node Memcached cluster nobody pins gets the auto-discovery reminder (INFO)',
      notApplicable: true,
      snapshot: snap([memcached('sessions', ['0001', '0002', '0003'])], [], []),
    },
  ],
  invalid: [
    {
      name: 'one hosted zone whose records could not be read: no cache passes "no record points at it", the error says which zone',
      snapshot: {
        ...snap([memcached('single', ['0001'])], [orders], []),
        route53: {
          recordSets: [],
          errors: [{ dataset: 'route53.recordSets', service: 'route53', region: 'global', operation: 'route53:ListResourceRecordSets', code: 'AccessDenied', message: 'denied', resource: 'arn:aws:route53:::hostedzone/ZPRIV' }],
        },
      },
      findings: [{ status: 'error', resource: 'arn:aws:route53:::hostedzone/ZPRIV', message: /ListResourceRecordSets failed/ }],
    },
    {
      name: 'CNAME to a Memcached node past 0009 warns on the record, naming the configuration endpoint',
      snapshot: snap([memcached('sessions', ['0001', '0002', '0010', '0011', '0012'])], [orders], [cname('cache.corp.internal.', 'Sessions.abc123.0012.use1.cache.amazonaws.com.')]),
      findings: [
        {
          status: 'warn',
          severity: 'low',
          resource: 'cache.corp.internal.',
          message: /cache\.corp\.internal points at a single node of sessions .*point it at sessions\.abc123\.cfg\.use1\.cache\.amazonaws\.com/,
          evidence: { cache: 'sessions', target: 'sessions.abc123.0012.use1.cache.amazonaws.com' },
        },
      ],
      passes: ['orders'],
    },
    {
      name: 'cluster mode disabled: a record at the replica node should use the reader endpoint; at the primary node, the primary endpoint',
      snapshot: snap([], [orders], [
        cname('reads.corp.internal.', 'orders-002.abc123.0001.use1.cache.amazonaws.com'),
        cname('writes.corp.internal.', 'orders-001.abc123.0001.use1.cache.amazonaws.com'),
      ]),
      findings: [
        { status: 'warn', resource: 'reads.corp.internal.', message: 'single replica node of orders', evidence: { preferred: 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com' } },
        { status: 'warn', resource: 'writes.corp.internal.', evidence: { preferred: 'orders.abc123.ng.0001.use1.cache.amazonaws.com' } },
      ],
    },
    {
      name: 'cluster mode enabled: node and shard endpoints warn, pointing at the configuration endpoint',
      snapshot: snap([], [carts, orders], [
        cname('carts1.corp.internal.', 'carts-0001-001.carts.abc123.use1.cache.amazonaws.com'),
        cname('carts2.corp.internal.', 'carts-0002.carts.abc123.use1.cache.amazonaws.com'),
      ]),
      findings: [
        { status: 'warn', resource: 'carts1.corp.internal.', evidence: { preferred: 'clustercfg.carts.abc123.use1.cache.amazonaws.com' } },
        { status: 'warn', resource: 'carts2.corp.internal.', message: 'single shard endpoint of carts' },
      ],
      passes: ['orders'],
    },
    {
      name: 'member cluster nodes from DescribeCacheClusters count as nodes of their group',
      snapshot: snap(
        [{ CacheClusterId: 'orders-003', Engine: 'redis', ReplicationGroupId: 'orders', CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'orders-003.abc123.0001.use1.cache.amazonaws.com' } }], Arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:orders-003' }],
        [orders],
        [cname('x.corp.internal.', 'orders-003.abc123.0001.use1.cache.amazonaws.com')],
      ),
      findings: [{ status: 'warn', resource: 'x.corp.internal.', evidence: { cache: 'orders' } }],
    },
    {
      name: 'node-shaped target of a cache not in the snapshot is INFO; a multi-node Memcached cluster gets its reminder',
      snapshot: snap([memcached('sessions', ['0001', '0002'])], [], [cname('old.corp.internal.', 'legacy.xyz789.0003.euw1.cache.amazonaws.com')]),
      findings: [
        { status: 'info', resource: 'old.corp.internal.', message: 'not in this snapshot' },
        { status: 'info', resource: 'sessions', message: '2 Memcached nodes: clients should use the configuration endpoint sessions.abc123.cfg.use1.cache.amazonaws.com' },
      ],
    },
  ],
});

describe('elasticache-use-config-endpoint with a hosted zone unread', () => {
  it('gives no cache a pass resting on "no record points at it"', () => {
    const snapshot = buildSnapshot(rule, {
      elasticache: { cacheClusters: [memcached('single', ['0001'])], replicationGroups: [orders] },
      route53: {
        recordSets: [],
        errors: [{ dataset: 'route53.recordSets', service: 'route53', region: 'global', operation: 'route53:ListResourceRecordSets', code: 'AccessDenied', message: 'denied', resource: 'arn:aws:route53:::hostedzone/ZPRIV' }],
      },
    });
    const r = evaluateRule(snapshot, { rule, options: {}, severity: rule.severity, severityOverridden: false });
    expect(r.findings.map((f) => f.status)).toEqual(['error']);
  });
});
