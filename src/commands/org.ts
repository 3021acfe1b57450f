/**
 * Many accounts: which ones (--accounts, --org, --org-unit, --exclude-accounts, --shard), and with which
 * credentials (the caller's own for its account, --role-name assumed in each other one). The audit itself
 * (collect, evaluate, verdict per account, then one merged verdict) is in commands/audit.ts.
 */
import { assumeRoleProvider, memberRoleArn, type RoleOptions } from '../aws/assume-role.js';
import { ClientFactory } from '../aws/clients.js';
import { credentialChain } from '../aws/credentials.js';
import { globalRegion } from '../aws/services.js';
import { UsageError, errorMessage } from '../errors.js';
import { DISCOVERY_OPERATIONS, discoverAccounts } from '../org/accounts.js';
import { selectAccounts } from '../org/accounts.js';
import type { Shard } from '../org/shard.js';
import { SCHEMA_VERSION, type CollectionError, type Snapshot } from '../snapshot/schema.js';

export interface AccountFlags {
  /** --role-arn and its companions: the role the audit starts from (the caller). */
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  roleDuration?: number;
  /** --accounts / --org / --org-unit / --exclude-accounts / --shard / --role-name / --account-concurrency. */
  accounts?: string[];
  org?: boolean;
  orgUnit?: string[];
  excludeAccounts?: string[];
  shard?: Shard;
  roleName?: string;
  accountConcurrency?: number;
}

export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;

/** Whether the flags ask for more than the caller's own account. */
export function isMultiAccount(flags: AccountFlags): boolean {
  return !!(flags.accounts?.length || flags.org || flags.orgUnit?.length);
}

/** Flags that only mean something with several accounts, given without them. */
export function checkAccountFlags(flags: AccountFlags): void {
  if (isMultiAccount(flags)) {
    if (flags.accounts?.length && (flags.org || flags.orgUnit?.length)) throw new UsageError('--accounts and --org/--org-unit cannot be used together');
    return;
  }
  const stray = [
    flags.excludeAccounts?.length && '--exclude-accounts',
    flags.shard && '--shard',
    flags.roleName && '--role-name',
    flags.accountConcurrency !== undefined && '--account-concurrency',
  ].filter(Boolean);
  if (stray.length) throw new UsageError(`${stray.join(', ')}: only with --accounts, --org or --org-unit`);
}

export interface PlannedAccount {
  id: string;
  name: string | null;
}

export interface AccountPlan {
  /** Who the caller is: its account is audited with its own credentials. */
  caller: { account: string; partition: string; arn: string };
  accounts: PlannedAccount[];
  /** One-line notes for stderr (excluded ids that matched nothing). */
  warnings: string[];
}

interface CallerOptions {
  profile?: string;
  endpointUrl?: string;
  timeoutSeconds?: number;
  maxAttempts?: number;
  /** The region STS and Organizations are called in. */
  region: string;
}

/** The credentials the audit starts from: the default chain (or profile), then --role-arn when given. */
export async function callerCredentials(flags: AccountFlags, opts: Omit<CallerOptions, 'region' | 'maxAttempts'> & { region?: string }): Promise<unknown> {
  const timeoutMs = (opts.timeoutSeconds ?? 30) * 1000;
  const base = await credentialChain({ profile: opts.profile, endpointUrl: opts.endpointUrl, timeoutMs, note: (l) => process.stderr.write(`aws-tips: ${l}\n`) });
  if (!flags.roleArn) return base;
  const role: RoleOptions = { roleArn: flags.roleArn, externalId: flags.externalId, sessionName: flags.roleSessionName, durationSeconds: flags.roleDuration };
  return assumeRoleProvider(base, role, { endpointUrl: opts.endpointUrl, region: opts.region, timeoutMs });
}

/**
 * The accounts to audit: the listed ones, or the organization's (ACTIVE) accounts, less the excluded ones, in
 * this shard. Organizations is read through a client factory of its own whose read-only guard allows only
 * the discovery calls.
 */
export async function planAccounts(flags: AccountFlags, credentials: unknown, opts: CallerOptions): Promise<AccountPlan> {
  const factory = new ClientFactory({
    profile: opts.profile,
    credentials,
    endpointUrl: opts.endpointUrl,
    timeoutSeconds: opts.timeoutSeconds,
    maxAttempts: opts.maxAttempts,
    allowedOperations: new Set(['sts:GetCallerIdentity', ...DISCOVERY_OPERATIONS]),
  });
  try {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    let identity: { Account?: string; Arn?: string };
    try {
      identity = (await (await factory.client('sts', opts.region)).send(new GetCallerIdentityCommand({}))) as { Account?: string; Arn?: string };
    } catch (err) {
      throw new UsageError(`cannot verify the AWS credentials: ${errorMessage(err).split('\n')[0]}`);
    }
    const partition = identity.Arn?.split(':')[1] || 'aws';
    const caller = { account: identity.Account!, partition, arn: identity.Arn ?? '' };
    let all: PlannedAccount[];
    if (flags.accounts?.length) all = flags.accounts.map((id) => ({ id, name: null }));
    else {
      const client = await factory.client('organizations', globalRegion(partition));
      const found = await discoverAccounts(client as never, { orgUnit: flags.orgUnit });
      all = found.map((a) => ({ id: a.id, name: a.name || null }));
    }
    const selected = selectAccounts(all, { exclude: flags.excludeAccounts, shard: flags.shard });
    return { caller, accounts: selected.accounts, warnings: selected.warnings };
  } finally {
    factory.destroy();
  }
}

/** The credentials for one account of the plan: the caller's own, or its member role assumed with them. */
export function accountCredentials(plan: AccountPlan, account: string, callerCreds: unknown, flags: AccountFlags, opts: { endpointUrl?: string; timeoutSeconds?: number; region: string }): unknown {
  if (account === plan.caller.account) return callerCreds;
  return assumeRoleProvider(
    callerCreds,
    { roleArn: memberRoleArn(plan.caller.partition, account, flags.roleName ?? DEFAULT_MEMBER_ROLE), sessionName: flags.roleSessionName, durationSeconds: flags.roleDuration },
    { endpointUrl: opts.endpointUrl, region: opts.region, timeoutMs: (opts.timeoutSeconds ?? 30) * 1000 },
  );
}

/**
 * The snapshot of an account that could not be reached (its role could not be assumed): every dataset the
 * audit needed, failed with that reason, so each rule reports it as not checked there, and nothing passes.
 */
export function unreachableSnapshot(account: string, partition: string, regions: string[], datasets: readonly string[], reason: { code: string; message: string }, toolVersion: string, now: Date): Snapshot {
  const snapshot: Snapshot = { schemaVersion: SCHEMA_VERSION, meta: { accountId: account, partition, regions, collectedAt: now.toISOString(), toolVersion } };
  for (const key of datasets) {
    const [service] = key.split('.') as [string];
    const slice = ((snapshot as Record<string, unknown>)[service] ??= { errors: [] }) as { errors: CollectionError[] };
    slice.errors.push({ dataset: key, service, region: 'global', operation: 'sts:AssumeRole', code: reason.code, message: reason.message });
  }
  return snapshot;
}
