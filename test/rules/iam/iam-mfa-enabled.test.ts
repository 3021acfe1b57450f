import rule from '../../../rules/iam/iam-mfa-enabled.js';
import { RuleTester, type SnapshotInput } from '../../rule-tester.js';
import { consoleUserRow, credentialReport, iamUser, rootRow, userRow, type ReportRowInput } from '../../support/credential-report.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const ROOT_VIRTUAL = { SerialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', User: { Arn: ROOT } };

function snap(
  rows: ReportRowInput[],
  opts: { summary?: Record<string, number>; users?: string[] | ReturnType<typeof iamUser>[]; virtual?: unknown[] } = {},
): SnapshotInput {
  const names = rows.map((r) => r.user!).filter((u) => u !== '<root_account>');
  const users = (opts.users ?? names).map((u) => (typeof u === 'string' ? iamUser(u) : u));
  return {
    iam: {
      credentialReport: credentialReport(rows),
      accountSummary: { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, ...opts.summary } },
      virtualMfaDevices: opts.virtual ?? [],
      users,
    },
  };
}

/** Users the report does not describe, as iam.unreportedUsers holds them (ListMFADevices, GetLoginProfile). */
const unreported = (name: string, extra: Record<string, unknown> = {}) => ({
  UserName: name,
  Arn: `arn:aws:iam::123456789012:user/${name}`,
  Region: 'global',
  MFADevices: [],
  LoginProfile: null,
  ...extra,
});
function withUnreported(s: SnapshotInput, items: unknown[], errors: unknown[] = []): SnapshotInput {
  return { ...s, iam: { ...s.iam, unreportedUsers: items, errors } };
}

RuleTester.run(rule, {
  valid: [
    {
      name: 'root with a hardware or FIDO MFA, console user with MFA, API-only user without MFA',
      snapshot: snap([rootRow(), consoleUserRow('alice', '2026-10-30T08:00:00+00:00', { mfa_active: 'true' }), userRow('ci-bot', { access_key_1_active: 'true' })]),
    },
    { name: 'mfa_active written TRUE', snapshot: snap([rootRow({ mfa_active: 'TRUE' }), consoleUserRow('bob', 'no_information', { mfa_active: 'TRUE' })]) },
    {
      name: 'root without credentials (centralized root access) needs no MFA',
      snapshot: snap([rootRow({ password_last_used: 'N/A', mfa_active: 'false' })], { summary: { AccountMFAEnabled: 0 } }),
    },
    {
      name: 'member account root with password_enabled false and no credentials',
      snapshot: snap([rootRow({ password_enabled: 'false', password_last_used: 'N/A', mfa_active: 'false' })], { summary: { AccountMFAEnabled: 0 } }),
    },
    {
      name: 'root MFA added after the report (AccountMFAEnabled is live)',
      snapshot: snap([rootRow({ mfa_active: 'false' })], { summary: { AccountMFAEnabled: 1 } }),
    },
    {
      name: 'a virtual device assigned to an IAM user is not root\'s',
      snapshot: snap([rootRow(), consoleUserRow('alice', 'no_information', { mfa_active: 'true' })], {
        virtual: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', User: { Arn: 'arn:aws:iam::123456789012:user/alice', UserName: 'alice' } }],
      }),
    },
    {
      name: 'rows of deleted users are ignored',
      snapshot: snap([rootRow(), consoleUserRow('gone')], { users: [] }),
    },
    {
      name: 'report without a root row, AccountMFAEnabled 1',
      snapshot: snap([userRow('alice')]),
    },
  ],
  invalid: [
    {
      name: 'root with a password and no MFA',
      snapshot: snap([rootRow({ mfa_active: 'false', password_last_used: '2026-10-01T10:00:00+00:00' })], { summary: { AccountMFAEnabled: 0 } }),
      findings: [
        {
          status: 'fail', severity: 'critical', resource: ROOT, region: 'global',
          message: /root has a password \(last used 2026-10-01T10:00:00Z\), but no MFA device/,
          evidence: { mfa_active: 'false', AccountMFAEnabled: 0 },
        },
      ],
    },
    {
      name: 'root MFA removed since the report (AccountMFAEnabled 0)',
      snapshot: snap([rootRow({ mfa_active: 'true' })], { summary: { AccountMFAEnabled: 0 } }),
      findings: [{ status: 'fail', severity: 'critical', resource: ROOT, evidence: { mfa_active: 'true', AccountMFAEnabled: 0 } }],
    },
    {
      name: 'root with only access keys and no MFA',
      snapshot: snap(
        [rootRow({ password_last_used: 'N/A', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2020-01-01T00:00:00+00:00' })],
        { summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } },
      ),
      findings: [{ status: 'fail', messageId: 'rootNoMfa', severity: 'critical', message: /root has access keys, but no MFA device/ }],
    },
    {
      name: 'member account root with password_enabled false but a used password',
      snapshot: snap([rootRow({ password_enabled: 'false', password_last_used: '2026-09-01T00:00:00+00:00', mfa_active: 'false' })], { summary: { AccountMFAEnabled: 0 } }),
      findings: [{ status: 'fail', severity: 'critical', resource: ROOT }],
    },
    {
      name: 'root MFA is a virtual device',
      snapshot: snap([rootRow()], { virtual: [ROOT_VIRTUAL] }),
      findings: [{ status: 'warn', messageId: 'rootVirtualMfa', severity: 'low', resource: ROOT, message: /virtual device \(arn:aws:iam::123456789012:mfa\/root-account-mfa-device\)/ }],
    },
    {
      name: 'console user without MFA',
      snapshot: snap([rootRow(), consoleUserRow('alice', '2026-10-30T08:00:00+00:00'), userRow('ci-bot')]),
      findings: [
        {
          status: 'fail', severity: 'high', resource: 'arn:aws:iam::123456789012:user/alice', region: 'global',
          message: 'alice has a console password (last used 2026-10-30T08:00:00Z) and no MFA device',
          evidence: { password_enabled: 'true', password_last_used: '2026-10-30T08:00:00+00:00', mfa_active: 'false' },
        },
      ],
      passes: ['root', 'ci-bot'],
    },
    {
      name: 'console user who never signed in, without MFA',
      snapshot: snap([rootRow(), consoleUserRow('newbie', 'no_information')]),
      findings: [{ status: 'fail', messageId: 'noMfa', severity: 'high', resource: 'newbie', message: /last used never recorded/ }],
    },
    {
      name: 'user created after the report cannot be judged',
      snapshot: snap([rootRow(), consoleUserRow('alice', 'no_information', { mfa_active: 'true' })], {
        users: [iamUser('alice'), iamUser('carol', '2026-11-01T11:30:00.000Z')],
      }),
      findings: [{ status: 'error', messageId: 'createdAfterReport', resource: 'carol', message: /carol was created after the credential report \(generated 2026-11-01T11:00:00Z\); re-run/ }],
      passes: ['alice'],
    },
    {
      name: 'users created after the report are judged from ListMFADevices and GetLoginProfile (iam.unreportedUsers)',
      snapshot: withUnreported(
        snap([rootRow(), consoleUserRow('alice', 'no_information', { mfa_active: 'true' })], {
          users: [iamUser('alice'), iamUser('carol', '2026-11-01T11:30:00.000Z'), iamUser('erin', '2026-11-01T11:31:00.000Z'), iamUser('frank', '2026-11-01T11:32:00.000Z')],
        }),
        [
          unreported('carol', { LoginProfile: { CreateDate: '2026-11-01T11:30:05.000Z' } }),
          unreported('erin'),
          unreported('frank', { LoginProfile: { CreateDate: '2026-11-01T11:32:05.000Z' }, MFADevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/frank', UserName: 'frank' }] }),
        ],
      ),
      findings: [{ status: 'fail', messageId: 'noMfaUnreported', severity: 'high', resource: 'carol', message: /carol has a console password and no MFA device \(read live: created after the credential report/ }],
      passes: ['alice', 'erin', 'frank'],
    },
    {
      name: 'a user created after the report whose MFA or login profile could not be read stays an error, never a pass',
      snapshot: withUnreported(
        snap([rootRow()], { users: [iamUser('gina', '2026-11-01T11:30:00.000Z')] }),
        [],
        [{ dataset: 'iam.unreportedUsers', service: 'iam', region: 'global', operation: 'iam:GetLoginProfile', code: 'Throttling', message: 'Rate exceeded', resource: 'arn:aws:iam::123456789012:user/gina' }],
      ),
      findings: [{ status: 'info', messageId: 'engine/context-unavailable' }, { status: 'error', messageId: 'createdAfterReport', resource: 'gina' }],
    },
    {
      name: 'user deleted and re-created since the report is not judged from the old row',
      snapshot: snap([rootRow(), consoleUserRow('dave', 'no_information')], { users: [iamUser('dave', '2026-11-01T11:45:00.000Z')] }),
      findings: [{ status: 'error', messageId: 'createdAfterReport', resource: 'dave', message: /created after the credential report/ }],
    },
    {
      name: 'report without a root row (moto) and AccountMFAEnabled 0',
      snapshot: snap([userRow('alice')], { summary: { AccountMFAEnabled: 0 } }),
      findings: [{ status: 'error', messageId: 'rootRowMissing', resource: ROOT, message: /no root row/ }],
      passes: ['alice'],
    },
    {
      name: 'report without a root row, root keys present and no MFA',
      snapshot: snap([userRow('alice')], { summary: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } }),
      findings: [{ status: 'fail', messageId: 'rootNoMfa', severity: 'critical', resource: ROOT, message: /root has access keys, but no MFA device/ }],
    },
  ],
});
