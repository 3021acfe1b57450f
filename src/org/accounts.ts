/**
 * Which accounts of an AWS organization to audit: an explicit list (`--accounts`), the organization
 * (`--org`) or some of its OUs (`--org-unit`), less `--exclude-accounts`, cut to one `--shard`.
 *
 * Discovery makes only organizations:List* calls, which AWS answers only in the management account or
 * a delegated administrator account; anywhere else the answer is one clear usage error.
 */
import type { Account, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describeAwsError } from '../collect/errors.js';
import { UsageError } from '../errors.js';
import { inShard, type Shard } from './shard.js';
import { showValue } from './show.js';

export { ACCOUNT_ID, MAX_LIST_FILE_BYTES, parseAccountList, readListFile, type ParseAccountListOptions, type ReadFile } from './account-list.js';
import { ACCOUNT_ID } from './account-list.js';

/** A root (`r-` + 4-32) or OU id (`ou-` + 4-32 + `-` + 8-32), lowercase letters and digits (API reference, ParentId). */
export const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/;

/** The calls discoverAccounts makes (all read-only), for the IAM policy and the read-only guard. */
export const DISCOVERY_OPERATIONS = [
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
] as const;

/** An account of the organization, as discovered. */
export interface OrgAccount {
  id: string;
  name: string;
  email?: string;
  /**
   * With --org-unit: the OU ids from the OU (or root) given down to the account's parent, joined by
   * `/` (`ou-ab12-11111111/ou-ab12-22222222`). Ids, not names: names may repeat and hold any character.
   */
  ouPath?: string;
}

export interface DiscoverOptions {
  /** --org-unit (repeatable): OU or root ids; empty or absent: the whole organization (--org). */
  orgUnit?: readonly string[];
  /** Page size asked of each List call (tests); AWS's default when absent. */
  pageSize?: number;
}

/**
 * Whether an account is active. `Status` is deprecated (AWS retires it from the API on 9 September 2026,
 * Organizations API reference, Account) in favour of `State` (ACTIVE, PENDING_ACTIVATION, SUSPENDED,
 * PENDING_CLOSURE, CLOSED): read State when the answer has it, else Status. An account with neither
 * is not known to be active and is left out.
 */
function isActive(a: Account): boolean {
  return (a.State ?? a.Status) === 'ACTIVE';
}

function toOrgAccount(a: Account, operation: string, ouPath?: string): OrgAccount {
  const id = a.Id ?? '';
  // The id goes into role ARNs and file names: an answer that breaks the API's own pattern is a failure.
  if (!ACCOUNT_ID.test(id)) throw new Error(`organizations:${operation} answered an account id that is not 12 digits: ${showValue(id)}`);
  return {
    id,
    name: a.Name ?? '',
    ...(a.Email !== undefined ? { email: a.Email } : {}),
    ...(ouPath !== undefined ? { ouPath } : {}),
  };
}

/** Errors that mean "not from this account": one usage line instead of a stack of SDK text. */
function discoveryError(err: unknown, flag: string): unknown {
  if (err instanceof UsageError) return err;
  const { code } = describeAwsError(err);
  const where = "it works only from the organization's management account or a delegated administrator account";
  if (code === 'AWSOrganizationsNotInUseException')
    return new UsageError(`${flag}: these credentials' account is not a member of an organization (${code}); ${where}`);
  if (code === 'AccessDeniedException' || code === 'AccessDenied')
    return new UsageError(`${flag}: AWS Organizations denied listing the accounts (${code}); ${where}, with organizations:List* allowed`);
  return err;
}

/**
 * The ACTIVE accounts of the organization (`--org`: organizations:ListAccounts), or of the given OUs
 * and roots and every OU below them (`--org-unit`: ListAccountsForParent and
 * ListOrganizationalUnitsForParent, breadth first, each OU visited once even if an answer loops).
 * Sorted by id, each account once. Not from the management account or a delegated administrator:
 * a UsageError saying so; an OU id of the wrong form: a UsageError before any call.
 */
export async function discoverAccounts(client: OrganizationsClient, opts: DiscoverOptions = {}): Promise<OrgAccount[]> {
  const roots = opts.orgUnit ?? [];
  const flag = roots.length ? '--org-unit' : '--org';
  for (const ou of roots)
    if (!PARENT_ID.test(ou))
      throw new UsageError(`--org-unit: ${showValue(ou)} is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx), lowercase letters and digits`);
  // Loaded here, not with the module: audit imports this file, and a snapshot audit must not load the SDK.
  const { paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } = await import('@aws-sdk/client-organizations');
  const config = { client, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) };
  const found = new Map<string, OrgAccount>();
  try {
    if (!roots.length) {
      for await (const page of paginateListAccounts(config, {}))
        for (const a of page.Accounts ?? []) if (isActive(a)) found.set(a.Id ?? '', toOrgAccount(a, 'ListAccounts'));
    } else {
      const visited = new Set<string>();
      const queue: { id: string; path: string }[] = [];
      for (const id of roots) {
        if (visited.has(id)) continue;
        visited.add(id);
        queue.push({ id, path: id });
      }
      // An index, not shift(): the queue is walked once, in order.
      for (let i = 0; i < queue.length; i++) {
        const { id: parent, path } = queue[i]!;
        try {
          for await (const page of paginateListAccountsForParent(config, { ParentId: parent }))
            for (const a of page.Accounts ?? [])
              if (isActive(a) && !found.has(a.Id ?? '')) found.set(a.Id ?? '', toOrgAccount(a, 'ListAccountsForParent', path));
          for await (const page of paginateListOrganizationalUnitsForParent(config, { ParentId: parent }))
            for (const ou of page.OrganizationalUnits ?? []) {
              const child = ou.Id ?? '';
              if (!PARENT_ID.test(child)) throw new Error(`organizations:ListOrganizationalUnitsForParent answered an OU id of the wrong form: ${showValue(child)}`);
              if (visited.has(child)) continue;
              visited.add(child);
              queue.push({ id: child, path: `${path}/${child}` });
            }
        } catch (err) {
          const { code } = describeAwsError(err);
          if (code !== 'ParentNotFoundException') throw err;
          if (roots.includes(parent)) throw new UsageError(`--org-unit: ${showValue(parent)} is not an OU or root of this organization (${code})`);
          // An OU found below and deleted since: AWS deletes only empty OUs, so no account is lost.
        }
      }
    }
  } catch (err) {
    throw discoveryError(err, flag);
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface SelectOptions {
  /** --exclude-accounts: ids never audited. */
  exclude?: readonly string[];
  /** --shard: only the accounts of this shard. */
  shard?: Shard;
}

export interface Selection<T> {
  /** The accounts to audit, in the order given. */
  accounts: T[];
  /** Excluded ids that are not among the accounts at all (a typo, a closed account): worth a warning. */
  unmatchedExcludes: string[];
  /** Warning lines for the caller to print (none when every excluded id matched). */
  warnings: string[];
}

/** Most unmatched ids named in the warning line; the rest are counted. */
const WARN_IDS = 10;

/**
 * Applies --exclude-accounts, then --shard, to the discovered (or listed) accounts. An excluded id
 * matched by no account is returned as a warning (an account in another shard counts as matched).
 */
export function selectAccounts<T extends { id: string }>(all: readonly T[], opts: SelectOptions = {}): Selection<T> {
  const exclude = new Set(opts.exclude ?? []);
  const present = new Set(all.map((a) => a.id));
  const unmatchedExcludes = [...exclude].filter((id) => !present.has(id));
  const accounts = all.filter((a) => !exclude.has(a.id) && (!opts.shard || inShard(a.id, opts.shard)));
  const warnings: string[] = [];
  if (unmatchedExcludes.length) {
    const shown = unmatchedExcludes.slice(0, WARN_IDS).join(', ');
    const more = unmatchedExcludes.length > WARN_IDS ? ` and ${unmatchedExcludes.length - WARN_IDS} more` : '';
    warnings.push(
      `--exclude-accounts: ${unmatchedExcludes.length === 1 ? 'this id matches' : `${unmatchedExcludes.length} ids match`} no account in scope: ${shown}${more}`,
    );
  }
  return { accounts, unmatchedExcludes, warnings };
}
