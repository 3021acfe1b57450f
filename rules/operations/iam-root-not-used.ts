import { z } from 'zod';
import {
  daysSince,
  describeDate,
  loadCredentialReport,
  rawValues,
  rootResource,
  withinDays,
  type ReportDate,
} from '../../src/aws-model/credential-report.js';
import { defineRule, error, fail, info, pass, warn, type Emitted } from '../../src/rule.js';

const ago = (d: Date, now: Date) => {
  const n = daysSince(d, now);
  return n === 0 ? 'today' : `${n} day${n === 1 ? '' : 's'} ago`;
};
const USE_COLUMNS = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date'];
const ROOT_COLUMNS = [
  'password_enabled', ...USE_COLUMNS, 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_2_active',
  'access_key_2_last_rotated', 'cert_1_active', 'cert_2_active',
];

/** Findings about root's access keys: the "no root access key" controls are judged by them alone. */
const ROOT_KEY_MESSAGES = ['accessKeyActive', 'accessKeyInactive', 'accessKeyAfterReport', 'accessKeyNoRootRow', 'noKeys', 'noCredentials'];

/** Findings about root's recent use: the "eliminate use of root" controls are judged by them alone. */
const ROOT_USE_MESSAGES = ['noRootRow', 'recentlyUsed', 'lastUseUnreadable', 'notUsed', 'noCredentials'];

export default defineRule({
  id: 'iam-root-not-used',
  section: 'operations',
  tip: 'Everyone gets an IAM account. Never login to the master.',
  title: 'The root user has no access keys and is not used',
  kind: 'automatic',
  severity: 'critical',
  needs: ['iam.credentialReport', 'iam.accountSummary'],
  optionalNeeds: ['iam.organizationsFeatures'],
  options: z.object({ rootUsageWindowDays: z.number().int().positive().default(30) }),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '1.4', coverage: 'full', messages: ROOT_KEY_MESSAGES,
      note: 'Active root key FAILs; an inactive one is a medium WARN (the control fails any key).',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.3', coverage: 'full', messages: ROOT_KEY_MESSAGES,
      note: 'Active root key FAILs; an inactive one is a medium WARN (the control fails any key).',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.4', coverage: 'full', messages: ROOT_KEY_MESSAGES,
      note: 'Active root key FAILs; an inactive one is a medium WARN (the control fails any key).',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.7', coverage: 'full', messages: ROOT_USE_MESSAGES,
      note: 'Root password or key use within rootUsageWindowDays (30) fails.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.6', coverage: 'full', messages: ROOT_USE_MESSAGES,
      note: 'Root password or key use within rootUsageWindowDays (30) fails.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.7', coverage: 'full', messages: ROOT_USE_MESSAGES,
      note: 'Root password or key use within rootUsageWindowDays (30) fails.',
    },
    { framework: 'aws-fsbp', control: 'IAM.4', coverage: 'full', messages: ROOT_KEY_MESSAGES },
    {
      framework: 'aws-well-architected', control: 'SEC01-BP02', coverage: 'partial',
      note: 'Checks root keys and root use only; the practice also covers MFA, contacts and guardrails.',
    },
  ],
  docs: {
    rationale:
      'The root user ("master" in the article) can do anything, including closing the account, and no policy can limit it. Nobody should use it day to day, and it should have no access keys at all.',
    checks:
      "Reads the credential report's root row. FAIL critical for an active root access key (or AccountAccessKeysPresent = 1 that the report does not show). FAIL high when the root password or a root key was used within rootUsageWindowDays, or a root signing certificate is active. WARN medium for root keys or certificates that exist but are inactive. Without a root row (a report that omits it) the keys are judged from GetAccountSummary and the last use is reported as an error. An INFO notes the state of centralized root access and that sts:AssumeRoot sessions do not appear in the report.",
    remediation:
      'Sign in as root, open Security credentials and delete the access keys and signing certificates; use IAM Identity Center or IAM users/roles for daily work. In an organization, enable centralized root access and delete member accounts\' root credentials. Alarm on root activity with a CloudTrail metric filter (CIS 4.3).',
    cli: 'aws iam enable-organizations-root-credentials-management',
    outdated:
      'Still valid and reinforced: "master" is now the root user, AWS enforces root MFA, and since November 2024 Organizations can remove member accounts\' root credentials entirely.',
    links: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-access-management.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
      'https://aws.amazon.com/blogs/security/secure-by-design-aws-enhances-centralized-security-controls-as-mfa-requirements-expand',
    ],
  },
  messages: {
    accessKeyActive: 'root access key {{index}} (created {{created}}, last used {{lastUsed}}) is active: delete it',
    accessKeyInactive: 'root access key {{index}} (created {{created}}, last used {{lastUsed}}) is inactive but still exists: delete it',
    accessKeyAfterReport: 'root has an access key (AccountAccessKeysPresent = 1) created after the credential report',
    accessKeyNoRootRow: 'root has an access key (AccountAccessKeysPresent = 1); the credential report has no root row to say whether it is active',
    certificateActive: 'root signing certificate {{index}} is active: delete it',
    certificateInactive: 'root signing certificate {{index}} is inactive but still exists: delete it',
    certificateUnreported: 'root has a signing certificate (AccountSigningCertificatesPresent = 1)',
    noRootRow: 'root last use cannot be determined: the credential report has no root row',
    recentlyUsed: 'root was used within the last {{window}} days: {{uses}}',
    lastUseUnreadable: 'root last use cannot be determined: {{unreadable}}',
    noCredentials: 'root has no password and no access keys, consistent with centralized root access having deleted its credentials',
    noKeys: 'root has no access keys or signing certificates{{source}}',
    notUsed: 'root not used in the last {{window}} days (password last used {{lastUsed}})',
    notRootManager: "This account does not manage an organization's centralized root access (not its management or delegated administrator account); root sessions started with sts:AssumeRoot do not appear in the credential report: alarm on root activity with a CloudTrail metric filter (CIS 4.3)",
    centralRootOn: 'Centralized root access is on for {{organization}} ({{features}}); root sessions started with sts:AssumeRoot do not appear in the credential report: alarm on root activity with a CloudTrail metric filter (CIS 4.3)',
    centralRootOff: "Centralized root access is off for {{organization}}: enable it (aws iam enable-organizations-root-credentials-management) to remove member accounts' root credentials; root sessions started with sts:AssumeRoot do not appear in the credential report: alarm on root activity with a CloudTrail metric filter (CIS 4.3)",
  },
  *check({ iam }, ctx) {
    const { options, now, account } = ctx;
    const report = loadCredentialReport(iam.credentialReport);
    const { SummaryMap: summary } = iam.accountSummary;
    const root = report.root;
    const res = rootResource(ctx, root);
    const window = options.rootUsageWindowDays;
    const found: Emitted[] = [];
    const summaryEvidence = {
      AccountAccessKeysPresent: summary.AccountAccessKeysPresent,
      AccountSigningCertificatesPresent: summary.AccountSigningCertificatesPresent,
    };

    for (const k of root?.accessKeys ?? []) {
      const evidence = rawValues(root!, [`access_key_${k.index}_active`, `access_key_${k.index}_last_rotated`, `access_key_${k.index}_last_used_date`, `access_key_${k.index}_last_used_service`]);
      const key = { index: k.index, created: describeDate(k.lastRotated), lastUsed: describeDate(k.lastUsedDate) };
      const subject = `access key ${k.index}`;
      if (k.active) found.push(fail(res, 'accessKeyActive', key, { severity: 'critical', subject, evidence }));
      else if (k.present) found.push(warn(res, 'accessKeyInactive', key, { severity: 'medium', subject, evidence }));
    }
    if (summary.AccountAccessKeysPresent === 1 && !root?.accessKeys.some((k) => k.present))
      found.push(fail(res, root ? 'accessKeyAfterReport' : 'accessKeyNoRootRow', {}, { severity: 'critical', evidence: summaryEvidence }));

    for (const c of root?.certs ?? []) {
      const evidence = rawValues(root!, [`cert_${c.index}_active`, `cert_${c.index}_last_rotated`]);
      const subject = `signing certificate ${c.index}`;
      if (c.active) found.push(fail(res, 'certificateActive', { index: c.index }, { severity: 'high', subject, evidence }));
      else if (c.present) found.push(warn(res, 'certificateInactive', { index: c.index }, { severity: 'medium', subject, evidence }));
    }
    if (summary.AccountSigningCertificatesPresent === 1 && !root?.certs.some((c) => c.present))
      found.push(fail(res, 'certificateUnreported', {}, { severity: 'high', evidence: summaryEvidence }));

    const credentialIssues = found.length;
    if (!root) {
      found.push(error(res, 'noRootRow', {}, {
        evidence: { rows: report.rows.length, GeneratedTime: iam.credentialReport.GeneratedTime, ...summaryEvidence },
      }));
    } else {
      const uses: [string, ReportDate][] = [['password', root.passwordLastUsed], ...root.accessKeys.map((k): [string, ReportDate] => [`access key ${k.index}`, k.lastUsedDate])];
      const evidence = rawValues(root, USE_COLUMNS);
      const recent = uses.filter(([, d]) => withinDays(d, now, window));
      const unreadable = uses.filter(([, d]) => d.reason === 'invalid');
      if (recent.length > 0)
        found.push(fail(res, 'recentlyUsed', { window, uses: recent.map(([w, d]) => `${w} on ${describeDate(d)} (${ago(d.date!, now)})`).join(', ') }, { severity: 'high', evidence }));
      else if (unreadable.length > 0)
        found.push(error(res, 'lastUseUnreadable', { unreadable: unreadable.map(([w, d]) => `${w} last used "${d.raw}"`).join(', ') }, { evidence }));
    }

    yield* found;
    // Each check that found nothing passes on its own: a recent login does not hide that root has no keys.
    const noCredentials = root && !root.hasPassword && !root.accessKeys.some((k) => k.present);
    if (credentialIssues === 0)
      yield pass(res, noCredentials ? 'noCredentials' : 'noKeys', noCredentials ? {} : { source: root ? '' : ' (GetAccountSummary)' },
        { evidence: { ...(root ? rawValues(root, ROOT_COLUMNS) : {}), ...summaryEvidence } });
    if (root && found.length === credentialIssues)
      yield pass(res, 'notUsed', { window, lastUsed: describeDate(root.passwordLastUsed) },
        { evidence: rawValues(root, USE_COLUMNS) });

    const org = iam.organizationsFeatures;
    if (org === undefined) return; // not collected: the engine reports why
    const features = org?.EnabledFeatures ?? [];
    const organization = org?.OrganizationId ?? 'the organization';
    yield info(account(), !org ? 'notRootManager' : features.includes('RootCredentialsManagement') ? 'centralRootOn' : 'centralRootOff',
      { organization, features: features.join(', ') },
      { severity: 'info', evidence: { OrganizationId: org?.OrganizationId ?? null, EnabledFeatures: features } });
  },
});
