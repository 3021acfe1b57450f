import { z } from 'zod';
import {
  daysSince,
  describeDate,
  loadCredentialReport,
  rawValues,
  reconcileWithUsers,
  rootResource,
  rowResource,
  UNREPORTED_MESSAGES,
  unreportedUsers,
  withinDays,
} from '../../src/aws-model/credential-report.js';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';
import { compileRegex, safeRegex } from '../../src/safe-regex.js';


const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
const USER_COLUMNS = ['user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed'];

export default defineRule({
  id: 'iam-individual-human-identities',
  section: 'operations',
  tip: 'Everyone gets an IAM account. Never login to the master.',
  title: 'Every person signs in with an individual identity, preferably federated',
  kind: 'heuristic',
  severity: 'medium',
  needs: ['iam.credentialReport', 'iam.users', 'iam.samlProviders', 'iam.oidcProviders', 'iam.roles'],
  // Context: the AWSReservedSSO_* roles already show Identity Center federation, so a region whose
  // sso:ListInstances fails, or a denied DescribeOrganization, must not withhold the verdict.
  optionalNeeds: ['ssoadmin.instances', 'organizations.organization'],
  options: z.object({
    /** Console user names that look shared (matched case-insensitively against the whole name). */
    sharedNamePattern: safeRegex('i').default('^(admin(istrator)?|ops|devops|shared|team|dev(eloper)?s?|aws|console|generic|test)$'),
    rootUsageWindowDays: z.number().int().positive().default(30),
    /** A console password unused this long suggests a former colleague (CIS 45 days). */
    unusedDays: z.number().int().positive().default(45),
  }),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '1.21', coverage: 'partial',
      note: 'Passes on any federation signal (SAML provider, Identity Center); does not prove every person uses it.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.20', coverage: 'partial',
      note: 'Passes on any federation signal (SAML provider, Identity Center); does not prove every person uses it.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.19', coverage: 'partial',
      note: 'Passes on any federation signal (SAML provider, Identity Center); does not prove every person uses it.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.12', coverage: 'partial',
      note: 'Console passwords unused for 45 days are a low WARN; access keys are left to iam-access-key-hygiene.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.11', coverage: 'partial',
      note: 'Console passwords unused for 45 days are a low WARN; access keys are left to iam-access-key-hygiene.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.11', coverage: 'partial',
      note: 'Console passwords unused for 45 days are a low WARN; access keys are left to iam-access-key-hygiene.',
    },
    {
      framework: 'aws-fsbp', control: 'IAM.8', coverage: 'partial',
      note: 'Unused console passwords only, as a low WARN, at 45 days (control: 90 days, keys too).',
    },
    {
      framework: 'aws-well-architected', control: 'SEC02-BP04', coverage: 'partial',
      note: 'Detects whether an identity provider is configured, not that all humans use it.',
    },
  ],
  docs: {
    rationale:
      'A shared login (the root user, an "ops" IAM user) makes it impossible to tell who did what, to revoke one ' +
      'person\'s access, or to give each person only what they need. Every person needs an identity of their own.',
    checks:
      'Federation is any SAML provider, any AWSReservedSSO_* role (IAM Identity Center provisions them in every ' +
      'account it manages), or an Identity Center instance in any audited region (ListInstances answers only in its ' +
      'home region). Federated accounts PASS. Without federation, FAIL when there is no IAM console user but root ' +
      'signed in within rootUsageWindowDays: people are sharing root (iam-root-not-used reports the root use itself). ' +
      'Each console user (password_enabled) gets WARN low when its name matches sharedNamePattern, and WARN low when ' +
      'its password is unused for unusedDays (never used and older than that counts); other console users PASS. ' +
      'OIDC providers are reported as evidence only: they federate workloads (CI), not people.',
    remediation:
      'Enable IAM Identity Center (in the organization\'s management account, or an account instance for a ' +
      'standalone account), give each person a user there, and delete shared IAM users\' passwords. Delete or ' +
      'disable console users nobody uses.',
    cli: 'aws iam delete-login-profile --user-name <shared-user>',
    outdated:
      'Partly outdated: AWS now recommends federation with temporary credentials (IAM Identity Center or an external ' +
      'IdP) for people, and IAM users only where federation cannot be used. The rule reads the tip as "every person ' +
      'has an individual identity" and rewards federation.',
    links: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/gs-identities-iam-users.html',
      'https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_identities_unique.html',
      'https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html',
    ],
  },
  messages: {
    federated: 'people sign in through federation: {{federation}}',
    rootShared: 'no federation and no IAM console user, yet root signed in {{days}} days ago ({{lastUsed}}): people are sharing the root user (see iam-root-not-used)',
    noConsoleUsers: 'no federation and no IAM console user: nobody signs in to this account directly (people may assume roles from another account); if they need to, {{where}}',
    notFederated: 'no federation: {{count}} IAM console user(s) sign in with long-term passwords; AWS now recommends federation: {{where}}',
    sharedName: '{{user}} is a console user whose name suggests a shared login: give each person their own identity and remove this password',
    passwordUnused: "{{user}}'s console password has not been used for {{days}} days (last used {{lastUsed}}): a former colleague? remove the password",
    passwordNeverUsed: "{{user}}'s console password has never been used ({{lastUsed}}) and was set {{days}} days ago: remove it if nobody needs it",
    individual: '{{user}} is an individually named console user, password last used {{lastUsed}}',
    ...UNREPORTED_MESSAGES,
  },
  *check({ iam, ssoadmin, organizations }, ctx) {
    const { options, now, meta, account } = ctx;
    const report = loadCredentialReport(iam.credentialReport);
    const { rows, notInReport } = reconcileWithUsers(report, iam.users);
    const org = organizations.organization;
    const ssoRoles = iam.roles.filter((r) => r.Path?.startsWith(SSO_ROLE_PATH) || r.RoleName.startsWith('AWSReservedSSO_'));
    const instances = (ssoadmin.instances ?? []).filter((i) => i.Status !== 'DELETE_IN_PROGRESS');
    const evidence = {
      samlProviders: iam.samlProviders.map((p) => p.Arn),
      identityCenterRoles: ssoRoles.length,
      identityCenterInstances: ssoadmin.instances ? instances.map((i) => `${i.InstanceArn ?? i.Arn} (${i.Region})`) : 'not collected',
      oidcProviders: iam.oidcProviders.map((p) => p.Arn),
      organization: org ? { Id: org.Id, isManagementAccount: org.MasterAccountId === meta.accountId } : null,
    };
    const federation = [
      iam.samlProviders.length > 0 && `${iam.samlProviders.length} SAML provider(s)`,
      ssoRoles.length > 0 && `${ssoRoles.length} IAM Identity Center role(s) (AWSReservedSSO_*)`,
      instances.length > 0 && `an IAM Identity Center instance in ${[...new Set(instances.map((i) => i.Region))].join(', ')}`,
    ].filter((x): x is string => !!x);
    const consoleUsers = rows.filter((r) => r.passwordEnabled === true);
    const root = report.root;
    const res = account('global', 'iam');

    if (federation.length > 0) {
      yield pass(res, 'federated', { federation: federation.join(', ') }, { evidence });
    } else if (consoleUsers.length === 0 && root && withinDays(root.passwordLastUsed, now, options.rootUsageWindowDays)) {
      yield fail(rootResource(ctx, root), 'rootShared', { days: daysSince(root.passwordLastUsed.date!, now), lastUsed: describeDate(root.passwordLastUsed) }, {
        evidence: { ...evidence, ...rawValues(root, ['password_last_used']) },
      });
    } else {
      const where = !org
        ? 'enable an account instance of IAM Identity Center, or an external IdP through SAML'
        : org.MasterAccountId === meta.accountId
          ? `enable IAM Identity Center for organization ${org.Id}`
          : `IAM Identity Center in the management account of ${org.Id} can provision AWSReservedSSO_* roles here`;
      if (consoleUsers.length === 0) yield info(res, 'noConsoleUsers', { where }, { evidence });
      else yield info(res, 'notFederated', { count: consoleUsers.length, where }, { evidence });
    }

    const shared = compileRegex(options.sharedNamePattern, 'i');
    for (const row of consoleUsers) {
      const r = rowResource(ctx, row, iam.users);
      const ev = rawValues(row, USER_COLUMNS);
      let concern = false;
      if (shared.test(row.user)) {
        concern = true;
        yield warn(r, 'sharedName', { user: row.user }, { severity: 'low', evidence: ev });
      }
      const used = row.passwordLastUsed.date;
      const since = used ?? row.passwordLastChanged.date ?? row.userCreationTime.date;
      const idle = since ? daysSince(since, now) : null;
      if (idle !== null && idle >= options.unusedDays) {
        concern = true;
        yield warn(r, used ? 'passwordUnused' : 'passwordNeverUsed', { user: row.user, days: idle, lastUsed: describeDate(row.passwordLastUsed) }, { severity: 'low', evidence: ev });
      }
      if (!concern)
        yield pass(r, 'individual', { user: row.user, lastUsed: describeDate(row.passwordLastUsed) }, { evidence: ev });
    }

    yield* unreportedUsers(iam.credentialReport, notInReport);
  },
});
