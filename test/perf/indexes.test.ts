/**
 * The lookups that keep large audits linear give the same answers as the straightforward scans they
 * replaced (kept here as references), on random inventories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCoverage, isActiveReservation, normalizePlatform, normalizationFactor, splitInstanceType } from '../../src/aws-model/reserved-capacity.js';
import { asgZones, resolveAsgLoadBalancers } from '../../src/aws-model/load-balancers.js';
import { alarmReferencesAction } from '../../src/aws-model/alarms.js';
import { groupPolicies, policyAlarms } from '../../src/aws-model/scaling-policies.js';
import { AssociationIndex, associationTargets } from '../../src/aws-model/ssm-targets.js';
import { attachmentIndex, classifyCidr } from '../../src/aws-model/security-groups.js';
import { loadCredentialReport } from '../../src/aws-model/credential-report.js';
import { memoFor } from '../../src/aws-model/memo.js';
import { SubscriptionIndex, subscriptionGap } from '../../src/aws-model/rds-events.js';
import { PatternIndex, patternMatches } from '../../src/aws-model/eventbridge.js';
import { fail, pass, resourceRef } from '../../src/rule.js';
import { attachIdentity } from '../../src/engine/identity.js';
import { getDataset } from '../../src/snapshot/schema.js';
import { buildSnapshot } from '../rule-tester.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const region = fc.constantFrom(...REGIONS);
const name = (prefix: string, n = 4) => fc.integer({ min: 0, max: n - 1 }).map((i) => `${prefix}${i}`);
const RUNS = { numRuns: 150 };

describe('AssociationIndex', () => {
  const tag = fc.record({ Key: fc.constantFrom('Role', 'Patch', 'env', ''), Value: fc.constantFrom('web', 'db', 'yes', '') });
  const instance = fc.record({ InstanceId: name('i-'), Tags: fc.array(tag, { maxLength: 3 }) });
  const target = fc.oneof(
    fc.record({ Key: fc.constant('InstanceIds'), Values: fc.array(fc.oneof(name('i-'), fc.constant('*')), { maxLength: 3 }) }),
    fc.record({ Key: fc.constantFrom('tag:Role', 'tag:Patch', 'tag:env', 'tag:'), Values: fc.array(fc.constantFrom('web', 'db', 'yes', ''), { maxLength: 3 }) }),
    fc.record({ Key: fc.constant('tag-key'), Values: fc.array(fc.constantFrom('Role', 'Patch', 'Nope'), { maxLength: 2 }) }),
    fc.record({ Key: fc.constantFrom('resource-groups:Name', '', 'InstanceIdz'), Values: fc.constant(['x']) }),
  );
  const association = fc.oneof(
    fc.record({ AssociationId: name('a'), Targets: fc.array(target, { maxLength: 3 }) }),
    fc.record({ AssociationId: name('a'), InstanceId: name('i-') }),
  );

  it('finds exactly the associations that match or cannot be resolved, in list order', () => {
    fc.assert(
      fc.property(fc.array(association, { maxLength: 12 }), fc.array(instance, { maxLength: 6 }), (as, is) => {
        const index = new AssociationIndex(as);
        for (const i of is) {
          const expected = as.map((a) => ({ a, m: associationTargets(a, i) })).filter((x) => x.m !== 'no-match');
          expect(index.matches(i)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });
});

describe('scaling policies and alarms', () => {
  const policyArn = name('arn:aws:autoscaling:policy/p', 5);
  const actions = fc.array(fc.oneof(policyArn, fc.constant('arn:aws:sns:topic')), { maxLength: 3 });
  const alarm = fc.record({
    Region: region,
    AlarmName: fc.option(name('alarm', 5), { nil: undefined }),
    AlarmType: fc.constantFrom('MetricAlarm', 'CompositeAlarm', undefined),
    AlarmActions: fc.option(actions, { nil: null }),
    OKActions: fc.option(actions, { nil: undefined }),
    InsufficientDataActions: fc.option(actions, { nil: undefined }),
  });
  const policy = fc.record({
    Region: region,
    PolicyARN: policyArn,
    AutoScalingGroupName: fc.option(name('asg', 3), { nil: null }),
    Alarms: fc.array(fc.record({ AlarmName: fc.option(name('alarm', 6), { nil: null }) }), { maxLength: 3 }),
  });

  /** The scan policyAlarms replaced. */
  function reference(p: { Region: string; PolicyARN: string; Alarms?: { AlarmName?: string | null }[] }, alarms: { Region: string; AlarmName?: string; AlarmType?: string }[]) {
    const names = new Set((p.Alarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : [])));
    const found = alarms.filter(
      (a) => a.Region === p.Region && a.AlarmType !== 'CompositeAlarm' && ((a.AlarmName && names.has(a.AlarmName)) || alarmReferencesAction(a, p.PolicyARN)),
    );
    const foundNames = new Set(found.map((a) => a.AlarmName));
    return { alarms: found, missing: [...names].filter((n) => !foundNames.has(n)) };
  }

  it('policyAlarms and groupPolicies match a full scan', () => {
    fc.assert(
      fc.property(fc.array(alarm, { maxLength: 12 }), fc.array(policy, { maxLength: 8 }), (alarms, policies) => {
        for (const p of policies) expect(policyAlarms(p, alarms)).toEqual(reference(p, alarms));
        for (const r of REGIONS)
          for (const g of ['asg0', 'asg1', 'asg2', 'null'])
            expect(groupPolicies({ Region: r, AutoScalingGroupName: g }, policies)).toEqual(
              policies.filter((p) => p.Region === r && p.AutoScalingGroupName === g),
            );
      }),
      RUNS,
    );
  });
});

describe('load balancer resolution', () => {
  const subnet = fc.record({ Region: region, SubnetId: name('subnet-'), AvailabilityZone: fc.option(name('az', 3), { nil: null }) });
  const asg = fc.record({
    Region: region,
    AutoScalingGroupName: name('asg'),
    AvailabilityZones: fc.array(name('az', 3), { maxLength: 2 }),
    VPCZoneIdentifier: fc.array(name('subnet-'), { maxLength: 3 }).map((s) => s.join(',')),
    LoadBalancerNames: fc.array(name('clb'), { maxLength: 2 }),
    TargetGroupARNs: fc.array(name('tg'), { maxLength: 2 }),
  });
  const classic = fc.record({ Region: region, Arn: name('arn:clb'), LoadBalancerName: name('clb'), AvailabilityZones: fc.array(name('az', 3), { maxLength: 2 }) });
  const elbv2 = fc.record({ Region: region, Arn: name('lb'), LoadBalancerArn: name('lb'), LoadBalancerName: name('n'), Type: fc.constantFrom('application', 'network'), AvailabilityZones: fc.array(fc.record({ ZoneName: name('az', 3) }), { maxLength: 2 }) });
  const tg = fc.record({ Region: region, TargetGroupArn: name('tg'), LoadBalancerArns: fc.array(name('lb'), { maxLength: 2 }) });

  /** The per-call maps resolveAsgLoadBalancers and asgZones used to build. */
  function sameRegionLast<T extends { Region: string }>(xs: T[], r: string, key: (x: T) => string, id: string): T | undefined {
    return new Map(xs.filter((x) => x.Region === r).map((x) => [key(x), x])).get(id);
  }

  it('region + id lookups built once give what per-call maps gave', () => {
    fc.assert(
      fc.property(fc.array(asg, { maxLength: 4 }), fc.array(subnet, { maxLength: 8 }), fc.array(classic, { maxLength: 4 }), fc.array(elbv2, { maxLength: 4 }), fc.array(tg, { maxLength: 4 }), (groups, subnets, classics, lbs, tgs) => {
        const inv = { classic: classics, elbv2: lbs, targetGroups: tgs };
        for (const g of groups) {
          const { lbs: resolved, unresolved } = resolveAsgLoadBalancers(g, inv);
          for (const l of resolved) {
            if (l.kind === 'classic') expect(l.lb).toBe(sameRegionLast(classics, g.Region, (x) => x.LoadBalancerName, l.name));
            else expect(l.lb).toBe(sameRegionLast(lbs, g.Region, (x) => x.LoadBalancerArn, l.arn));
          }
          for (const u of unresolved)
            if (u.kind === 'classic') expect(sameRegionLast(classics, g.Region, (x) => x.LoadBalancerName, u.id)).toBeUndefined();
          const zones = asgZones(g, subnets);
          for (const id of zones.unresolvedSubnets) expect(sameRegionLast(subnets, g.Region, (x) => x.SubnetId, id)?.AvailabilityZone ?? null).toBeNull();
        }
      }),
      RUNS,
    );
  });
});

describe('reserved capacity', () => {
  const TYPES = ['m5.large', 'm5.xlarge', 'm5.2xlarge', 'c5.large', 't3.micro', 'x9.weird'];
  const now = new Date('2026-11-01T00:00:00Z');
  const instance = fc.record({
    InstanceId: name('i-', 30),
    InstanceType: fc.constantFrom(...TYPES),
    State: fc.constant({ Name: 'running' }),
    LaunchTime: fc.constantFrom('2026-01-01T00:00:00Z', '2026-10-30T00:00:00Z'),
    Placement: fc.record({ AvailabilityZone: name('az', 2), Tenancy: fc.constantFrom('default', 'dedicated') }),
    PlatformDetails: fc.constantFrom('Linux/UNIX', 'Windows', undefined),
    Region: fc.constant('us-east-1'),
  });
  const reservation = fc.record({
    ReservedInstancesId: name('ri-', 20),
    InstanceType: fc.constantFrom(...TYPES),
    InstanceCount: fc.integer({ min: 1, max: 3 }),
    Scope: fc.constantFrom('Region', 'Availability Zone'),
    AvailabilityZone: name('az', 2),
    ProductDescription: fc.constantFrom('Linux/UNIX', 'Linux/UNIX (Amazon VPC)', 'Windows'),
    InstanceTenancy: fc.constantFrom('default', 'dedicated'),
    State: fc.constant('active'),
    Region: fc.constant('us-east-1'),
  });

  /** The greedy scan estimateCoverage used before its instances were bucketed. */
  function reference(instances: { InstanceId: string; InstanceType: string; Placement: { AvailabilityZone: string; Tenancy: string }; PlatformDetails?: string }[], reservations: { ReservedInstancesId: string; Region: string; InstanceType: string; InstanceCount: number; Scope: string; AvailabilityZone: string; ProductDescription: string; InstanceTenancy: string; State: string }[]) {
    const e = estimateCoverage(instances as never[], [], now, 30);
    const cov = e.instances.map((c) => ({ ...c, covered: 0 }));
    const platformOf = (i: { PlatformDetails?: string }) => (i.PlatformDetails ? normalizePlatform(i.PlatformDetails) : 'linux/unix');
    const uses = reservations
      .filter((r) => isActiveReservation(r, now))
      .map((r) => {
        const platform = normalizePlatform(r.ProductDescription);
        const sizeFlexible = r.Scope !== 'Availability Zone' && platform === 'linux/unix' && r.InstanceTenancy === 'default' && normalizationFactor(r.InstanceType) !== undefined;
        return { r, sizeFlexible, capacity: sizeFlexible ? r.InstanceCount * normalizationFactor(r.InstanceType)! : r.InstanceCount, used: 0 };
      });
    const order = [...uses].sort((a, b) => Number(a.sizeFlexible) - Number(b.sizeFlexible) || Number(b.r.Scope === 'Availability Zone') - Number(a.r.Scope === 'Availability Zone'));
    for (const u of order)
      for (const c of cov) {
        if (u.used >= u.capacity) break;
        const i = c.instance as (typeof instances)[number];
        if (c.covered >= c.units || platformOf(i) !== normalizePlatform(u.r.ProductDescription) || i.Placement.Tenancy !== u.r.InstanceTenancy) continue;
        if (u.sizeFlexible) {
          if (splitInstanceType(i.InstanceType).family !== splitInstanceType(u.r.InstanceType).family) continue;
          const take = Math.min(c.units - c.covered, u.capacity - u.used);
          c.covered += take;
          u.used += take;
        } else {
          if (i.InstanceType !== u.r.InstanceType) continue;
          if (u.r.Scope === 'Availability Zone' && i.Placement.AvailabilityZone !== u.r.AvailabilityZone) continue;
          if (c.covered > 0) continue;
          c.covered = c.units;
          u.used += 1;
        }
      }
    return { covered: cov.map((c) => c.covered), used: uses.map((u) => u.used) };
  }

  it('bucketed matching covers the same instances and uses the same reservations', () => {
    fc.assert(
      fc.property(fc.uniqueArray(instance, { selector: (i) => i.InstanceId, maxLength: 20 }), fc.array(reservation, { maxLength: 8 }), (is, rs) => {
        const e = estimateCoverage(is, rs, now, 30);
        const ref = reference(is, rs);
        expect(e.instances.map((c) => c.covered)).toEqual(ref.covered);
        expect(e.reservations.map((u) => u.used)).toEqual(ref.used);
      }),
      RUNS,
    );
  });
});

describe('per-list caches', () => {
  it('memoFor builds once per list, and a new list gets its own value', () => {
    let builds = 0;
    const a = [1, 2];
    const build = (xs: readonly number[]) => (builds++, xs.length);
    expect(memoFor(a, 'n', build)).toBe(2);
    expect(memoFor(a, 'n', build)).toBe(2);
    expect(builds).toBe(1);
    expect(memoFor([1, 2, 3], 'n', build)).toBe(3);
    expect(builds).toBe(2);
  });

  it('attachmentIndex is shared by the calls on one ENI list', () => {
    const enis = [{ NetworkInterfaceId: 'eni-1', Region: 'us-east-1', Groups: [{ GroupId: 'sg-1' }] }];
    expect(attachmentIndex(enis)).toBe(attachmentIndex(enis));
    expect(attachmentIndex(enis).get('us-east-1|sg-1')).toEqual(enis);
  });

  it('classifyCidr answers the same from its cache', () => {
    for (const c of ['0.0.0.0/0', '10.0.0.0/8', '8.0.0.0/8', '203.0.113.0/24', '52.1.2.3/32', '::/0', 'nonsense'])
      expect(classifyCidr(c)).toBe(classifyCidr(c));
    expect(classifyCidr('0.0.0.0/0')).toBe('world');
    expect(classifyCidr('10.1.0.0/16')).toBe('private');
  });

  it('the credential report is parsed once per dataset, each caller getting its own arrays', () => {
    const dataset = {
      GeneratedTime: '2026-11-01T00:00:00Z',
      Content:
        'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n' +
        'alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n',
    };
    const a = loadCredentialReport(dataset);
    const b = loadCredentialReport(dataset);
    expect(a.rows).not.toBe(b.rows);
    expect(a.users[0]).toBe(b.users[0]);
    a.users.pop();
    expect(loadCredentialReport(dataset).users).toHaveLength(1);
    // A changed content is parsed again.
    expect(loadCredentialReport({ ...dataset, Content: dataset.Content.split('\n')[0]! }).users).toHaveLength(0);
  });
});

describe('resourceRef', () => {
  it('gives one ref per item (shared by its findings), from its dataset\'s identity', () => {
    const snapshot = buildSnapshot(undefined, {
      ec2: { instances: [{ InstanceId: 'i-1', Arn: 'arn:aws:ec2:us-east-1:1:instance/i-1', Tags: [{ Key: 'env', Value: 'prod' }] }, { InstanceId: 'i-2', Tags: [] }] },
    });
    attachIdentity(snapshot, 'ec2.instances');
    const [item, bare] = getDataset(snapshot, 'ec2.instances')!;
    const a = resourceRef(item!);
    expect(resourceRef(item!)).toBe(a);
    expect(a).toEqual({ arn: item!.Arn, region: 'us-east-1', id: 'i-1', tags: { env: 'prod' } });
    expect(resourceRef(bare!)).toEqual({ arn: bare!.Arn, region: 'us-east-1', id: 'i-2' });
    expect(pass(item!, 'ok')).toEqual({ status: 'pass', resource: a, messageId: 'ok' });
    expect(fail(item!, 'no', { n: 1 }, { severity: 'low', subject: 's', evidence: { x: 1 } })).toEqual({ status: 'fail', severity: 'low', resource: a, messageId: 'no', data: { n: 1 }, subject: 's', evidence: { x: 1 } });
    // Anything that is not a collected item (or a ref the engine made) is refused: no hand-made refs.
    expect(() => resourceRef({ Arn: 'arn:aws:ec2:us-east-1:1:instance/i-9', Region: 'us-east-1' })).toThrow(/not a collected resource/);
  });
});

describe('SubscriptionIndex', () => {
  const subscription = fc.record({
    CustSubscriptionId: name('sub-', 6),
    Region: region,
    // Mostly deliverable, few ids: most targets have several covering subscriptions, of both kinds, to order.
    Enabled: fc.constantFrom(true, true, true, false, null),
    Status: fc.constantFrom('active', 'active', 'active', 'creating', null),
    SourceType: fc.constantFrom('db-instance', 'db-cluster', null),
    SourceIdsList: fc.option(fc.array(name('db-', 2), { maxLength: 2 }), { nil: null }),
    EventCategoriesList: fc.option(fc.array(fc.constantFrom('failover', 'backup', 'failure'), { maxLength: 2 }), { nil: null }),
  });
  const target = fc.record({ Region: region, id: name('db-', 2), sourceType: fc.constantFrom('db-instance' as const, 'db-cluster' as const) });

  it('covering(t) is the first subscription of the region, in list order, that delivers its failover events', () => {
    fc.assert(
      fc.property(fc.array(subscription, { maxLength: 12 }), fc.array(target, { maxLength: 10 }), (subs, targets) => {
        const index = new SubscriptionIndex(subs);
        for (const t of targets) {
          const scan = subs.filter((s) => s.Region === t.Region);
          expect(index.inRegion(t.Region)).toEqual(scan);
          expect(index.covering(t)).toBe(scan.find((s) => subscriptionGap(s, t) === undefined));
        }
      }),
      RUNS,
    );
  });
});

describe('PatternIndex', () => {
  const SPECIFIC = ['resources', 'detail.SourceIdentifier', 'detail.SourceArn'];
  const arnOf = (id: string) => `arn:aws:rds:us-east-1:111122223333:db:${id}`;
  // Patterns over the fields every failover event of a family shares and over the ones that name the database.
  const sharedField = fc.oneof(
    fc.record({ source: fc.constant(['aws.rds']) }),
    fc.record({ source: fc.constant(['aws.ec2']) }),
    fc.record({ 'detail-type': fc.subarray(['RDS DB Instance Event', 'RDS DB Cluster Event'], { minLength: 1 }) }),
    fc.record({ detail: fc.record({ EventCategories: fc.subarray(['failover', 'backup'], { minLength: 1 }) }) }),
  );
  const specificField = fc.oneof(
    fc.record({ resources: fc.array(name('db-').map(arnOf), { minLength: 1, maxLength: 2 }) }),
    fc.record({ detail: fc.record({ SourceIdentifier: fc.array(name('db-'), { minLength: 1, maxLength: 2 }) }) }),
    fc.record({ detail: fc.record({ SourceArn: fc.array(fc.oneof(name('db-').map(arnOf), fc.constant({ prefix: 'arn:aws:rds:' })), { minLength: 1, maxLength: 2 }) }) }),
  );
  const pattern = fc.oneof(
    fc.array(fc.oneof(sharedField, specificField), { minLength: 1, maxLength: 3 }).map((parts) => Object.assign({}, ...parts.map((p) => structuredClone(p)))),
    fc.array(fc.oneof(sharedField, specificField), { minLength: 1, maxLength: 2 }).map((alts) => ({ $or: alts })),
    fc.constant('not an object'),
  );
  const rule = fc.record({ Name: name('rule-', 8), pattern, targets: fc.boolean() });
  const event = (sourceType: 'db-instance' | 'db-cluster', id: string) => ({
    source: 'aws.rds',
    'detail-type': sourceType === 'db-cluster' ? 'RDS DB Cluster Event' : 'RDS DB Instance Event',
    resources: [arnOf(id)],
    detail: { EventCategories: ['failover'], SourceIdentifier: id, SourceArn: arnOf(id) },
  });
  const targets = fc.array(fc.record({ sourceType: fc.constantFrom('db-instance' as const, 'db-cluster' as const), id: name('db-') }), { maxLength: 10 });

  it('matching and first answer as a filter and a find over every rule would, event after event of each family', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 10 }), targets, (rules, ts) => {
        const index = new PatternIndex(rules, (r) => r.pattern as never, SPECIFIC);
        const accept = (r: (typeof rules)[number]) => r.targets;
        for (const t of ts) {
          const e = event(t.sourceType, t.id);
          const scan = rules.filter((r) => patternMatches(r.pattern as never, e));
          expect(index.matching(t.sourceType, e)).toEqual(scan);
          expect(index.first(t.sourceType, e, accept)).toBe(scan.find(accept));
        }
      }),
      RUNS,
    );
  });
});
