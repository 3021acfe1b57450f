import rule from '../../../rules/operations/iam-root-not-used.js';
import { RuleTester, type SnapshotInput } from '../../rule-tester.js';
import { credentialReport, rootRow, userRow, type ReportRowInput } from '../../support/credential-report.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const SUMMARY = { AccountAccessKeysPresent: 0, AccountSigningCertificatesPresent: 0, AccountMFAEnabled: 1 };

function snap(rows: ReportRowInput[], summary: Record<string, number> = {}, org: unknown = null): SnapshotInput {
  return {
    iam: {
      credentialReport: credentialReport(rows),
      accountSummary: { SummaryMap: { ...SUMMARY, ...summary } },
      organizationsFeatures: org,
    },
  };
}

const notManagement = { status: 'info', severity: 'info', message: /not its management or delegated administrator account/ } as const;
const daysAgo = (n: number) => new Date(Date.parse('2026-11-01T12:00:00Z') - n * 86_400_000).toISOString().replace('.000Z', '+00:00');

RuleTester.run(rule, {
  valid: [
    { name: 'root never used since tracking began (no_information), no keys', snapshot: snap([rootRow(), userRow('alice')]) },
    { name: 'root password last used before the window', snapshot: snap([rootRow({ password_last_used: daysAgo(31) })]) },
    {
      name: 'root has no password and no keys (centralized root access)',
      snapshot: snap([rootRow({ password_last_used: 'N/A', password_enabled: 'false' })]),
    },
    {
      name: 'use outside a shorter configured window',
      snapshot: snap([rootRow({ password_last_used: daysAgo(10) })]),
      options: { rootUsageWindowDays: 5 },
    },
    {
      name: 'management account with centralized root access',
      snapshot: snap([rootRow()], {}, { OrganizationId: 'o-abc', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] }),
    },
  ],
  invalid: [
    {
      name: 'active root access key',
      snapshot: snap([rootRow({ access_key_1_active: 'true', access_key_1_last_rotated: '2020-01-01T00:00:00+00:00' })], { AccountAccessKeysPresent: 1 }),
      findings: [
        { status: 'fail', severity: 'critical', resource: ROOT, region: 'global', message: /root access key 1 .*created 2020-01-01T00:00:00Z.*is active/, evidence: { access_key_1_active: 'true' } },
        notManagement,
      ],
    },
    {
      name: 'active root key written TRUE (case-insensitive)',
      snapshot: snap([rootRow({ access_key_2_active: 'TRUE', access_key_2_last_rotated: '2020-01-01T00:00:00+00:00' })], { AccountAccessKeysPresent: 1 }),
      findings: [{ status: 'fail', severity: 'critical', message: /root access key 2/ }, notManagement],
    },
    {
      name: 'AccountAccessKeysPresent = 1 while the report shows no key (created after the report)',
      snapshot: snap([rootRow()], { AccountAccessKeysPresent: 1 }),
      findings: [{ status: 'fail', severity: 'critical', message: /AccountAccessKeysPresent = 1/, evidence: { AccountAccessKeysPresent: 1 } }, notManagement],
    },
    {
      name: 'root password used within the window',
      snapshot: snap([rootRow({ password_last_used: '2026-10-29T09:30:00+00:00' })]),
      findings: [
        { status: 'fail', severity: 'high', message: /password on 2026-10-29T09:30:00Z \(3 days ago\)/, evidence: { password_last_used: '2026-10-29T09:30:00+00:00' } },
        notManagement,
      ],
    },
    {
      name: 'use inside the default window but outside a shorter one would pass',
      snapshot: snap([rootRow({ password_last_used: daysAgo(10) })]),
      findings: [{ status: 'fail', severity: 'high', message: /within the last 30 days/ }, notManagement],
    },
    {
      name: 'inactive root key used recently: warn for the key, fail for the use',
      snapshot: snap(
        [rootRow({ access_key_1_active: 'false', access_key_1_last_rotated: '2025-01-01T00:00:00+00:00', access_key_1_last_used_date: daysAgo(2) })],
        { AccountAccessKeysPresent: 1 },
      ),
      findings: [
        { status: 'warn', severity: 'medium', message: /root access key 1 .*inactive/ },
        { status: 'fail', severity: 'high', message: /access key 1 on/ },
        notManagement,
      ],
    },
    {
      name: 'present but inactive root key only',
      snapshot: snap([rootRow({ access_key_1_active: 'false', access_key_1_last_rotated: '2025-01-01T00:00:00+00:00' })], { AccountAccessKeysPresent: 1 }),
      findings: [{ status: 'warn', severity: 'medium', evidence: { access_key_1_active: 'false' } }, notManagement],
    },
    {
      name: 'active root signing certificate',
      snapshot: snap([rootRow({ cert_1_active: 'true', cert_1_last_rotated: '2019-01-01T00:00:00+00:00' })], { AccountSigningCertificatesPresent: 1 }),
      findings: [{ status: 'fail', severity: 'high', message: /signing certificate 1 is active/ }, notManagement],
    },
    {
      name: 'report without a root row (moto): keys judged from the summary, use is an error',
      snapshot: snap([userRow('alice')]),
      findings: [{ status: 'error', resource: ROOT, message: /root last use cannot be determined/ }, notManagement],
      passes: ['root'],
    },
    {
      name: 'report without a root row and root keys present',
      snapshot: snap([userRow('alice')], { AccountAccessKeysPresent: 1 }),
      findings: [
        { status: 'fail', severity: 'critical', message: /no root row/ },
        { status: 'error', message: /root last use cannot be determined/ },
        notManagement,
      ],
    },
    {
      name: 'unreadable password_last_used is an error, not a pass',
      snapshot: snap([rootRow({ password_last_used: 'garbage' })]),
      findings: [{ status: 'error', message: /password last used "garbage"/ }, notManagement],
    },
    {
      name: 'management account without centralized root access',
      snapshot: snap([rootRow({ password_last_used: daysAgo(1) })], {}, { OrganizationId: 'o-abc', EnabledFeatures: [] }),
      findings: [
        { status: 'fail', severity: 'high' },
        { status: 'info', message: /Centralized root access is off for o-abc/ },
      ],
    },
    {
      name: 'malformed report is an error',
      snapshot: { iam: { credentialReport: { Content: 'user,arn\nroot,x\n' }, accountSummary: { SummaryMap: SUMMARY }, organizationsFeatures: null } },
      findings: [{ status: 'error', message: /credential report is malformed: missing column/ }],
    },
  ],
});
