import rule from '../../../rules/security/iam-user-no-direct-policies.js';
import { RuleTester } from '../../rule-tester.js';

function user(name: string, extra: Record<string, unknown> = {}) {
  return {
    UserName: name,
    Arn: `arn:aws:iam::123456789012:user/${name}`,
    Region: 'global',
    UserPolicyList: [],
    AttachedManagedPolicies: [],
    GroupList: [],
    ...extra,
  };
}

const ADMIN = { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', PolicyName: 'AdministratorAccess' };
const BOUNDARY = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary' };

RuleTester.run(rule, {
  valid: [
    { name: 'user whose permissions come from groups', snapshot: { iam: { userDetails: [user('alice', { GroupList: ['admins'] })] } } },
    {
      name: 'permissions boundary is not a grant',
      snapshot: { iam: { userDetails: [user('bob', { GroupList: ['devs'], PermissionsBoundary: BOUNDARY })] } },
    },
    {
      name: 'moto-style absent lists',
      snapshot: { iam: { userDetails: [{ UserName: 'm', Arn: 'arn:aws:iam::123456789012:user/m', Region: 'global', GroupList: ['g'] }] } },
    },
    { name: 'no users at all', notApplicable: true, snapshot: { iam: { userDetails: [] } } },
  ],
  invalid: [
    {
      name: 'managed policy attached to a user',
      snapshot: { iam: { userDetails: [user('alice', { AttachedManagedPolicies: [ADMIN], GroupList: ['devs'] }), user('ok', { GroupList: ['devs'] })] } },
      findings: [
        {
          status: 'fail', severity: 'low', resource: 'arn:aws:iam::123456789012:user/alice', region: 'global',
          message: 'alice has managed policy AdministratorAccess attached directly',
          evidence: { PolicyArn: ADMIN.PolicyArn, GroupList: ['devs'] },
        },
      ],
      passes: ['ok'],
    },
    {
      name: 'one finding per policy, inline and managed',
      snapshot: {
        iam: {
          userDetails: [
            user('carol', {
              AttachedManagedPolicies: [ADMIN, { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyName: 'ReadOnlyAccess' }],
              UserPolicyList: [{ PolicyName: 's3-access', PolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D' }],
            }),
          ],
        },
      },
      findings: [
        { status: 'fail', messageId: 'managedPolicy', resource: 'carol', message: /AdministratorAccess/ },
        { status: 'fail', messageId: 'managedPolicy', resource: 'carol', message: /ReadOnlyAccess/ },
        { status: 'fail', messageId: 'inlinePolicy', resource: 'carol', message: /inline policy s3-access/, evidence: { PolicyName: 's3-access' } },
      ],
    },
    {
      name: 'policy attached despite a permissions boundary',
      snapshot: { iam: { userDetails: [user('dan', { AttachedManagedPolicies: [ADMIN], PermissionsBoundary: BOUNDARY })] } },
      findings: [{ status: 'fail', resource: 'dan' }],
    },
    {
      name: 'user with no groups and no policies passes with an INFO',
      snapshot: { iam: { userDetails: [user('idle'), user('idle-bounded', { PermissionsBoundary: BOUNDARY })] } },
      findings: [
        { status: 'info', messageId: 'noPermissions', severity: 'info', resource: 'idle', message: /idle has no permissions/ },
        { status: 'info', messageId: 'noPermissions', resource: 'idle-bounded', message: /has no permissions/ },
      ],
      passes: ['idle', 'idle-bounded'],
    },
  ],
});
