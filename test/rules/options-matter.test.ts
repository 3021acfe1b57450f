/**
 * An option that changes nothing must not exist: for every rule and every key of its options schema, a non-default
 * value and a snapshot on which evaluating with that value gives other verdicts than the defaults. A new option
 * without an entry here fails, and so does an entry whose option does not change a verdict.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RULES } from '../../rules/index.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { ruleOptions } from '../../src/engine/select.js';
import { DEMO_SNAPSHOT } from '../../src/paths.js';
import type { Rule } from '../../src/rule.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { buildSnapshot, TEST_ACCOUNT, type SnapshotInput } from '../rule-tester.js';
import { credentialReport, iamUser, rootRow, userRow, type ReportRowInput } from '../support/credential-report.js';

// Small inline accounts, for options the demo account does not exercise. TEST_NOW is 2026-11-01T12:00:00Z.
const NOW = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString().replace('.000Z', '+00:00');
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const accessKey = (n: 1 | 2, created: number, used: number): ReportRowInput => ({
  [`access_key_${n}_active`]: 'true',
  [`access_key_${n}_last_rotated`]: daysAgo(created),
  [`access_key_${n}_last_used_date`]: daysAgo(used),
  [`access_key_${n}_last_used_service`]: 's3',
});
const billingMetric = { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }], Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:metric/AWS/Billing/EstimatedCharges/USD` };
const billingAlarm = (name: string, Threshold: number) => ({
  AlarmType: 'MetricAlarm', AlarmName: name, Arn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:${name}`, ActionsEnabled: true,
  AlarmActions: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:billing`], StateValue: 'OK', Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges',
  Dimensions: [{ Name: 'Currency', Value: 'USD' }], Threshold,
});
const EMR = `arn:aws:elasticmapreduce:us-east-1:${TEST_ACCOUNT}:cluster`;

const demo = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as Snapshot;

interface Entry {
  /** The option's value (merged over the defaults). */
  value: unknown;
  /** Default: the demo snapshot. An inline snapshot is built as RuleTester builds its cases. */
  snapshot?: SnapshotInput;
}

/** rule id -> option key -> entry. */
const TABLE: Record<string, Record<string, Entry>> = {
  'app-central-log-access': {
    logRecencyDays: { value: 100000 },
    ignoreLogGroupPrefixes: { value: [] },
    logging: { value: { externalPlatform: true } },
  },
  'arch-aws-workload-fit': { steadyDays: { value: 100000 } },
  'arch-scale-horizontally': {
    largeInstanceVcpus: { value: 1 },
    serviceTag: {
      value: ['service'],
      snapshot: {
        ec2: {
          instances: ['i-1', 'i-2'].map((InstanceId) => ({ InstanceId, InstanceType: 'c5.12xlarge', State: { Name: 'running' }, Tags: tags({ Name: 'x', service: 'api' }) })),
          instanceTypes: [{ InstanceType: 'c5.12xlarge', VCpuInfo: { DefaultVCpus: 48 }, BareMetal: false, Arn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:instance-type/c5.12xlarge` }],
        },
      },
    },
  },
  'billing-granular-alerts': {
    minDistinctThresholds: { value: 3, snapshot: { cloudwatch: { billingMetrics: [billingMetric], billingAlarms: [billingAlarm('a', 1000), billingAlarm('b', 2000)] }, budgets: { budgets: [] } } },
    acceptBudgets: { value: false },
    acceptAnomalyDetection: {
      value: false,
      snapshot: {
        meta: { optIns: ['cost-explorer'] },
        cloudwatch: { billingMetrics: [], billingAlarms: [] },
        budgets: { budgets: [] },
        costexplorer: {
          anomalySubscriptions: [
            { SubscriptionName: 'spend', SubscriptionArn: 'arn:aws:ce::123456789012:anomalysubscription/spend', Subscribers: [{ Address: 'ops@example.com', Type: 'EMAIL' }], Frequency: 'DAILY' },
          ],
        },
      },
    },
  },
  'cw-custom-metrics-present': { awsOwnedNamespaces: { value: [] } },
  'ec2-detailed-monitoring': { excludeTag: { value: 'env' } },
  'ec2-eip-unassociated': { reserveTag: { value: 'no-such-tag=1' } },
  'ec2-key-pair-strategy': { maxInstancesPerKey: { value: 1 }, maxKeyAgeDays: { value: 1 }, envTag: { value: ['no-such-tag'] }, staleDays: { value: 1 } },
  'ec2-no-eip-on-servers': { allowEipTag: { value: 'env' } },
  'ec2-no-ssh-ingress': { strict: { value: true }, includeRdp: { value: false }, allowedCidrs: { value: ['0.0.0.0/0'] }, allowedPrefixListNames: { value: ['*'] } },
  'ec2-reserved-capacity-coverage': { steadyDays: { value: 100000 }, uncoveredThreshold: { value: 1 } },
  'ec2-servers-ephemeral': { maxInstanceAgeDays: { value: 1 }, petRatio: { value: 0 }, petAllowTag: { value: 'env' } },
  'ec2-sg-no-world-ingress': { adminPorts: { value: [] }, dataPorts: { value: [] }, allowedPublicPorts: { value: [] }, allowPublicTag: { value: 'no-such-tag=1' } },
  'ec2-termination-protection': { excludeTagKeys: { value: ['env', 'Name', 'aws:autoscaling:groupName'] } },
  'elb-tls-terminated-at-lb': { includeInternal: { value: true }, nlbPassThroughAllowed: { value: true } },
  'emr-hive-output-s3-prefix': {
    lookbackDays: {
      value: 60,
      snapshot: {
        emr: {
          clusters: [{ Id: 'j-old', Name: 'etl', Status: { State: 'TERMINATED', Timeline: { CreationDateTime: '2026-09-01T00:00:00Z', EndDateTime: '2026-10-01T00:00:00Z' } }, Arn: `${EMR}/j-old` }],
          steps: [
            {
              Id: 's-1', ClusterId: 'j-old', Name: 'Hive program', Status: { State: 'COMPLETED' }, Arn: `${EMR}/j-old/step/s-1`,
              Config: { Jar: 'command-runner.jar', Args: ['hive-script', '--run-hive-script', '--args', '-f', 's3://code/report.q', '-d', 'OUTPUT=s3://results'] },
            },
          ],
        },
      },
    },
  },
  'iam-access-key-hygiene': {
    maxKeyAgeDays: { value: 100000 },
    unusedDays: { value: 1 },
    rotationWindowDays: {
      value: 1,
      snapshot: { iam: { credentialReport: credentialReport([rootRow(), userRow('rot', { ...accessKey(1, 60, 1), ...accessKey(2, 3, 1) })]), users: [iamUser('rot')] } },
    },
  },
  'iam-individual-human-identities': {
    sharedNamePattern: { value: '.*' },
    rootUsageWindowDays: { value: 60, snapshot: { iam: { credentialReport: credentialReport([rootRow({ password_last_used: daysAgo(50) })]) } } },
    unusedDays: { value: 100000 },
  },
  'iam-no-application-users': {
    serviceNamePattern: { value: '^$' },
    exemptTag: {
      value: 'security:approved',
      snapshot: { iam: { credentialReport: credentialReport([rootRow(), userRow('vendor', accessKey(1, 30, 1))]), userDetails: [{ ...iamUser('vendor'), Tags: tags({ 'aws-tips:exempt': 'x' }) }] } },
    },
    recentUseDays: {
      value: 180,
      snapshot: { iam: { credentialReport: credentialReport([rootRow(), userRow('slow-job', accessKey(1, 30, 100))]), userDetails: [iamUser('slow-job')] } },
    },
  },
  'iam-root-not-used': { rootUsageWindowDays: { value: 100000 } },
  'naming-convention': { patterns: { value: { instance: '^never$' } }, minConsistency: { value: 0 } },
  'ops-automation-coverage': {
    minCoverage: { value: 0 },
    iacTagKeys: { value: ['env'] },
    configMgmtTag: {
      value: 'Tooling',
      snapshot: {
        ec2: { instances: [{ InstanceId: 'i-chef', State: { Name: 'running' }, Tags: tags({ 'aws:autoscaling:groupName': 'web', ManagedBy: 'Chef' }) }] },
        ssm: { instanceInformation: [], associations: [] },
      },
    },
  },
  'quotas-headroom': { serviceCodes: { value: ['ec2'] }, warnPct: { value: 1 }, failPct: { value: 100 } },
  'tags-required-keys': {
    requiredTagKeys: { value: ['owner'] },
    resourceTypes: { value: ['instance'] },
    caseInsensitive: { value: true },
    excludeDefaultResources: { value: false },
  },
};

function optionKeys(rule: Rule): string[] {
  const shape = (rule.options as unknown as { shape?: Record<string, z.ZodType> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** What an audit says: each finding's identity, status and severity. */
function verdicts(rule: Rule, snapshot: Snapshot, entry: Record<string, unknown>): string[] {
  const options = ruleOptions(rule, entry, 'options-matter');
  const r = evaluateRule(snapshot, { rule, options, severity: rule.severity, severityOverridden: false });
  return r.findings.map((f) => `${f.key} ${f.status} ${f.severity} ${f.message}`).sort();
}

describe('every rule option changes some verdict', () => {
  it('every option key of every rule has an entry, and no entry names a key that does not exist', () => {
    const missing = RULES.flatMap((r) => optionKeys(r).filter((k) => !TABLE[r.id]?.[k]).map((k) => `${r.id}.${k}`));
    const stale = Object.entries(TABLE).flatMap(([id, keys]) => {
      const rule = RULES.find((r) => r.id === id);
      return Object.keys(keys).filter((k) => !rule || !optionKeys(rule).includes(k)).map((k) => `${id}.${k}`);
    });
    expect(missing, 'options without an entry: give a value and a snapshot on which it changes a verdict').toEqual([]);
    expect(stale).toEqual([]);
  });

  for (const rule of RULES)
    for (const key of optionKeys(rule)) {
      const entry = TABLE[rule.id]?.[key];
      if (!entry) continue;
      it(`${rule.id}: ${key}`, () => {
        const snapshot = entry.snapshot ? buildSnapshot(rule, entry.snapshot) : demo;
        expect(verdicts(rule, snapshot, { [key]: entry.value })).not.toEqual(verdicts(rule, snapshot, {}));
      });
    }
});
