import { z } from 'zod';
import {
  describeDate,
  loadCredentialReport,
  rawValues,
  reconcileWithUsers,
  rootResource,
  rowResource,
  UNREPORTED_MESSAGES,
  unreportedUsers,
} from '../../src/aws-model/credential-report.js';
import { defineRule, error, fail, pass, warn } from '../../src/rule.js';

const ROOT_COLUMNS = ['mfa_active', 'password_enabled', 'password_last_used', 'access_key_1_active', 'access_key_2_active'];
const USER_COLUMNS = ['password_enabled', 'password_last_used', 'mfa_active'];

/** The root user's findings: the root MFA controls are judged by them alone. */
const ROOT_MFA_MESSAGES = ['rootNoCredentials', 'rootNoMfa', 'rootMfaUnreadable', 'rootRowMissing', 'rootVirtualMfa', 'rootHardwareMfa'];

/** The IAM users' findings: the users' MFA controls are judged by them alone. */
const USER_MFA_MESSAGES = ['noPassword', 'mfa', 'noMfa', 'noMfaUnreported', 'unreadable', 'createdAfterReport'];

export default defineRule({
  id: 'iam-mfa-enabled',
  section: 'iam',
  tip: 'IAM users can have multi-factor authentication, use it!',
  title: 'Root and console users sign in with MFA',
  kind: 'automatic',
  severity: 'critical',
  needs: ['iam.credentialReport', 'iam.accountSummary', 'iam.virtualMfaDevices', 'iam.users'],
  // Users the report does not cover, read live; unread, such a user stays an error (never a pass).
  optionalNeeds: ['iam.unreportedUsers'],
  options: z.object({}),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '1.5', coverage: 'partial', messages: ROOT_MFA_MESSAGES,
      note: 'v3.0.0 requires root MFA unconditionally; aws-tips passes a root user with no password and no keys.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.4', coverage: 'full', messages: ROOT_MFA_MESSAGES,
      note: 'v5.0.0 also accepts a root without password; aws-tips infers the password from password_last_used.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.5', coverage: 'full', messages: ROOT_MFA_MESSAGES,
      note: 'v7.0.0 also accepts a root without password; aws-tips infers the password from password_last_used.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.6', coverage: 'partial', messages: ROOT_MFA_MESSAGES,
      note: 'A virtual root MFA device is only a low WARN, not a failure.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.5', coverage: 'partial', messages: ROOT_MFA_MESSAGES,
      note: 'A virtual root MFA device is only a low WARN, not a failure.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.6', coverage: 'partial', messages: ROOT_MFA_MESSAGES,
      note: 'A virtual root MFA device is only a low WARN, not a failure.',
    },
    { framework: 'cis-aws-foundations-3.0', control: '1.10', coverage: 'full', messages: USER_MFA_MESSAGES },
    { framework: 'cis-aws-foundations-5.0', control: '1.9', coverage: 'full', messages: USER_MFA_MESSAGES },
    { framework: 'cis-aws-foundations-7.0', control: '2.10', coverage: 'full', messages: USER_MFA_MESSAGES },
    { framework: 'aws-fsbp', control: 'IAM.5', coverage: 'full', messages: USER_MFA_MESSAGES },
    {
      framework: 'aws-fsbp', control: 'IAM.6', coverage: 'partial', messages: ROOT_MFA_MESSAGES,
      note: 'Virtual root MFA is a low WARN; root without credentials passes.',
    },
    { framework: 'aws-well-architected', control: 'SEC01-BP02', coverage: 'partial', note: 'Checks root MFA only.' },
    {
      framework: 'aws-well-architected', control: 'SEC02-BP01', coverage: 'partial',
      note: 'Checks MFA for console users; the practice also covers password policy and federation.',
    },
  ],
  docs: {
    rationale:
      'A password alone is one phishing email away from being someone else\'s. The root user most definitely needs MFA, and every IAM user who signs in to the console should have it too.',
    checks:
      "Root (credential report root row, GetAccountSummary AccountMFAEnabled): when root has a password (inferred from password_last_used not being N/A) or access keys, FAIL critical without MFA, WARN low when its MFA is a virtual device (CIS prefers hardware for root); root without credentials passes. AccountMFAEnabled, read live, wins over the report's mfa_active, which may be up to 4 hours old. IAM users (report rows reconciled with ListUsers): password_enabled and no mfa_active is FAIL high; users without a console password pass. Users created after the report (listed by ListUsers, absent from it) are judged live: ListMFADevices and GetLoginProfile (NoSuchEntity: no console password), with the same verdicts; one whose calls failed is reported as an error.",
    remediation:
      'Register a FIDO2 security key or passkey (console: IAM > Users > Security credentials > Assign MFA device), or a virtual MFA app. For root, prefer a hardware key; in an organization, centralized root access can remove member root credentials instead.',
    cli: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>',
    outdated:
      'Still valid, and AWS now enforces MFA for root users (management accounts 2024, member accounts 2025), with FIDO2 passkeys and up to 8 devices per user. Identity Center users configure MFA there, not in IAM.',
    links: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    ],
  },
  messages: {
    rootNoCredentials: 'root has no password and no access keys (centralized root access): nothing to protect with MFA',
    rootNoMfa: 'root has {{credentials}}, but no MFA device',
    rootMfaUnreadable: 'root MFA cannot be judged: mfa_active is "{{mfaActive}}" and AccountMFAEnabled is missing',
    rootRowMissing:
      'root MFA cannot be judged: the credential report has no root row to say whether root has a password, and AccountMFAEnabled is {{accountMfaEnabled}}',
    rootVirtualMfa: "root's MFA is a virtual device ({{serials}}); use a hardware security key for root",
    rootHardwareMfa: 'root has an MFA device that is not a virtual one',
    noPassword: '{{user}} has no console password',
    mfa: '{{user}} signs in with MFA',
    noMfa: '{{user}} has a console password (last used {{lastUsed}}) and no MFA device',
    noMfaUnreported: '{{user}} has a console password and no MFA device (read live: created after the credential report)',
    unreadable: '{{user}}: unreadable report values password_enabled "{{passwordEnabled}}", mfa_active "{{mfaActive}}"',
    ...UNREPORTED_MESSAGES,
  },
  *check({ iam }, ctx) {
    const report = loadCredentialReport(iam.credentialReport);
    const summary = iam.accountSummary.SummaryMap;
    const root = report.root;
    const res = rootResource(ctx, root);
    const evidence = { ...(root ? rawValues(root, ROOT_COLUMNS) : {}), AccountMFAEnabled: summary.AccountMFAEnabled, AccountAccessKeysPresent: summary.AccountAccessKeysPresent };
    // GetAccountSummary is live; the report may be 4 h old (MFA added or removed since).
    const mfa = summary.AccountMFAEnabled === 1 ? true : summary.AccountMFAEnabled === 0 ? false : root?.mfaActive ?? null;
    const hasKeys = summary.AccountAccessKeysPresent === 1 || !!root?.accessKeys.some((k) => k.active);
    const hasCredentials = hasKeys || !!root?.hasPassword;
    const virtual = iam.virtualMfaDevices.filter((d) => d.User?.Arn?.endsWith(':root'));
    const credentials = [root?.hasPassword && `a password (last used ${describeDate(root.passwordLastUsed)})`, hasKeys && 'access keys'].filter(Boolean).join(' and ');

    if (root && !hasCredentials)
      yield pass(res, 'rootNoCredentials', {}, { evidence });
    else if (mfa === false && (root || hasKeys))
      yield fail(res, 'rootNoMfa', { credentials }, { severity: 'critical', evidence });
    else if (mfa === false || mfa === null)
      yield root
        ? error(res, 'rootMfaUnreadable', { mfaActive: root.raw.mfa_active ?? '' }, { evidence })
        : error(res, 'rootRowMissing', { accountMfaEnabled: summary.AccountMFAEnabled ?? 'missing' }, { evidence });
    else if (virtual.length > 0)
      yield warn(res, 'rootVirtualMfa', { serials: virtual.map((d) => d.SerialNumber).join(', ') }, { severity: 'low', evidence: { ...evidence, SerialNumber: virtual.map((d) => d.SerialNumber) } });
    else yield pass(res, 'rootHardwareMfa', {}, { evidence });

    const users = reconcileWithUsers(report, iam.users);
    for (const row of users.rows) {
      const r = rowResource(ctx, row, iam.users);
      const user = row.user;
      const ev = rawValues(row, USER_COLUMNS);
      if (row.passwordEnabled === false) yield pass(r, 'noPassword', { user }, { evidence: ev });
      else if (row.passwordEnabled === true && row.mfaActive === true) yield pass(r, 'mfa', { user }, { evidence: ev });
      else if (row.passwordEnabled === true && row.mfaActive === false)
        yield fail(r, 'noMfa', { user, lastUsed: describeDate(row.passwordLastUsed) }, { severity: 'high', evidence: ev });
      else yield error(r, 'unreadable', { user, passwordEnabled: ev.password_enabled ?? '', mfaActive: ev.mfa_active ?? '' }, { evidence: ev });
    }
    // Created after the report: judged from ListMFADevices and GetLoginProfile where they were read.
    const live = new Map((iam.unreportedUsers ?? []).map((u) => [u.Arn, u]));
    const unjudged = [];
    for (const u of users.notInReport) {
      const read = live.get(u.Arn);
      if (!read) {
        unjudged.push(u);
        continue;
      }
      const ev = { LoginProfile: read.LoginProfile !== null, MFADevices: read.MFADevices.map((d) => d.SerialNumber ?? ''), CreateDate: u.CreateDate };
      if (!read.LoginProfile) yield pass(u, 'noPassword', { user: u.UserName }, { evidence: ev });
      else if (read.MFADevices.length > 0) yield pass(u, 'mfa', { user: u.UserName }, { evidence: ev });
      else yield fail(u, 'noMfaUnreported', { user: u.UserName }, { severity: 'high', evidence: ev });
    }
    yield* unreportedUsers(iam.credentialReport, unjudged, 'its MFA');
  },
});
