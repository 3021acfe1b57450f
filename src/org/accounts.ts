/**
 * Which accounts of an AWS organization to audit: an explicit list (`--accounts`), the organization
 * (`--org`) or some of its OUs (`--org-unit`), less `--exclude-accounts`, cut to one `--shard`.
 *
 * Discovery makes only organizations:List* calls, which AWS answers only in the management account or
 * a delegated administrator account; anywhere else the answer is one clear usage error.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describeAwsError } from '../collect/errors.js';
import { UsageError } from '../errors.js';
import { inShard, type Shard } from './shard.js';
import { showValue } from './show.js';

/** An AWS account id: exactly 12 digits (Organizations API reference, Account.Id: `^\d{12}$`). */
export const ACCOUNT_ID = /^[0-9]{12}$/;
/** A root (`r-` + 4-32) or OU id (`ou-` + 4-32 + `-` + 8-32), lowercase letters and digits (API reference, ParentId). */
export const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$/;

/** Reads a whole file as UTF-8 text (injected by tests); throws an errno error when it cannot. */
export type ReadFile = (path: string) => string;

/** Largest @FILE read: a million account ids take 13 MB; anything far larger is not a list of ids. */
export const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads at most MAX_LIST_FILE_BYTES + 1 bytes, chunk by chunk: a huge file or an endless one
 * (/dev/zero, a FIFO fed forever) fails with EFBIG instead of filling the memory.
 */
export const readListFile: ReadFile = (path) => {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > MAX_LIST_FILE_BYTES)
        throw Object.assign(new Error(`larger than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MB`), { code: 'EFBIG' });
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
};

export interface ParseAccountListOptions {
  /** The flag named in error messages: `--accounts` (default) or `--exclude-accounts`. */
  flag?: string;
}

/**
 * Reads `--accounts` / `--exclude-accounts`: `111111111111,222222222222` (ids separated by commas or
 * white space, so `"$(cat ids)"` works too) or `@FILE` (one id a line; `#` starts a comment, blank lines are skipped, spaces trimmed).
 * Every id must be exactly 12 digits; duplicates are dropped, first order kept; at least one id.
 * A bad id is a UsageError naming it (shown quoted, cut short, invisible characters escaped) and, in a
 * file, its line; an unreadable file is a UsageError with the errno code. Linear in the input.
 *
 * As a commander option parser, wrap it (`(v) => parseAccountList(v, undefined, { flag })`): commander
 * passes the previous value as the second argument.
 */
export function parseAccountList(value: string, readFile: ReadFile = readListFile, opts: ParseAccountListOptions = {}): string[] {
  const flag = opts.flag ?? '--accounts';
  const ids = new Set<string>();
  if (value.startsWith('@')) {
    const path = value.slice(1);
    if (path.trim() === '') throw new UsageError(`${flag} @FILE: a file name is needed after @`);
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
      throw new UsageError(`${flag} @${showValue(path, 200)}: cannot read the file (${code})`);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let line = 0;
    let start = 0;
    // One pass, no regex over the whole text: each line is looked at once.
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      line++;
      const raw = text.slice(start, end);
      const hash = raw.indexOf('#');
      const id = (hash < 0 ? raw : raw.slice(0, hash)).trim();
      if (id !== '') {
        if (!ACCOUNT_ID.test(id))
          throw new UsageError(`${flag} @${showValue(path, 200)} line ${line}: ${showValue(id)} is not an AWS account id (12 digits)`);
        ids.add(id);
      }
      start = end + 1;
    }
    if (ids.size === 0) throw new UsageError(`${flag} @${showValue(path, 200)}: the file holds no account id`);
    return [...ids];
  }
  for (const item of value.split(/[,\s]+/)) {
    const id = item.trim();
    if (id === '') continue;
    if (!ACCOUNT_ID.test(id)) throw new UsageError(`${flag}: ${showValue(id)} is not an AWS account id (12 digits); give ids separated by commas, or @FILE`);
    ids.add(id);
  }
  if (ids.size === 0) throw new UsageError(`${flag}: no account id given; give ids separated by commas, or @FILE`);
  return [...ids];
}

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
