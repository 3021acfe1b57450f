import { z } from 'zod';
import { arnResourceId } from '../../resource.js';
import { dataset, date, item, optNum, optStr, str } from '../dataset.js';

const policyRef = z.looseObject({ PolicyArn: optStr, PolicyName: optStr });

export const iam = {
  credentialReport: dataset({
    scope: 'global',
    operations: ['iam:GetCredentialReport', 'iam:GenerateCredentialReport'],
    description:
      'The IAM credential report (CSV text in Content), generated and polled when absent or older than 4 hours.',
    schema: z.looseObject({ GeneratedTime: date, ReportFormat: optStr, Content: z.string() }),
  }),
  accountSummary: dataset({
    scope: 'global',
    operations: ['iam:GetAccountSummary'],
    description: 'GetAccountSummary SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, ...).',
    schema: z.looseObject({ SummaryMap: z.record(z.string(), z.number()) }),
  }),
  virtualMfaDevices: dataset({
    scope: 'global',
    operations: ['iam:ListVirtualMFADevices'],
    description: 'Virtual MFA devices assigned to a user (AssignmentStatus Assigned).',
    schema: z.array(
      z.looseObject({
        SerialNumber: str,
        User: z.looseObject({ Arn: optStr, UserName: optStr }).nullish(),
        EnableDate: date,
      }),
    ),
  }),
  users: dataset({
    identity: { id: 'UserName', tags: { dataset: 'iam.userDetails' } },
    scope: 'global',
    operations: ['iam:ListUsers'],
    description: 'IAM users (ListUsers), used to reconcile the credential report with users created since.',
    schema: z.array(item({ UserName: str, UserId: optStr, CreateDate: date, PasswordLastUsed: date, Path: optStr })),
  }),
  unreportedUsers: dataset({
    identity: { id: 'UserName' },
    scope: 'global',
    operations: ['iam:ListMFADevices', 'iam:GetLoginProfile'],
    dependsOn: ['iam.users', 'iam.credentialReport'],
    description:
      'Users ListUsers returns that the credential report does not describe (no report line starting with their ' +
      'user name and ARN, or one whose user_creation_time is not their CreateDate: created, or re-created, after the ' +
      'report), with their MFA devices (ListMFADevices) and console password (GetLoginProfile; LoginProfile null on ' +
      'NoSuchEntity: no password). A user whose calls failed is left out, with a collection error naming it.',
    schema: z.array(
      item({
        UserName: str,
        MFADevices: z.array(z.looseObject({ SerialNumber: optStr, UserName: optStr, EnableDate: date })),
        LoginProfile: z.looseObject({ CreateDate: date, PasswordResetRequired: z.boolean().nullish() }).nullable(),
      }),
    ),
  }),
  userDetails: dataset({
    identity: { id: 'UserName', tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['iam:GetAccountAuthorizationDetails'],
    description: 'Users with their inline and attached policies and groups (GetAccountAuthorizationDetails, Filter User).',
    schema: z.array(
      item({
        UserName: str,
        UserId: optStr,
        Path: optStr,
        CreateDate: date,
        UserPolicyList: z.array(z.looseObject({ PolicyName: optStr, PolicyDocument: optStr })).nullish(),
        AttachedManagedPolicies: z.array(policyRef).nullish(),
        GroupList: z.array(z.string()).nullish(),
        PermissionsBoundary: z.looseObject({ PermissionsBoundaryArn: optStr }).nullish(),
        Tags: z.array(z.looseObject({ Key: optStr, Value: optStr })).nullish(),
      }),
    ),
  }),
  organizationsFeatures: dataset({
    scope: 'global',
    operations: ['iam:ListOrganizationsFeatures'],
    description:
      'Centralized root access features; null when the account is not a management or delegated admin account.',
    schema: z
      .looseObject({ OrganizationId: optStr, EnabledFeatures: z.array(z.string()).nullish() })
      .nullable(),
  }),
  roles: dataset({
    identity: { id: 'RoleName', tags: { dataset: 'iam.roleTags' } },
    scope: 'global',
    operations: ['iam:ListRoles'],
    description:
      'IAM roles (ListRoles), including the AWSReservedSSO_* roles IAM Identity Center creates under ' +
      '/aws-reserved/sso.amazonaws.com/ and service-linked roles under /aws-service-role/.',
    schema: z.array(
      item({ RoleName: str, RoleId: optStr, Path: optStr, CreateDate: date, Description: optStr, AssumeRolePolicyDocument: optStr }),
    ),
  }),
  roleTags: dataset({
    identity: { id: 'RoleName', tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['iam:GetAccountAuthorizationDetails'],
    description:
      'Tags of every role (ListRoles leaves them out; GetAccountAuthorizationDetails Filter Role returns them, ' +
      'paged, only RoleName and Tags kept); collected only for suppressions by tag.',
    schema: z.array(item({ RoleName: str, Tags: z.array(z.looseObject({ Key: optStr, Value: optStr })).nullish() })),
  }),
  samlProviders: dataset({
    identity: { id: (p) => arnResourceId(String(p.Arn)) },
    scope: 'global',
    operations: ['iam:ListSAMLProviders'],
    description: 'SAML identity providers (ListSAMLProviders): federation of human users from an external IdP.',
    schema: z.array(item({ ValidUntil: date, CreateDate: date })),
  }),
  oidcProviders: dataset({
    identity: { id: (p) => arnResourceId(String(p.Arn)) },
    scope: 'global',
    operations: ['iam:ListOpenIDConnectProviders'],
    description:
      'OpenID Connect identity providers (ListOpenIDConnectProviders); the ARN ends with the issuer host, ' +
      'e.g. token.actions.githubusercontent.com for GitHub Actions.',
    schema: z.array(item({})),
  }),
  policyEntities: dataset({
    identity: { id: (p) => p.PolicyName || arnResourceId(String(p.PolicyArn)) },
    scope: 'global',
    operations: ['iam:ListEntitiesForPolicy'],
    description:
      'Roles, users and groups the AWS managed SecurityAudit policy is attached to (ListEntitiesForPolicy): the ' +
      "article's read-only auditor role. One item per policy, Arn = the policy ARN.",
    schema: z.array(
      item({
        PolicyArn: str,
        PolicyRoles: z.array(z.looseObject({ RoleName: optStr, RoleId: optStr })),
        PolicyUsers: z.array(z.looseObject({ UserName: optStr, UserId: optStr })),
        PolicyGroups: z.array(z.looseObject({ GroupName: optStr, GroupId: optStr })),
      }),
    ),
  }),
} as const;

export type SummaryCount = z.infer<typeof optNum>;
