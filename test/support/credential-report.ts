/**
 * Builds IAM credential reports (the `iam.credentialReport` dataset) for tests: one row per user,
 * every column filled with what AWS writes for "nothing there", overridden per case.
 */
import { stringify } from 'csv-stringify/sync';
import { TEST_ACCOUNT, TEST_NOW } from '../rule-tester.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

export type ReportColumn = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
export type ReportRow = Record<ReportColumn, string>;
export type ReportRowInput = Partial<ReportRow>;

export const USER_CREATED = '2024-01-01T00:00:00+00:00';

/** A user row with no password, no MFA, no keys and no certs; `overrides` fill in the rest. */
export function userRow(name: string, overrides: ReportRowInput = {}): ReportRow {
  return {
    user: name,
    arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`,
    user_creation_time: USER_CREATED,
    password_enabled: 'false',
    password_last_used: 'N/A',
    password_last_changed: 'N/A',
    password_next_rotation: 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
    ...overrides,
  };
}

/** A console user with a password (last used `lastUsed`) and, by default, no MFA. */
export function consoleUserRow(name: string, lastUsed = 'no_information', overrides: ReportRowInput = {}): ReportRow {
  return userRow(name, {
    password_enabled: 'true',
    password_last_used: lastUsed,
    password_last_changed: USER_CREATED,
    ...overrides,
  });
}

/** The root row as AWS writes it: password fields not_supported, MFA on, never used, no keys. */
export function rootRow(overrides: ReportRowInput = {}): ReportRow {
  return userRow('<root_account>', {
    arn: `arn:aws:iam::${TEST_ACCOUNT}:root`,
    user_creation_time: '2014-01-01T00:00:00+00:00',
    password_enabled: 'not_supported',
    password_last_used: 'no_information',
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
    ...overrides,
  });
}

/** The CSV text of a report with these rows (header first). */
export function credentialReportCsv(rows: ReportRowInput[], columns: readonly string[] = CREDENTIAL_REPORT_COLUMNS): string {
  return stringify(rows as Record<string, string>[], { header: true, columns: [...columns] });
}

/** The `iam.credentialReport` dataset value; generated one hour before the test snapshot by default. */
export function credentialReport(rows: ReportRowInput[], generatedTime = new Date(Date.parse(TEST_NOW) - 3_600_000).toISOString()) {
  return { GeneratedTime: generatedTime, ReportFormat: 'text/csv', Content: credentialReportCsv(rows) };
}

/** An `iam.users` item (ListUsers) matching `userRow(name)` unless `createDate` says otherwise. */
export function iamUser(name: string, createDate = '2024-01-01T00:00:00.000Z') {
  return { UserName: name, Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`, Region: 'global', CreateDate: createDate };
}
