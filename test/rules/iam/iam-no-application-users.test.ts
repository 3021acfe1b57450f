import { describe, expect, it } from 'vitest';
import rule from '../../../rules/iam/iam-no-application-users.js';
import { ruleOptions } from '../../../src/engine/select.js';
import { RuleTester, type SnapshotInput } from '../../rule-tester.js';
import { consoleUserRow, credentialReport, iamUser, rootRow, userRow, type ReportRowInput } from '../../support/credential-report.js';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString().replace('.000Z', '+00:00');

/** A GetAccountAuthorizationDetails user item matching `userRow(name)`. */
const detail = (name: string, tags: Record<string, string> = {}, createDate?: string) => ({
  ...iamUser(name, createDate),
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

function snap(rows: ReportRowInput[], details = rows.map((r) => detail(r.user!))): SnapshotInput {
  return { iam: { credentialReport: credentialReport([rootRow(), ...rows]), userDetails: details } };
}

const key = (n: 1 | 2, used: number | null, service = 's3'): ReportRowInput => ({
  [`access_key_${n}_active`]: 'true',
  [`access_key_${n}_last_rotated`]: daysAgo(30),
  [`access_key_${n}_last_used_date`]: used === null ? 'N/A' : daysAgo(used),
  [`access_key_${n}_last_used_service`]: used === null ? 'N/A' : service,
});

RuleTester.run(rule, {
  valid: [
    { name: 'no users at all', notApplicable: true, snapshot: snap([]) },
    { name: 'a user without keys', snapshot: snap([userRow('nobody')]) },
    {
      name: 'console user with keys is a person (left to iam-mfa-enabled / iam-access-key-hygiene)',
      snapshot: snap([consoleUserRow('alice', daysAgo(1), key(1, 1))]),
    },
    {
      name: 'programmatic-only user exempted by tag (INFO)',
      notApplicable: true,
      snapshot: snap([userRow('datadog', key(1, 1))], [detail('datadog', { 'aws-tips:exempt': 'SaaS integration needs keys' })]),
    },
    {
      name: 'programmatic-only user whose keys are idle: INFO, iam-access-key-hygiene fails them',
      notApplicable: true,
      snapshot: snap([userRow('old-bot', key(1, 120))]),
    },
    { name: 'root keys are ignored (iam-root-not-used)', notApplicable: true, snapshot: { iam: { credentialReport: credentialReport([rootRow(key(1, 1))]), userDetails: [] } } },
    {
      name: 'an inactive key does not make an application user',
      snapshot: snap([userRow('retired', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(30), access_key_1_last_used_date: daysAgo(2) })]),
    },
  ],
  invalid: [
    {
      name: 'programmatic-only user with a key used recently and a service-like name',
      snapshot: snap([userRow('deploy-bot', key(1, 2))]),
      findings: [{
        status: 'fail', severity: 'medium', resource: 'deploy-bot', region: 'global',
        message: /looks like an application identity \(no console password, access key 1 used 2 days ago, a service-like name\).*replace them with a role/,
        evidence: { nameLooksLikeService: true, lastUsedServices: ['s3'], password_enabled: 'false' },
      }],
    },
    {
      name: 'a person-like name still fails, without the name evidence',
      snapshot: snap([userRow('mary', key(2, 10, 'ec2'))]),
      findings: [{ status: 'fail', messageId: 'applicationUser', resource: 'mary', message: /access key 2 used 10 days ago\)/, evidence: { nameLooksLikeService: false } }],
    },
    {
      name: 'keys last used only with sts: hint that it already assumes roles',
      snapshot: snap([userRow('assumer', key(1, 1, 'sts'))]),
      findings: [{ status: 'fail', messageId: 'applicationUser', resource: 'assumer', message: /only with sts/ }],
    },
    {
      name: 'recentUseDays configurable: a key used 100 days ago counts with a 180-day window',
      snapshot: snap([userRow('slow-job', key(1, 100))]),
      options: { recentUseDays: 180 },
      findings: [{ status: 'fail', resource: 'slow-job' }],
    },
    {
      name: 'custom exempt tag: the default tag no longer exempts',
      snapshot: snap([userRow('vendor', key(1, 1))], [detail('vendor', { 'aws-tips:exempt': 'x' })]),
      options: { exemptTag: 'security:approved' },
      findings: [{ status: 'fail', resource: 'vendor' }],
    },
    {
      name: 'idle and exempt users are INFO next to a failing one',
      snapshot: snap(
        [userRow('ci-runner', key(1, 1)), userRow('old-bot', key(1, 200)), userRow('saas', key(1, 1))],
        [detail('ci-runner'), detail('old-bot'), detail('saas', { 'aws-tips:exempt': '' })],
      ),
      findings: [
        { status: 'fail', resource: 'ci-runner' },
        { status: 'info', messageId: 'idleKeys', resource: 'old-bot', message: /not used within 90 days/ },
        { status: 'info', messageId: 'exempt', resource: 'saas', message: /exempt \(aws-tips:exempt: no reason given\)/ },
      ],
    },
    {
      name: 'user created after the report: error',
      snapshot: snap([userRow('app', key(1, 1))], [detail('app'), detail('newer', {}, '2026-11-01T11:59:00.000Z')]),
      findings: [{ status: 'fail', resource: 'app' }, { status: 'error', messageId: 'createdAfterReport', resource: 'newer', message: /created after the credential report/ }],
    },
  ],
});

describe('iam-no-application-users options', () => {
  it('serviceNamePattern must be a safe regular expression (shared safeRegex)', () => {
    expect(() => ruleOptions(rule, { serviceNamePattern: '([' }, 'cfg')).toThrow(/serviceNamePattern: regular expression is not a valid RE2 regular expression/);
    expect(() => ruleOptions(rule, { serviceNamePattern: '^(?!admin)' }, 'cfg')).toThrow(/serviceNamePattern: regular expression uses lookahead or lookbehind/);
    expect(ruleOptions(rule, { serviceNamePattern: '^(a+)+$' }, 'cfg')).toBeTruthy();
    expect(ruleOptions(rule, { serviceNamePattern: '^(svc|bot)-' }, 'cfg')).toBeTruthy();
  });
});
