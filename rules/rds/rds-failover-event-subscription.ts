import { z } from 'zod';
import { isEnabledRule, parsePattern, PatternIndex } from '../../src/aws-model/eventbridge.js';
import { SubscriptionIndex, subscriptionGap, type FailoverTarget } from '../../src/aws-model/rds-events.js';
import { defineRule, fail, info, pass, type ResourceLike } from '../../src/rule.js';

/** DocumentDB and Neptune share the RDS API but have their own event sources and consoles. */
const OTHER_ENGINES = new Set(['docdb', 'neptune']);

interface Target extends FailoverTarget {
  Arn: string;
  /** The collected instance or cluster the verdict is about. */
  ref: ResourceLike;
}

/** Near misses named in a failure: beyond these, a count (a region of thousands of subscriptions must not make each message list them all). */
const MAX_NEAR_MISSES = 10;

/** The fields of a failover event that differ from one database to another (the rest is shared by a source type in a region). */
const TARGET_FIELDS = ['resources', 'detail.SourceIdentifier', 'detail.SourceArn'];

/** The EventBridge event RDS sends when this target fails over. */
function failoverEvent(t: Target, account: string) {
  const cluster = t.sourceType === 'db-cluster';
  return {
    source: 'aws.rds',
    'detail-type': cluster ? 'RDS DB Cluster Event' : 'RDS DB Instance Event',
    account,
    region: t.Region,
    resources: [t.Arn],
    detail: { EventCategories: ['failover'], SourceType: cluster ? 'CLUSTER' : 'DB_INSTANCE', SourceIdentifier: t.id, SourceArn: t.Arn },
  };
}

export default defineRule({
  id: 'rds-failover-event-subscription',
  section: 'rds',
  tip: 'Set up event subscriptions for failover.',
  title: 'Multi-AZ databases notify someone when they fail over',
  kind: 'automatic',
  severity: 'medium',
  needs: ['rds.dbInstances', 'rds.dbClusters', 'rds.eventSubscriptions', 'eventbridge.rules'],
  options: z.object({}),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'RDS.19', coverage: 'partial',
      note: 'aws-tips requires the failover category; the control wants maintenance and failure. Only subscriptions with no category filter satisfy both.',
    },
    {
      framework: 'aws-fsbp', control: 'RDS.20', coverage: 'partial',
      note: 'aws-tips requires the failover category for Multi-AZ instances; the control wants maintenance, configuration change and failure.',
    },
    {
      framework: 'aws-well-architected', control: 'REL11-BP06', coverage: 'partial',
      note: 'Checks failover notifications for Multi-AZ RDS only.',
    },
  ],
  docs: {
    rationale:
      'A Multi-AZ failover is automatic, but it drops connections, moves the writer to another zone and usually ' +
      'means something broke: the team should hear about it when it happens, not from a user.',
    checks:
      'Targets: Multi-AZ DB instances that are not cluster members (they raise db-instance events), and DB clusters ' +
      '(Aurora, Multi-AZ DB clusters) with two or more members or MultiAZ (they raise db-cluster events: an ' +
      'instance-level subscription misses an Aurora failover). A target passes when, in its region, an enabled and ' +
      'active RDS event subscription of its source type (or of every source type) covers it (no source ids, or its ' +
      'id) and the failover category (no categories, or failover; failure alone does not count), or an enabled ' +
      'EventBridge rule on the default bus with at least one target matches its failover event (source aws.rds, ' +
      'detail-type, EventCategories, SourceIdentifier...; a rule narrowed to event ids is not credited). Uncovered ' +
      'targets fail, naming what was not counted (the first ten subscriptions of the region and matching rules without targets, then how many more). Single-AZ instances and single-instance clusters get an INFO: they have no standby to fail over ' +
      'to (see arch-multi-az-redundancy). DocumentDB and Neptune are out of scope.',
    remediation:
      'Create one subscription per source type (an Aurora failover is a cluster event), sending failover and failure ' +
      'to an SNS topic someone reads; or an EventBridge rule on aws.rds events with EventCategories failover.',
    cli:
      'aws rds create-event-subscription --subscription-name rds-failover-clusters --sns-topic-arn <arn> --source-type db-cluster --event-categories failover failure --enabled && ' +
      'aws rds create-event-subscription --subscription-name rds-failover-instances --sns-topic-arn <arn> --source-type db-instance --event-categories failover failure --enabled',
    outdated: 'Still valid; EventBridge rules on aws.rds events are an equally good sink today and are accepted.',
    links: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Subscribing.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html',
    ],
  },
  messages: {
    singleAz: '{{name}} is Single-AZ: there is no standby to fail over to (see arch-multi-az-redundancy)',
    singleInstanceCluster: '{{name}} has {{members}} instance(s): no failover target (see arch-multi-az-redundancy)',
    subscription: '{{name}}: failover events go to subscription {{subscription}}',
    eventBridgeRule: '{{name}}: failover events match EventBridge rule {{rule}}',
    notNotified:
      '{{name}}: no enabled, active RDS event subscription (source type {{sourceType}}) or EventBridge rule delivers its failover events{{notCounted}}',
  },
  *check({ rds, eventbridge }, ctx) {
    const targets: Target[] = [];
    for (const i of rds.dbInstances) {
      if (i.DBClusterIdentifier || OTHER_ENGINES.has(i.Engine ?? '')) continue;
      if (i.MultiAZ === true) targets.push({ Region: i.Region, Arn: i.Arn, id: i.DBInstanceIdentifier, ref: i, sourceType: 'db-instance' });
      else yield info(i, 'singleAz', { name: i.DBInstanceIdentifier }, { evidence: { MultiAZ: i.MultiAZ ?? false } });
    }
    for (const c of rds.dbClusters) {
      if (OTHER_ENGINES.has(c.Engine ?? '')) continue;
      const members = c.DBClusterMembers?.length ?? 0;
      if (members >= 2 || c.MultiAZ === true) targets.push({ Region: c.Region, Arn: c.Arn, id: c.DBClusterIdentifier, ref: c, sourceType: 'db-cluster' });
      else yield info(c, 'singleInstanceCluster', { name: c.DBClusterIdentifier, members }, { evidence: { members, MultiAZ: c.MultiAZ ?? false } });
    }
    // Subscriptions and enabled rules indexed once per region; a rule that reads only what every
    // failover event of a source type shares (source, detail-type, categories...) is matched once per type.
    const subs = new SubscriptionIndex(rds.eventSubscriptions);
    const rulesIn = new Map<string, (typeof eventbridge.rules)[number][]>();
    for (const r of eventbridge.rules) if (isEnabledRule(r.State)) (rulesIn.get(r.Region) ?? rulesIn.set(r.Region, []).get(r.Region)!).push(r);
    const rulesIndex = new Map([...rulesIn].map(([region, rules]) => [region, new PatternIndex(rules, (r) => parsePattern(r.EventPattern), TARGET_FIELDS)]));
    const hasTargets = (r: (typeof eventbridge.rules)[number]) => (r.Targets?.length ?? 0) > 0;
    for (const t of targets) {
      const sub = subs.covering(t);
      const event = failoverEvent(t, ctx.meta.accountId);
      const index = rulesIndex.get(t.Region);
      const rule = index?.first(t.sourceType, event, hasTargets);
      const evidence = { sourceType: t.sourceType, subscription: sub?.CustSubscriptionId ?? null, eventBridgeRule: rule?.Name ?? null };
      if (sub) yield pass(t.ref, 'subscription', { name: t.id, subscription: sub.CustSubscriptionId }, { evidence });
      else if (rule) yield pass(t.ref, 'eventBridgeRule', { name: t.id, rule: rule.Name }, { evidence });
      else {
        const inRegion = subs.inRegion(t.Region);
        const matching = index?.matching(t.sourceType, event) ?? [];
        const nearMisses = [
          ...inRegion.slice(0, MAX_NEAR_MISSES).map((s) => `subscription ${s.CustSubscriptionId} (${subscriptionGap(s, t)})`),
          ...(inRegion.length > MAX_NEAR_MISSES ? [`${inRegion.length - MAX_NEAR_MISSES} more subscription(s)`] : []),
          ...matching.slice(0, MAX_NEAR_MISSES).map((r) => `rule ${r.Name} (no targets)`),
          ...(matching.length > MAX_NEAR_MISSES ? [`${matching.length - MAX_NEAR_MISSES} more rule(s) without targets`] : []),
        ];
        yield fail(
          t.ref,
          'notNotified',
          { name: t.id, sourceType: t.sourceType, notCounted: nearMisses.length ? `; not counted: ${nearMisses.join('; ')}` : '' },
          { evidence: { ...evidence, notCounted: nearMisses } },
        );
      }
    }
  },
});
