import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListEntitiesForPolicy,
  paginateListMFADevices,
  paginateListRoles,
  paginateListUsers,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { describeAwsError, isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, perResource } from '../util.js';

const iam = (ctx: CollectorContext) => ctx.client<IAMClient>('iam');

/** Poll every 2 s for up to 60 s; a report older than 4 h is regenerated. */
export const credentialReportTiming = { pollMs: 2000, timeoutMs: 60_000, maxAgeHours: 4 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function generateReport(client: IAMClient): Promise<void> {
  const deadline = Date.now() + credentialReportTiming.timeoutMs;
  for (;;) {
    const { State } = await client.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') return;
    if (Date.now() >= deadline) {
      throw Object.assign(new Error(`credential report still ${State} after ${credentialReportTiming.timeoutMs / 1000}s`), {
        name: 'CredentialReportTimeout',
        // The error entry names the call that never finished, not the dataset's first operation.
        $operation: 'iam:GenerateCredentialReport',
      });
    }
    await sleep(credentialReportTiming.pollMs);
  }
}

// ReportInProgress: someone else is generating one; GenerateCredentialReport then polls the same run.
const NO_REPORT = new Set([
  'CredentialReportNotPresentException', 'CredentialReportExpiredException', 'CredentialReportNotReadyException',
  'ReportNotPresent', 'ReportExpired', 'ReportInProgress',
]);

/** Member accounts, standalone accounts and partial organizations cannot use these features: not an error. */
// A member account gets AccountNotManagementOrDelegatedAdministratorException. A plain AccessDenied is a missing
// permission, not proof of a member account: it stays an error, so the root rule says "context not available" rather than "not a management account".
const NO_ORG_FEATURES = new Set([
  'AccountNotManagementOrDelegatedAdministratorException',
  'OrganizationNotFoundException', 'OrganizationNotInAllFeaturesModeException', 'ServiceAccessNotEnabledException',
]);

/** IAM's "no such user / no such login profile" answer (the SDK names the exception, the wire says NoSuchEntity). */
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];

/**
 * Whether the credential report describes this user: a line starting with "<user name>,<ARN>," (both
 * fixed strings, so a comma in a user name cannot confuse it) whose next field, user_creation_time, is
 * the user's CreateDate (to the second). No such line: the user was created, or re-created, after the report.
 */
export function reportDescribes(content: string, user: { UserName: string; Arn: string; CreateDate?: Date | string | null }): boolean {
  const prefix = `${user.UserName},${user.Arn},`;
  const created = user.CreateDate ? new Date(user.CreateDate).getTime() : NaN;
  for (const line of content.split(/\r?\n/)) {
    if (!line.startsWith(prefix)) continue;
    if (Number.isNaN(created)) return true;
    const reported = Date.parse(line.slice(prefix.length).split(',')[0] ?? '');
    if (!Number.isNaN(reported) && Math.abs(reported - created) < 1000) return true;
  }
  return false;
}

export const collectors: ServiceCollectors = {
  async credentialReport(ctx) {
    const client = await iam(ctx);
    const get = () => client.send(new GetCredentialReportCommand({}));
    let report: Awaited<ReturnType<typeof get>> | undefined;
    try {
      report = await get();
    } catch (err) {
      if (!NO_REPORT.has(describeAwsError(err).code)) throw err;
    }
    const ageMs = report?.GeneratedTime ? Date.now() - new Date(report.GeneratedTime).getTime() : Infinity;
    if (!report || ageMs > credentialReportTiming.maxAgeHours * 3600_000) {
      await generateReport(client);
      report = await get();
    }
    return {
      GeneratedTime: report.GeneratedTime,
      ReportFormat: report.ReportFormat,
      Content: new TextDecoder().decode(report.Content ?? new Uint8Array()),
    };
  },

  async accountSummary(ctx) {
    const { SummaryMap = {} } = await (await iam(ctx)).send(new GetAccountSummaryCommand({}));
    return { SummaryMap };
  },

  async virtualMfaDevices(ctx) {
    const client = await iam(ctx);
    return allPages(
      paginateListVirtualMFADevices({ client, pageSize: 1000 }, { AssignmentStatus: 'Assigned' }),
      (p) => p.VirtualMFADevices,
    );
  },

  async users(ctx) {
    const client = await iam(ctx);
    const users = await allPages(paginateListUsers({ client, pageSize: 1000 }, {}), (p) => p.Users);
    return users.map((u) => ({ ...u, Region: 'global', Arn: u.Arn ?? ctx.arn('iam', `user/${u.UserName}`) }));
  },

  // Only users the report does not cover: the rest are judged from the report, with no call per user.
  // ListMFADevices first: NoSuchEntity there means the user is gone (dropped); on GetLoginProfile it means no password.
  async unreportedUsers(ctx) {
    const [users, report] = await Promise.all([ctx.get('iam.users'), ctx.get('iam.credentialReport')]);
    const missing = users.filter((u) => !reportDescribes(report.Content, { UserName: u.UserName, Arn: u.Arn, CreateDate: u.CreateDate }));
    if (missing.length === 0) return [];
    const client = await iam(ctx);
    return perResource(ctx, missing, NO_SUCH_ENTITY, async (u) => {
      const MFADevices = await allPages(paginateListMFADevices({ client }, { UserName: u.UserName }), (p) => p.MFADevices);
      let LoginProfile: { CreateDate?: Date; PasswordResetRequired?: boolean } | null = null;
      try {
        const got = await client.send(new GetLoginProfileCommand({ UserName: u.UserName }));
        LoginProfile = got.LoginProfile ? { CreateDate: got.LoginProfile.CreateDate, PasswordResetRequired: got.LoginProfile.PasswordResetRequired } : null;
      } catch (err) {
        if (!isNotConfigured(err, NO_SUCH_ENTITY)) throw err;
      }
      return { UserName: u.UserName, Region: 'global', Arn: u.Arn, MFADevices, LoginProfile };
    });
  },

  async userDetails(ctx) {
    const client = await iam(ctx);
    const users = await allPages(
      paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, { Filter: ['User'] }),
      (p) => p.UserDetailList,
    );
    return users.map((u) => ({ ...u, Region: 'global', Arn: u.Arn ?? ctx.arn('iam', `user/${u.UserName}`) }));
  },

  async organizationsFeatures(ctx) {
    try {
      const out = await (await iam(ctx)).send(new ListOrganizationsFeaturesCommand({}));
      return { OrganizationId: out.OrganizationId, EnabledFeatures: out.EnabledFeatures ?? [] };
    } catch (err) {
      if (NO_ORG_FEATURES.has(describeAwsError(err).code)) return null;
      throw err;
    }
  },

  async roles(ctx) {
    const client = await iam(ctx);
    const roles = await allPages(paginateListRoles({ client, pageSize: 1000 }, {}), (p) => p.Roles);
    return roles.map((r) => ({
      ...r,
      // ListRoles returns the trust policy URL-encoded.
      AssumeRolePolicyDocument: r.AssumeRolePolicyDocument ? safeDecode(r.AssumeRolePolicyDocument) : undefined,
      Region: 'global',
      Arn: r.Arn ?? ctx.arn('iam', `role${r.Path ?? '/'}${r.RoleName}`),
    }));
  },

  // ListRoles leaves Tags out; GetAccountAuthorizationDetails returns them for every role, 1000 a page
  // (ListRoleTags would be one call per role). Only the name and tags are kept.
  async roleTags(ctx) {
    const client = await iam(ctx);
    const roles = await allPages(
      paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, { Filter: ['Role'] }),
      (p) => p.RoleDetailList,
    );
    return roles.map((r) => ({
      RoleName: r.RoleName!,
      Tags: r.Tags ?? [],
      Region: 'global',
      Arn: r.Arn ?? ctx.arn('iam', `role${r.Path ?? '/'}${r.RoleName}`),
    }));
  },

  async samlProviders(ctx) {
    const { SAMLProviderList = [] } = await (await iam(ctx)).send(new ListSAMLProvidersCommand({}));
    return SAMLProviderList.filter((p) => p.Arn).map((p) => ({ ...p, Region: 'global', Arn: p.Arn! }));
  },

  async oidcProviders(ctx) {
    const { OpenIDConnectProviderList = [] } = await (await iam(ctx)).send(new ListOpenIDConnectProvidersCommand({}));
    return OpenIDConnectProviderList.filter((p) => p.Arn).map((p) => ({ ...p, Region: 'global', Arn: p.Arn! }));
  },

  async policyEntities(ctx) {
    const client = await iam(ctx);
    return Promise.all(
      AUDIT_POLICIES.map(async (name) => {
        const PolicyArn = `arn:${ctx.partition}:iam::aws:policy/${name}`;
        const pages = await allPages(
          paginateListEntitiesForPolicy({ client, pageSize: 1000 }, { PolicyArn }),
          (p) => [p],
        );
        return {
          PolicyArn,
          PolicyRoles: pages.flatMap((p) => p.PolicyRoles ?? []),
          PolicyUsers: pages.flatMap((p) => p.PolicyUsers ?? []),
          PolicyGroups: pages.flatMap((p) => p.PolicyGroups ?? []),
          Region: 'global',
          Arn: PolicyArn,
        };
      }),
    );
  },
};

/** The AWS managed policies iam.policyEntities reports on: the article's read-only security auditor. */
export const AUDIT_POLICIES = ['SecurityAudit'] as const;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
