/**
 * The IAM credential report, parsed once into typed rows for the rules that read it (MFA, access keys,
 * application users, human identities, root use).
 *
 * Every cell keeps its raw text (for evidence). Sentinels (`N/A`, `no_information`, `not_supported`,
 * empty) become `null` with a reason and are never handed to the date parser; describeDate() words them
 * for messages ("never", "never recorded", "not reported").
 */
import { parse } from 'csv-parse/sync';
import { error, type Emitted, type ResourceLike, type ResourceRef, type RuleContext } from '../rule.js';
import type { DatasetValue } from '../snapshot/registry.js';
import type { SnapshotMeta } from '../snapshot/schema.js';

export type CredentialReportDataset = DatasetValue<'iam.credentialReport'>;
export type IamUser = DatasetValue<'iam.users'>[number];

export const ROOT_USER = '<root_account>';

/** Columns the loader reads; a report without any of them is malformed. */
export const REQUIRED_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_2_active',
] as const;

/**
 * Why a value is null:
 * - `not-applicable`: `N/A` (no password, no key; for a key's last-used date: never used);
 * - `no-information`: `no_information` (never used, or not used since tracking began on 2014-10-20);
 * - `not-supported`: `not_supported` (root's password fields; moto also uses it for unknown fields);
 * - `empty`: the cell is empty or the column is absent;
 * - `invalid`: anything else that is not a timestamp or a boolean.
 */
export type NullReason = 'not-applicable' | 'no-information' | 'not-supported' | 'empty' | 'invalid';

const SENTINELS: Record<string, NullReason> = {
  'n/a': 'not-applicable',
  no_information: 'no-information',
  not_supported: 'not-supported',
  '': 'empty',
};

/** A timestamp cell. `date` is null exactly when `reason` is set. */
export interface ReportDate {
  date: Date | null;
  reason: NullReason | null;
  raw: string;
  /**
   * Set on password_last_used when the value may miss sign-ins: IAM recorded no password use from
   * 2018-05-03 22:50 PDT to 2018-05-23 14:08 PDT, so a date (or no_information) older than that
   * gap's end may hide a later sign-in inside it.
   */
  caveat?: 'data-gap-2018';
  /** Set on the last-used columns (password_last_used, access_key_N_last_used_date): describeDate words them as use. */
  lastUse?: true;
}

/** A boolean cell, compared case-insensitively (docs show TRUE/FALSE, files contain true/false). */
export interface ReportBool {
  value: boolean | null;
  reason: NullReason | null;
  raw: string;
}

export interface ReportAccessKey {
  /** 1 or 2, as in the column names. */
  index: 1 | 2;
  active: boolean | null;
  lastRotated: ReportDate;
  lastUsedDate: ReportDate;
  lastUsedService: string | null;
  /** The key exists (active, or inactive but with a creation date). */
  present: boolean;
}

export interface ReportCert {
  index: 1 | 2;
  active: boolean | null;
  lastRotated: ReportDate;
  present: boolean;
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  isRoot: boolean;
  userCreationTime: ReportDate;
  /** null on the root row (`not_supported`); use `hasPassword` instead. */
  passwordEnabled: boolean | null;
  passwordLastUsed: ReportDate;
  passwordLastChanged: ReportDate;
  mfaActive: boolean | null;
  accessKeys: [ReportAccessKey, ReportAccessKey];
  certs: [ReportCert, ReportCert];
  /**
   * Whether the user has a console password. For root this is inferred from
   * `password_last_used !== "N/A"`, because root's `password_enabled` is `not_supported`
   * (or `false` in new organization member accounts).
   */
  hasPassword: boolean;
  /** The raw cells, by column name, for evidence. */
  raw: Record<string, string>;
}

export interface CredentialReport {
  generatedTime: Date | null;
  rows: CredentialReportRow[];
  /** The root row; absent when the report omits it (moto does). */
  root: CredentialReportRow | undefined;
  /** Every non-root row, in report order. */
  users: CredentialReportRow[];
}

/** The report's user rows checked against ListUsers. */
export interface ReconciledUsers {
  /** Rows of users that still exist. */
  rows: CredentialReportRow[];
  /** Rows of users deleted (or deleted and re-created) since the report was generated. */
  deleted: CredentialReportRow[];
  /** Users the report does not cover: created after it was generated. */
  notInReport: IamUser[];
}

const DATA_GAP_END = Date.parse('2018-05-23T21:08:00Z');
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function sentinel(raw: string): NullReason | undefined {
  return SENTINELS[raw.trim().toLowerCase()];
}

export function parseReportDate(raw: string | undefined, lastUse = false): ReportDate {
  const text = (raw ?? '').trim();
  const use = lastUse ? { lastUse: true as const } : {};
  const reason = sentinel(text);
  if (reason) return { date: null, reason, raw: text, ...use };
  if (!ISO_LIKE.test(text)) return { date: null, reason: 'invalid', raw: text, ...use };
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? { date: null, reason: 'invalid', raw: text, ...use } : { date: new Date(ms), reason: null, raw: text, ...use };
}

export function parseReportBool(raw: string | undefined): ReportBool {
  const text = (raw ?? '').trim();
  const lower = text.toLowerCase();
  if (lower === 'true') return { value: true, reason: null, raw: text };
  if (lower === 'false') return { value: false, reason: null, raw: text };
  return { value: null, reason: sentinel(text) ?? 'invalid', raw: text };
}

function blankToNull(raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  return sentinel(text) ? null : text;
}

function passwordLastUsed(raw: string | undefined): ReportDate {
  const d = parseReportDate(raw, true);
  const beforeGapEnd = d.date ? d.date.getTime() < DATA_GAP_END : d.reason === 'no-information';
  return beforeGapEnd ? { ...d, caveat: 'data-gap-2018' } : d;
}

function toRow(raw: Record<string, string>): CredentialReportRow {
  const key = (index: 1 | 2): ReportAccessKey => {
    const active = parseReportBool(raw[`access_key_${index}_active`]).value;
    const lastRotated = parseReportDate(raw[`access_key_${index}_last_rotated`]);
    return {
      index,
      active,
      lastRotated,
      lastUsedDate: parseReportDate(raw[`access_key_${index}_last_used_date`], true),
      lastUsedService: blankToNull(raw[`access_key_${index}_last_used_service`]),
      present: active === true || lastRotated.date !== null,
    };
  };
  const cert = (index: 1 | 2): ReportCert => {
    const active = parseReportBool(raw[`cert_${index}_active`]).value;
    const lastRotated = parseReportDate(raw[`cert_${index}_last_rotated`]);
    return { index, active, lastRotated, present: active === true || lastRotated.date !== null };
  };
  const user = (raw.user ?? '').trim();
  const isRoot = user === ROOT_USER;
  const passwordEnabled = parseReportBool(raw.password_enabled).value;
  const lastUsed = passwordLastUsed(raw.password_last_used);
  return {
    user,
    arn: (raw.arn ?? '').trim(),
    isRoot,
    userCreationTime: parseReportDate(raw.user_creation_time),
    passwordEnabled,
    passwordLastUsed: lastUsed,
    passwordLastChanged: parseReportDate(raw.password_last_changed),
    mfaActive: parseReportBool(raw.mfa_active).value,
    accessKeys: [key(1), key(2)],
    certs: [cert(1), cert(2)],
    hasPassword: isRoot ? passwordEnabled === true || (lastUsed.raw.toLowerCase() !== 'n/a' && lastUsed.raw !== '') : passwordEnabled === true,
    raw,
  };
}

/** Parses the report's CSV text. Throws a clear Error when the CSV is malformed or lacks a column. */
export function parseCredentialReport(content: string): CredentialReportRow[] {
  if (content.trim() === '') throw new Error('credential report is empty (no header row)');
  let records: Record<string, string>[];
  let header: string[] = [];
  try {
    records = parse<Record<string, string>>(content, {
      columns: (names: string[]) => (header = names.map((c) => c.trim())),
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    throw new Error(`credential report is not valid CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`credential report is malformed: missing column(s) ${missing.join(', ')}`);
  return records.map(toRow);
}

function toDate(v: string | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Loads the `iam.credentialReport` dataset. */
export function loadCredentialReport(dataset: CredentialReportDataset): CredentialReport {
  // Five rules read the report: its CSV is parsed once per dataset (rows are shared, arrays are not).
  let rows = parsedReports.get(dataset);
  if (!rows || rows.content !== dataset.Content) {
    rows = { content: dataset.Content, rows: parseCredentialReport(dataset.Content) };
    parsedReports.set(dataset, rows);
  }
  return reportOf(dataset, [...rows.rows]);
}
const parsedReports = new WeakMap<object, { content: string; rows: CredentialReportRow[] }>();

function reportOf(dataset: CredentialReportDataset, rows: CredentialReportRow[]): CredentialReport {
  return {
    generatedTime: toDate(dataset.GeneratedTime),
    rows,
    root: rows.find((r) => r.isRoot),
    users: rows.filter((r) => !r.isRoot),
  };
}

/**
 * Reconciles the report (up to 4 h old) with ListUsers, matching by user name: rows of users that no
 * longer exist are dropped, users missing from the report (created later) are listed. A user deleted
 * and re-created under the same name has a different creation time: its row describes the old user.
 */
export function reconcileWithUsers(report: CredentialReport, users: readonly IamUser[]): ReconciledUsers {
  const byName = new Map(users.map((u) => [u.UserName, u]));
  const out: ReconciledUsers = { rows: [], deleted: [], notInReport: [] };
  const matched = new Set<string>();
  for (const row of report.users) {
    const user = byName.get(row.user);
    const created = toDate(user?.CreateDate);
    const rowCreated = row.userCreationTime.date;
    const sameUser = user && (!created || !rowCreated || Math.abs(created.getTime() - rowCreated.getTime()) < 1000);
    if (sameUser) {
      out.rows.push(row);
      matched.add(row.user);
    } else out.deleted.push(row);
  }
  for (const u of users) if (!matched.has(u.UserName)) out.notInReport.push(u);
  return out;
}

/** The messages unreportedUsers emits: a rule that uses it spreads these into its own `messages`. */
export const UNREPORTED_MESSAGES = {
  createdAfterReport: '{{user}} was created after the credential report (generated {{generated}}); re-run to check {{what}}',
} as const;

/**
 * One error finding per user the report does not cover (`reconcileWithUsers(...).notInReport`: created
 * after the report was generated), so the rule's verdict says it did not judge them: "re-run to check
 * <what>" (its MFA, its access keys, it). Reported on the collected user item itself. Shared by the IAM
 * rules that read the report; they spread UNREPORTED_MESSAGES into their messages.
 */
export function unreportedUsers(
  dataset: Pick<CredentialReportDataset, 'GeneratedTime'>,
  users: readonly { Arn: string; Region: string; UserName: string; CreateDate?: string | Date | null }[],
  what = 'it',
): Emitted[] {
  const generated = formatTime(toDate(dataset.GeneratedTime));
  return users.map((u) =>
    error(u, 'createdAfterReport' satisfies keyof typeof UNREPORTED_MESSAGES, { user: u.UserName, generated, what }, {
      evidence: { CreateDate: u.CreateDate, GeneratedTime: dataset.GeneratedTime },
    }),
  );
}

/** What the ref helpers need of the rule context. */
export type RefContext = Pick<RuleContext<unknown>, 'meta' | 'referenced'>;

/** The root user as a finding resource: named by the report's ARN, else by account and partition. */
export function rootResource(ctx: RefContext, row?: CredentialReportRow): ResourceRef {
  return ctx.referenced(row?.arn || `arn:${ctx.meta.partition}:iam::${ctx.meta.accountId}:root`, 'global', 'root');
}

/**
 * A report row (a user) as a finding resource: the collected user item with the row's ARN when the rule
 * passes the users it read (iam.users, iam.userDetails), so its identity and tags are the dataset's; else
 * the user as a referenced resource (id = user name). The root row is rootResource.
 */
export function rowResource(ctx: RefContext, row: CredentialReportRow, users?: readonly { Arn: string; Region: string }[]): ResourceLike {
  if (row.isRoot) return rootResource(ctx, row);
  const item = users && usersByArn(users).get(row.arn);
  return item ?? ctx.referenced(row.arn, 'global', row.user);
}

function usersByArn<U extends { Arn: string }>(users: readonly U[]): Map<string, U> {
  let map = byArnCache.get(users) as Map<string, U> | undefined;
  if (!map) byArnCache.set(users, (map = new Map(users.map((u) => [u.Arn, u]))));
  return map;
}
const byArnCache = new WeakMap<object, Map<string, unknown>>();

export const DAY_MS = 86_400_000;

/** Whole days from `date` to `now` (negative for future dates). */
export function daysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / DAY_MS);
}

/** The date lies within the last `days` days before `now` (a future date, from clock skew, counts). */
export function withinDays(d: ReportDate | Date | null, now: Date, days: number): boolean {
  const date = d instanceof Date ? d : d?.date;
  return !!date && now.getTime() - date.getTime() <= days * DAY_MS;
}

/** `2026-10-01T10:00:00Z` (ISO 8601 to the second), or "unknown". */
export function formatTime(date: Date | null | undefined): string {
  return date ? date.toISOString().replace(/\.000Z$/, 'Z') : 'unknown';
}

/**
 * `2026-10-01T10:00:00Z`, or in words why there is no date, never the report's own tokens (people read the
 * message; the raw cell stays in the evidence). It reads after "last used" / "created":
 * - `N/A`: "never" on a last-used column (a key never used; a password never used or none), else "not recorded";
 * - `no_information`: "never recorded" (no use since IAM began tracking, October 2014);
 * - `not_supported` or an empty cell: "not reported" (root's password fields; moto);
 * - anything else: `an unreadable value "..."`.
 */
export function describeDate(d: ReportDate): string {
  if (d.date) return formatTime(d.date);
  switch (d.reason) {
    case 'not-applicable':
      return d.lastUse ? 'never' : 'not recorded';
    case 'no-information':
      return 'never recorded';
    case 'not-supported':
    case 'empty':
      return 'not reported';
    default:
      return `an unreadable value "${d.raw}"`;
  }
}

/** The raw cells of `columns`, for evidence. */
export function rawValues(row: CredentialReportRow, columns: readonly string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, row.raw[c] ?? '']));
}
