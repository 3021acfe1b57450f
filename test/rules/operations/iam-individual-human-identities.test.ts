import rule from '../../../rules/operations/iam-individual-human-identities.js';
import { RuleTester, TEST_ACCOUNT, type SnapshotInput } from '../../rule-tester.js';
import { consoleUserRow, credentialReport, iamUser, rootRow, userRow, type ReportRowInput } from '../../support/credential-report.js';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString().replace('.000Z', '+00:00');
const ROOT = `arn:aws:iam::${TEST_ACCOUNT}:root`;

interface Extra {
  saml?: string[];
  roles?: { RoleName: string; Path?: string }[];
  instances?: { InstanceArn: string; Region: string; Status?: string }[];
  oidc?: string[];
  org?: Record<string, unknown> | null;
  users?: ReturnType<typeof iamUser>[];
}

function snap(rows: ReportRowInput[], x: Extra = {}): SnapshotInput {
  const userRows = rows.filter((r) => r.user !== '<root_account>');
  return {
    meta: { regions: ['us-east-1', 'eu-west-1'] },
    iam: {
      credentialReport: credentialReport(rows),
      users: x.users ?? userRows.map((r) => iamUser(r.user!)),
      samlProviders: (x.saml ?? []).map((name) => ({ Arn: `arn:aws:iam::${TEST_ACCOUNT}:saml-provider/${name}`, Region: 'global' })),
      oidcProviders: (x.oidc ?? []).map((host) => ({ Arn: `arn:aws:iam::${TEST_ACCOUNT}:oidc-provider/${host}`, Region: 'global' })),
      roles: (x.roles ?? []).map((r) => ({ Path: '/', ...r, Region: 'global', Arn: `arn:aws:iam::${TEST_ACCOUNT}:role${r.Path ?? '/'}${r.RoleName}` })),
    },
    ssoadmin: { instances: (x.instances ?? []).map((i) => ({ ...i, Arn: i.InstanceArn })) },
    organizations: { organization: x.org === undefined ? null : x.org },
  };
}

const memberOrg = { Id: 'o-abc', Arn: 'arn:aws:organizations::999999999999:organization/o-abc', MasterAccountId: '999999999999', FeatureSet: 'ALL' };
const ssoRole = { RoleName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', Path: '/aws-reserved/sso.amazonaws.com/eu-west-1/' };

RuleTester.run(rule, {
  valid: [
    {
      name: 'member account with AWSReservedSSO_* roles (Identity Center in the management account)',
      snapshot: snap([rootRow(), userRow('ci-bot')], { roles: [ssoRole, { RoleName: 'web' }], org: memberOrg }),
    },
    {
      name: 'sso:ListInstances denied in one region and DescribeOrganization denied: the SSO roles still decide (context only)',
      snapshot: (() => {
        const base = snap([rootRow()], { roles: [ssoRole] });
        return {
          ...base,
          ssoadmin: {
            instances: [],
            errors: [{ dataset: 'ssoadmin.instances', service: 'ssoadmin', region: 'eu-west-1', operation: 'sso:ListInstances', code: 'AccessDeniedException', message: 'denied' }],
          },
          organizations: {
            errors: [{ dataset: 'organizations.organization', service: 'organizations', region: 'global', operation: 'organizations:DescribeOrganization', code: 'AccessDeniedException', message: 'denied' }],
          },
        };
      })(),
    },
    {
      name: 'SAML provider (external IdP)',
      snapshot: snap([rootRow()], { saml: ['Okta'] }),
    },
    {
      name: 'Identity Center instance found only in its home region (eu-west-1)',
      snapshot: snap([rootRow()], { instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1', Region: 'eu-west-1', Status: 'ACTIVE' }] }),
    },
    {
      name: 'no federation, individually named console users used recently (INFO about federation, users pass)',
      snapshot: snap([rootRow(), consoleUserRow('alice', daysAgo(2)), consoleUserRow('bob', daysAgo(10))]),
    },
    {
      name: 'no federation, no console users, root not used in the window',
      notApplicable: true,
      snapshot: snap([rootRow({ password_last_used: daysAgo(200) })]),
    },
    {
      name: 'a new console user who has not signed in yet (password set 5 days ago)',
      snapshot: snap([rootRow(), consoleUserRow('carol', 'no_information', { password_last_changed: daysAgo(5) })]),
    },
    {
      name: 'an OIDC provider (GitHub Actions) is not human federation, but no console user means nothing to flag',
      notApplicable: true,
      snapshot: snap([rootRow()], { oidc: ['token.actions.githubusercontent.com'] }),
    },
    {
      name: 'root used recently but console users exist: the root use is iam-root-not-used\'s finding',
      snapshot: snap([rootRow({ password_last_used: daysAgo(1) }), consoleUserRow('alice', daysAgo(1))]),
    },
  ],
  invalid: [
    {
      name: 'no federation, no console users, root signed in 3 days ago: people share root',
      snapshot: snap([rootRow({ password_last_used: daysAgo(3) }), userRow('app')]),
      findings: [{ status: 'fail', severity: 'medium', resource: ROOT, region: 'global', message: /root signed in 3 days ago.*sharing the root user/ }],
    },
    {
      name: 'rootUsageWindowDays configurable',
      snapshot: snap([rootRow({ password_last_used: daysAgo(50) })]),
      options: { rootUsageWindowDays: 60 },
      findings: [{ status: 'fail', resource: ROOT, message: /50 days ago/ }],
    },
    {
      name: 'shared-looking console user names (case-insensitive), even with federation',
      snapshot: snap([rootRow(), consoleUserRow('Admin', daysAgo(1)), consoleUserRow('ops', daysAgo(1)), consoleUserRow('admin-alice', daysAgo(1))], { saml: ['Okta'] }),
      findings: [
        { status: 'warn', severity: 'low', resource: 'Admin', message: /shared login/ },
        { status: 'warn', severity: 'low', resource: 'ops', message: /shared login/ },
      ],
      passes: ['admin-alice', TEST_ACCOUNT],
    },
    {
      name: 'custom sharedNamePattern',
      snapshot: snap([rootRow(), consoleUserRow('team-blue', daysAgo(1))]),
      options: { sharedNamePattern: '^team-' },
      findings: [{ status: 'warn', resource: 'team-blue' }, { status: 'info', message: /no federation: 1 IAM console user/ }],
    },
    {
      name: 'console password unused for 60 days, and one never used since set 100 days ago',
      snapshot: snap([rootRow(), consoleUserRow('dave', daysAgo(60)), consoleUserRow('erin', 'no_information', { password_last_changed: daysAgo(100) })]),
      findings: [
        { status: 'warn', severity: 'low', resource: 'dave', message: /not been used for 60 days/ },
        { status: 'warn', severity: 'low', resource: 'erin', message: /never been used.*set 100 days ago/ },
        { status: 'info', message: /no federation: 2 IAM console user/ },
      ],
    },
    {
      name: 'member account without SSO roles: the advice points at the management account',
      snapshot: snap([rootRow(), consoleUserRow('frank', daysAgo(1))], { org: memberOrg }),
      findings: [{ status: 'info', resource: TEST_ACCOUNT, message: /management account of o-abc/, evidence: { organization: { Id: 'o-abc', isManagementAccount: false } } }],
      passes: ['frank'],
    },
    {
      name: 'an Identity Center instance being deleted is not federation',
      snapshot: snap([rootRow({ password_last_used: daysAgo(1) })], { instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1', Region: 'us-east-1', Status: 'DELETE_IN_PROGRESS' }] }),
      findings: [{ status: 'fail', resource: ROOT }],
    },
    {
      name: 'user created after the report: error',
      snapshot: snap([rootRow(), consoleUserRow('alice', daysAgo(1))], { saml: ['Okta'], users: [iamUser('alice'), iamUser('new', '2026-11-01T11:59:00.000Z')] }),
      findings: [{ status: 'error', resource: 'new', message: /created after the credential report/ }],
      passes: ['alice'],
    },
  ],
});
