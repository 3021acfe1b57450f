import { describe, expect, it } from 'vitest';
import rule from '../../../rules/iam/iam-access-key-hygiene.js';
import { evaluateRule } from '../../../src/engine/evaluate.js';
import { ruleOptions } from '../../../src/engine/select.js';
import { buildSnapshot, RuleTester, type SnapshotInput } from '../../rule-tester.js';
import { consoleUserRow, credentialReport, iamUser, rootRow, userRow, type ReportRowInput } from '../../support/credential-report.js';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString().replace('.000Z', '+00:00');

function snap(rows: ReportRowInput[], users = rows.filter((r) => r.user !== '<root_account>').map((r) => iamUser(r.user!))): SnapshotInput {
  return { iam: { credentialReport: credentialReport([rootRow(), ...rows]), users } };
}

/** An active key `n` created `created` days ago, last used `used` days ago (or never). */
const key = (n: 1 | 2, created: number, used: number | null, service = 's3'): ReportRowInput => ({
  [`access_key_${n}_active`]: 'true',
  [`access_key_${n}_last_rotated`]: daysAgo(created),
  [`access_key_${n}_last_used_date`]: used === null ? 'N/A' : daysAgo(used),
  [`access_key_${n}_last_used_service`]: used === null ? 'N/A' : service,
});

RuleTester.run(rule, {
  valid: [
    { name: 'one young key used yesterday', snapshot: snap([userRow('ci', key(1, 30, 1))]) },
    { name: 'users without keys', snapshot: snap([userRow('nokeys'), consoleUserRow('alice', daysAgo(2))]) },
    { name: 'a key created 10 days ago and not used yet', snapshot: snap([userRow('fresh', key(1, 10, null))]) },
    {
      name: 'two active keys, the newer created 3 days ago: rotation in progress, the old key\'s age excused',
      snapshot: snap([userRow('rotating', { ...key(1, 200, 1), ...key(2, 3, 1) })]),
    },
    {
      name: 'key used exactly one day short of unusedDays',
      snapshot: snap([userRow('edge', key(1, 60, 44))]),
    },
    {
      name: 'root keys are not this rule\'s business (iam-root-not-used)',
      notApplicable: true,
      snapshot: { iam: { credentialReport: credentialReport([rootRow(key(1, 900, 300))]), users: [] } },
    },
    {
      name: 'options: a longer maxKeyAgeDays accepts a 120-day key',
      snapshot: snap([userRow('ci', key(1, 120, 1))]),
      options: { maxKeyAgeDays: 180 },
    },
    {
      name: 'an inactive leftover key is INFO, not a failure',
      snapshot: snap([userRow('ci', { ...key(1, 30, 1), access_key_2_active: 'false', access_key_2_last_rotated: daysAgo(400) })]),
    },
  ],
  invalid: [
    {
      name: 'key older than 90 days (rotation)',
      snapshot: snap([userRow('old', key(1, 91, 1))]),
      findings: [{ status: 'fail', messageId: 'notRotated', severity: 'medium', resource: 'old', region: 'global', message: /access key 1 was created 91 days ago.*rotate/, evidence: { access_key_1_active: 'true' } }],
    },
    {
      name: 'key unused for 45 days',
      snapshot: snap([userRow('idle', key(1, 60, 45))]),
      findings: [{ status: 'fail', messageId: 'unused', resource: 'idle', message: /not been used for 45 days/ }],
    },
    {
      name: 'key never used (N/A) and created 50 days ago',
      snapshot: snap([userRow('never', key(1, 50, null))]),
      findings: [{ status: 'fail', messageId: 'neverUsed', resource: 'never', message: /never been used \(last used never\) and was created 50 days ago/ }],
    },
    {
      name: 'old and unused: two failures on the same key',
      snapshot: snap([userRow('stale', key(1, 400, 100))]),
      findings: [
        { status: 'fail', messageId: 'notRotated', resource: 'stale', message: /created 400 days ago/ },
        { status: 'fail', messageId: 'unused', resource: 'stale', message: /not been used for 100 days/ },
      ],
    },
    {
      name: 'two long-lived active keys (newer one 30 days old)',
      snapshot: snap([userRow('two', { ...key(1, 60, 1), ...key(2, 30, 1) })]),
      findings: [{ status: 'fail', messageId: 'twoActiveKeys', resource: 'two', message: /two active access keys and no rotation is in progress/, evidence: { access_key_2_active: 'true' } }],
    },
    {
      name: 'both keys old and idle: one finding of each kind per key, told apart by the key slot',
      snapshot: snap([userRow('both', { ...key(1, 300, 100), ...key(2, 200, 90) })]),
      findings: [
        { status: 'fail', messageId: 'notRotated', resource: 'both', message: /access key 1 was created 300 days ago/ },
        { status: 'fail', messageId: 'notRotated', resource: 'both', message: /access key 2 was created 200 days ago/ },
        { status: 'fail', messageId: 'unused', resource: 'both', message: /access key 1 has not been used for 100 days/ },
        { status: 'fail', messageId: 'unused', resource: 'both', message: /access key 2 has not been used for 90 days/ },
        { status: 'fail', messageId: 'twoActiveKeys', resource: 'both' },
      ],
    },
    {
      name: 'rotation window configurable: 3-day-old key outside a 1-day window',
      snapshot: snap([userRow('rot', { ...key(1, 60, 1), ...key(2, 3, 1) })]),
      options: { rotationWindowDays: 1 },
      findings: [{ status: 'fail', resource: 'rot', message: /two active access keys/ }],
    },
    {
      name: 'booleans compared case-insensitively (TRUE)',
      snapshot: snap([userRow('upper', { ...key(1, 100, 1), access_key_1_active: 'TRUE' })]),
      findings: [{ status: 'fail', resource: 'upper', message: /created 100 days ago/ }],
    },
    {
      name: 'console user with a key created at user creation and never used (CIS initial setup)',
      snapshot: snap([
        consoleUserRow('bob', daysAgo(1), {
          user_creation_time: daysAgo(20),
          access_key_1_active: 'true',
          access_key_1_last_rotated: new Date(NOW - 20 * 86_400_000 + 30_000).toISOString(),
          access_key_1_last_used_date: 'N/A',
        }),
      ], [iamUser('bob', new Date(NOW - 20 * 86_400_000).toISOString())]),
      findings: [{ status: 'warn', messageId: 'initialKey', severity: 'low', resource: 'bob', message: /created with the user and never used/ }],
    },
    {
      name: 'inactive key reported as INFO next to a failure on the active one',
      snapshot: snap([userRow('mixed', { ...key(1, 95, 1), access_key_2_active: 'false', access_key_2_last_rotated: daysAgo(300) })]),
      findings: [
        { status: 'fail', messageId: 'notRotated', resource: 'mixed', message: /access key 1 was created 95 days ago/ },
        { status: 'info', messageId: 'inactiveKey', resource: 'mixed', message: /access key 2 is inactive/ },
      ],
    },
    {
      name: 'user created after the report: error, not a pass',
      snapshot: snap([userRow('ci', key(1, 10, 1))], [iamUser('ci'), iamUser('newbie', '2026-11-01T11:30:00.000Z')]),
      findings: [{ status: 'error', messageId: 'createdAfterReport', resource: 'newbie', message: /created after the credential report/ }],
      passes: ['ci'],
    },
    {
      name: 'rows of users deleted since the report are dropped',
      snapshot: snap([userRow('gone', key(1, 400, 300)), userRow('old', key(1, 100, 1))], [iamUser('old')]),
      findings: [{ status: 'fail', resource: 'old', message: /100 days ago/ }],
    },
  ],
});

describe('iam-access-key-hygiene pass messages', () => {
  const passes = (input: SnapshotInput) =>
    evaluateRule(buildSnapshot(rule, input), { rule, options: ruleOptions(rule, {}, 'test'), severity: rule.severity, severityOverridden: false })
      .findings.filter((f) => f.status === 'pass')
      .map((f) => f.message);

  it('a key never used is not "in use": the message says it has not been used yet', () => {
    expect(passes(snap([userRow('fresh', key(1, 10, null))]))).toEqual(["fresh's active access key 1 is 10 days old and has not been used yet"]);
  });

  it('a used key says when it was last used', () => {
    expect(passes(snap([userRow('ci', key(1, 30, 1))]))).toEqual([`ci's active access key 1 is 30 days old and was last used ${daysAgo(1).replace('+00:00', 'Z')}`]);
  });
});
