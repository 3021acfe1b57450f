import rule from '../../../rules/rds/rds-failover-event-subscription.js';
import { RuleTester } from '../../rule-tester.js';

const ACCT = '123456789012';
const inst = (id: string, extra: Record<string, unknown> = {}) => ({
  DBInstanceIdentifier: id,
  Engine: 'postgres',
  MultiAZ: true,
  Arn: `arn:aws:rds:${(extra.Region as string) ?? 'us-east-1'}:${ACCT}:db:${id}`,
  ...extra,
});
const cluster = (id: string, members: number, extra: Record<string, unknown> = {}) => ({
  DBClusterIdentifier: id,
  Engine: 'aurora-mysql',
  MultiAZ: members > 1,
  DBClusterMembers: Array.from({ length: members }, (_, i) => ({ DBInstanceIdentifier: `${id}-${i + 1}`, IsClusterWriter: i === 0 })),
  Arn: `arn:aws:rds:us-east-1:${ACCT}:cluster:${id}`,
  ...extra,
});
const sub = (id: string, extra: Record<string, unknown> = {}) => ({
  CustSubscriptionId: id,
  SnsTopicArn: `arn:aws:sns:us-east-1:${ACCT}:ops`,
  Status: 'active',
  Enabled: true,
  SourceType: 'db-instance',
  SourceIdsList: [],
  EventCategoriesList: ['failover', 'failure'],
  Arn: `arn:aws:rds:us-east-1:${ACCT}:es:${id}`,
  ...extra,
});
const ebRule = (name: string, pattern: unknown, extra: Record<string, unknown> = {}) => ({
  Name: name,
  EventBusName: 'default',
  State: 'ENABLED',
  EventPattern: JSON.stringify(pattern),
  Targets: [{ Id: 'sns', Arn: `arn:aws:sns:us-east-1:${ACCT}:ops` }],
  Arn: `arn:aws:events:us-east-1:${ACCT}:rule/${name}`,
  ...extra,
});
const snap = (p: { dbInstances?: unknown[]; dbClusters?: unknown[]; eventSubscriptions?: unknown[]; rules?: unknown[] }) => ({
  rds: { dbInstances: p.dbInstances ?? [], dbClusters: p.dbClusters ?? [], eventSubscriptions: p.eventSubscriptions ?? [] },
  eventbridge: { rules: p.rules ?? [] },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'Multi-AZ instance and Aurora cluster covered by one subscription per source type (two names)',
      snapshot: snap({
        dbInstances: [inst('orders-db'), inst('aur-1', { DBClusterIdentifier: 'aur', MultiAZ: false, Engine: 'aurora-mysql' })],
        dbClusters: [cluster('aur', 2)],
        eventSubscriptions: [sub('rds-failover-instances'), sub('rds-failover-clusters', { SourceType: 'db-cluster' })],
      }),
    },
    {
      name: 'empty categories and source ids mean "all"; no source type means every source type',
      snapshot: snap({
        dbInstances: [inst('a')],
        dbClusters: [cluster('aur', 3)],
        eventSubscriptions: [sub('everything', { SourceType: undefined, EventCategoriesList: [] })],
      }),
    },
    {
      name: 'a subscription naming the instance counts',
      snapshot: snap({ dbInstances: [inst('orders-db')], eventSubscriptions: [sub('named', { SourceIdsList: ['orders-db'], EventCategoriesList: ['failover'] })] }),
    },
    {
      name: 'an enabled EventBridge rule with a target matching the failover event counts',
      snapshot: snap({
        dbInstances: [inst('orders-db')],
        dbClusters: [cluster('aur', 2)],
        rules: [ebRule('rds-failover', { source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event', 'RDS DB Cluster Event'], detail: { EventCategories: ['failover'] } })],
      }),
    },
    {
      name: 'a rule on every aws.rds event counts',
      snapshot: snap({ dbClusters: [cluster('aur', 2)], rules: [ebRule('all-rds', { source: ['aws.rds'] })] }),
    },
    {
      name: 'nothing Multi-AZ: Single-AZ instances and single-instance clusters are INFO only',
      notApplicable: true,
      snapshot: snap({ dbInstances: [inst('dev-db', { MultiAZ: false })], dbClusters: [cluster('small', 1)] }),
    },
    {
      name: 'DocumentDB and Neptune are out of scope',
      notApplicable: true,
      snapshot: snap({ dbClusters: [cluster('docs', 3, { Engine: 'docdb' }), cluster('graph', 2, { Engine: 'neptune' })] }),
    },
  ],
  invalid: [
    {
      name: 'an instance-level subscription misses the Aurora cluster failover',
      snapshot: snap({
        dbInstances: [inst('orders-db'), inst('aur-1', { DBClusterIdentifier: 'aur', MultiAZ: false, Engine: 'aurora-mysql' })],
        dbClusters: [cluster('aur', 2)],
        eventSubscriptions: [sub('rds-failover-instances')],
      }),
      findings: [
        {
          status: 'fail',
          severity: 'medium',
          resource: 'aur',
          message: /aur: no enabled, active RDS event subscription \(source type db-cluster\).*not counted: subscription rds-failover-instances \(other source type\)/,
        },
      ],
      passes: ['orders-db'],
    },
    {
      name: 'failure without failover does not count; disabled and inactive subscriptions do not count',
      snapshot: snap({
        dbInstances: [inst('a'), inst('b'), inst('c')],
        eventSubscriptions: [
          sub('failure-only', { SourceIdsList: ['a'], EventCategoriesList: ['failure'] }),
          sub('off', { SourceIdsList: ['b'], Enabled: false }),
          sub('broken', { SourceIdsList: ['c'], Status: 'topic-not-exist' }),
        ],
      }),
      findings: [
        { status: 'fail', resource: 'a', message: 'categories failure without failover' },
        { status: 'fail', resource: 'b', message: 'subscription off (disabled)' },
        { status: 'fail', resource: 'c', message: 'subscription broken (status topic-not-exist)' },
      ],
    },
    {
      name: 'a subscription for other source ids does not cover this instance',
      snapshot: snap({ dbInstances: [inst('orders-db'), inst('billing-db')], eventSubscriptions: [sub('orders-only', { SourceIdsList: ['orders-db'] })] }),
      findings: [{ status: 'fail', resource: 'billing-db', message: 'orders-only (other sources)' }],
      passes: ['orders-db'],
    },
    {
      name: 'subscriptions are regional',
      snapshot: snap({
        dbInstances: [inst('eu-db', { Region: 'eu-west-1' })],
        eventSubscriptions: [sub('us-only')],
      }),
      findings: [{ status: 'fail', resource: 'eu-db', region: 'eu-west-1' }],
    },
    {
      name: 'EventBridge rules that miss the event, have no target or are disabled do not count',
      snapshot: snap({
        dbClusters: [cluster('aur', 2)],
        dbInstances: [inst('x')],
        rules: [
          ebRule('instances-only', { source: ['aws.rds'], 'detail-type': ['RDS DB Instance Event'], detail: { EventCategories: ['failover'] } }, { Targets: [] }),
          ebRule('failures', { source: ['aws.rds'], detail: { EventCategories: ['failure'] } }),
          ebRule('by-event-id', { source: ['aws.rds'], detail: { EventID: ['RDS-EVENT-0071'] } }),
          ebRule('off', { source: ['aws.rds'] }, { State: 'DISABLED' }),
        ],
      }),
      findings: [
        { status: 'fail', resource: 'aur', evidence: { notCounted: [] } },
        { status: 'fail', resource: 'x', message: 'rule instances-only (no targets)' },
      ],
    },
    {
      name: 'Single-AZ instance is INFO next to an uncovered Multi-AZ DB cluster',
      snapshot: snap({
        dbInstances: [inst('dev-db', { MultiAZ: false })],
        dbClusters: [cluster('maz', 3, { Engine: 'postgres', MultiAZ: true })],
      }),
      findings: [
        { status: 'info', resource: 'dev-db', message: 'Single-AZ' },
        { status: 'fail', resource: 'maz' },
      ],
    },
  ],
});
