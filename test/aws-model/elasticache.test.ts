import { describe, expect, it } from 'vitest';
import { groupEndpoint, looksLikeNodeEndpoint, nodeAddresses, preferredAddresses } from '../../src/aws-model/elasticache.js';

const R = 'us-east-1';
const memcached = {
  Region: R,
  Arn: 'arn:aws:elasticache:us-east-1:1:cluster:sessions',
  CacheClusterId: 'sessions',
  Engine: 'memcached',
  NumCacheNodes: 12,
  ConfigurationEndpoint: { Address: 'sessions.abc123.cfg.use1.cache.amazonaws.com' },
  CacheNodes: ['0001', '0009', '0010', '0012'].map((id) => ({ CacheNodeId: id, Endpoint: { Address: `sessions.abc123.${id}.use1.cache.amazonaws.com` } })),
};
const standalone = {
  Region: R,
  Arn: 'arn:aws:elasticache:us-east-1:1:cluster:solo',
  CacheClusterId: 'solo',
  Engine: 'redis',
  NumCacheNodes: 1,
  CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'solo.abc123.0001.use1.cache.amazonaws.com' } }],
};
const member = {
  Region: R,
  Arn: 'arn:aws:elasticache:us-east-1:1:cluster:orders-002',
  CacheClusterId: 'orders-002',
  Engine: 'redis',
  ReplicationGroupId: 'orders',
  CacheNodes: [{ CacheNodeId: '0001', Endpoint: { Address: 'orders-002.abc123.0001.use1.cache.amazonaws.com' } }],
};
const disabled = {
  Region: R,
  Arn: 'arn:aws:elasticache:us-east-1:1:replicationgroup:orders',
  ReplicationGroupId: 'orders',
  ClusterEnabled: false,
  NodeGroups: [
    {
      NodeGroupId: '0001',
      PrimaryEndpoint: { Address: 'orders.abc123.ng.0001.use1.cache.amazonaws.com' },
      ReaderEndpoint: { Address: 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com' },
      NodeGroupMembers: [
        { CacheClusterId: 'orders-001', ReadEndpoint: { Address: 'orders-001.abc123.0001.use1.cache.amazonaws.com' }, CurrentRole: 'primary' },
        { CacheClusterId: 'orders-002', ReadEndpoint: { Address: 'orders-002.abc123.0001.use1.cache.amazonaws.com' }, CurrentRole: 'replica' },
      ],
    },
  ],
};
const clustered = {
  Region: R,
  Arn: 'arn:aws:elasticache:us-east-1:1:replicationgroup:carts',
  ReplicationGroupId: 'carts',
  ClusterEnabled: true,
  ConfigurationEndpoint: { Address: 'clustercfg.carts.abc123.use1.cache.amazonaws.com' },
  NodeGroups: [{ NodeGroupId: '0001', PrimaryEndpoint: { Address: 'carts-0001.carts.abc123.use1.cache.amazonaws.com' }, NodeGroupMembers: [] }],
};

describe('elasticache endpoints', () => {
  const nodes = nodeAddresses([memcached, standalone, member], [disabled, clustered]);

  it('lists every Memcached node, node ids past 0009 included, with the configuration endpoint to use', () => {
    for (const id of ['0001', '0009', '0010', '0012'])
      expect(nodes.get(`sessions.abc123.${id}.use1.cache.amazonaws.com`)).toMatchObject({
        owner: { id: 'sessions', kind: 'memcached' },
        preferred: 'sessions.abc123.cfg.use1.cache.amazonaws.com',
      });
  });

  it('maps replication group nodes to the primary endpoint, replicas to the reader endpoint', () => {
    expect(nodes.get('orders-001.abc123.0001.use1.cache.amazonaws.com')).toMatchObject({ what: 'node', preferred: 'orders.abc123.ng.0001.use1.cache.amazonaws.com' });
    expect(nodes.get('orders-002.abc123.0001.use1.cache.amazonaws.com')).toMatchObject({
      owner: { id: 'orders', kind: 'replication-group' },
      what: 'replica node',
      preferred: 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com',
    });
  });

  it('treats the per-shard endpoint of a cluster-mode-enabled group as node level', () => {
    expect(nodes.get('carts-0001.carts.abc123.use1.cache.amazonaws.com')).toMatchObject({
      what: 'shard endpoint',
      preferred: 'clustercfg.carts.abc123.use1.cache.amazonaws.com',
    });
    expect(groupEndpoint(clustered)).toBe('clustercfg.carts.abc123.use1.cache.amazonaws.com');
  });

  it('leaves standalone Redis nodes out: their node endpoint is the only one', () => {
    expect(nodes.has('solo.abc123.0001.use1.cache.amazonaws.com')).toBe(false);
  });

  it('knows the endpoints clients should use', () => {
    expect([...preferredAddresses([memcached], [disabled, clustered])].sort()).toEqual([
      'clustercfg.carts.abc123.use1.cache.amazonaws.com',
      'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com',
      'orders.abc123.ng.0001.use1.cache.amazonaws.com',
      'sessions.abc123.cfg.use1.cache.amazonaws.com',
    ]);
  });

  it('counts a standalone Redis node endpoint as the one to use, but not a group member node', () => {
    const preferred = preferredAddresses([standalone, member], [disabled]);
    expect(preferred.has('solo.abc123.0001.use1.cache.amazonaws.com')).toBe(true);
    expect(preferred.has('orders-002.abc123.0001.use1.cache.amazonaws.com')).toBe(false);
  });

  it.each([
    ['sessions.abc123.0001.use1.cache.amazonaws.com', true],
    ['sessions.abc123.0017.use1.cache.amazonaws.com', true],
    ['big.abc123.0123.euw1.cache.amazonaws.com', true],
    ['carts-0002-001.carts.abc123.use1.cache.amazonaws.com', true],
    ['orders-001.orders.abc123.use1.cache.amazonaws.com', true],
    ['sessions.abc123.cfg.use1.cache.amazonaws.com', false],
    ['orders.abc123.ng.0001.use1.cache.amazonaws.com', false],
    ['clustercfg.carts.abc123.use1.cache.amazonaws.com', false],
    ['master.orders.abc123.use1.cache.amazonaws.com', false],
    ['mycache-abc123.serverless.use1.cache.amazonaws.com', false],
  ])('%s looks like a node endpoint: %s', (host, expected) => expect(looksLikeNodeEndpoint(host)).toBe(expected));
});
