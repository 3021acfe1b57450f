import { z } from 'zod';
import {
  describeDate,
  loadCredentialReport,
  rawValues,
  reconcileWithUsers,
  rootResource,
  rowResource,
  unreportedUsers,
} from '../../src/aws-model/credential-report.js';
import { defineRule, error, fail, pass, warn } from '../../src/rule.js';

const ROOT_COLUMNS = ['mfa_active', 'password_enabled', 'password_last_used', 'access_key_1_active', 'access_key_2_active'];
const USER_COLUMNS = ['password_enabled', 'password_last_used', 'mfa_active'];

export default defineRule({
  id: 'iam-mfa-enabled',
  section: 'iam',
  tip: 'IAM users can have multi-factor authentication, use it!',
  title: 'Root and console users sign in with MFA',
  kind: 'automatic',
  severity: 'critical',
  needs: ['iam.credentialReport', 'iam.accountSummary', 'iam.virtualMfaDevices', 'iam.users'],
  options: z.object({}),
  docs: {
    rationale:
      'A password alone is one phishing email away from being someone else\'s. The root user most definitely needs MFA, and every IAM user who signs in to the console should have it too.',
    checks:
      "Root (credential report root row, GetAccountSummary AccountMFAEnabled): when root has a password (inferred from password_last_used not being N/A) or access keys, FAIL critical without MFA, WARN low when its MFA is a virtual device (CIS prefers hardware for root); root without credentials passes. AccountMFAEnabled, read live, wins over the report's mfa_active, which may be up to 4 hours old. IAM users (report rows reconciled with ListUsers): password_enabled and no mfa_active is FAIL high; users without a console password pass. Users created after the report cannot be judged and are reported as errors.",
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
  *check({ iam }, { meta }) {
    const report = loadCredentialReport(iam.credentialReport);
    const summary = iam.accountSummary.SummaryMap;
    const root = report.root;
    const res = rootResource(meta, root);
    const evidence = { ...(root ? rawValues(root, ROOT_COLUMNS) : {}), AccountMFAEnabled: summary.AccountMFAEnabled, AccountAccessKeysPresent: summary.AccountAccessKeysPresent };
    // GetAccountSummary is live; the report may be 4 h old (MFA added or removed since).
    const mfa = summary.AccountMFAEnabled === 1 ? true : summary.AccountMFAEnabled === 0 ? false : root?.mfaActive ?? null;
    const hasKeys = summary.AccountAccessKeysPresent === 1 || !!root?.accessKeys.some((k) => k.active);
    const hasCredentials = hasKeys || !!root?.hasPassword;
    const virtual = iam.virtualMfaDevices.filter((d) => d.User?.Arn?.endsWith(':root'));
    const credentials = [root?.hasPassword && `a password (last used ${describeDate(root.passwordLastUsed)})`, hasKeys && 'access keys'].filter(Boolean).join(' and ');

    if (root && !hasCredentials)
      yield pass(res, 'root has no password and no access keys (centralized root access): nothing to protect with MFA', { evidence });
    else if (mfa === false && (root || hasKeys))
      yield fail(res, `root has ${credentials}, but no MFA device`, { severity: 'critical', evidence });
    else if (mfa === false || mfa === null)
      yield error(res, root
        ? `root MFA cannot be judged: mfa_active is "${root.raw.mfa_active}" and AccountMFAEnabled is missing`
        : `root MFA cannot be judged: the credential report has no root row to say whether root has a password, and AccountMFAEnabled is ${summary.AccountMFAEnabled ?? 'missing'}`, { evidence });
    else if (virtual.length > 0)
      yield warn(res, `root's MFA is a virtual device (${virtual.map((d) => d.SerialNumber).join(', ')}); use a hardware security key for root`, { severity: 'low', evidence: { ...evidence, SerialNumber: virtual.map((d) => d.SerialNumber) } });
    else yield pass(res, 'root has an MFA device that is not a virtual one', { evidence });

    const users = reconcileWithUsers(report, iam.users);
    for (const row of users.rows) {
      const r = rowResource(row);
      const ev = rawValues(row, USER_COLUMNS);
      if (row.passwordEnabled === false) yield pass(r, `${row.user} has no console password`, { evidence: ev });
      else if (row.passwordEnabled === true && row.mfaActive === true) yield pass(r, `${row.user} signs in with MFA`, { evidence: ev });
      else if (row.passwordEnabled === true && row.mfaActive === false)
        yield fail(r, `${row.user} has a console password (last used ${describeDate(row.passwordLastUsed)}) and no MFA device`, { severity: 'high', evidence: ev });
      else yield error(r, `${row.user}: unreadable report values password_enabled "${ev.password_enabled}", mfa_active "${ev.mfa_active}"`, { evidence: ev });
    }
    yield* unreportedUsers(iam.credentialReport, users.notInReport, 'its MFA');
  },
});
