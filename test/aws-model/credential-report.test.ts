import { describe, expect, it } from 'vitest';
import {
  describeDate,
  loadCredentialReport,
  parseCredentialReport,
  parseReportBool,
  parseReportDate,
  reconcileWithUsers,
  rootResource,
  rowResource,
  UNREPORTED_MESSAGES,
  unreportedUsers,
  withinDays,
} from '../../src/aws-model/credential-report.js';
import { RULES } from '../../rules/index.js';
import { emptyConfig } from '../../src/config/load.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { selectRules } from '../../src/engine/select.js';
import { attachIdentity } from '../../src/engine/identity.js';
import { getDataset } from '../../src/snapshot/schema.js';
import { formatMessage, ResourceRef, type Rule } from '../../src/rule.js';
import { buildSnapshot } from '../rule-tester.js';
import {
  CREDENTIAL_REPORT_COLUMNS,
  consoleUserRow,
  credentialReport,
  credentialReportCsv,
  iamUser,
  rootRow,
  userRow,
} from '../support/credential-report.js';

describe('parseReportDate', () => {
  it('parses a report timestamp', () => {
    const d = parseReportDate('2026-10-01T10:00:00+00:00');
    expect(d.date?.toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(d.reason).toBeNull();
    expect(d.raw).toBe('2026-10-01T10:00:00+00:00');
  });

  it.each([
    ['N/A', 'not-applicable'],
    ['n/a', 'not-applicable'],
    ['no_information', 'no-information'],
    ['not_supported', 'not-supported'],
    ['', 'empty'],
    [undefined, 'empty'],
    ['yesterday', 'invalid'],
    ['1', 'invalid'],
  ] as const)('maps %j to null with reason %s', (raw, reason) => {
    const d = parseReportDate(raw);
    expect(d.date).toBeNull();
    expect(d.reason).toBe(reason);
  });
});

describe('parseReportBool', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    ['FALSE', false],
  ])('reads %s case-insensitively', (raw, value) => {
    expect(parseReportBool(raw).value).toBe(value);
  });

  it('maps not_supported to null with a reason', () => {
    expect(parseReportBool('not_supported')).toEqual({ value: null, reason: 'not-supported', raw: 'not_supported' });
  });
});

describe('parseCredentialReport', () => {
  it('reads a user row into typed fields', () => {
    const [row] = parseCredentialReport(
      credentialReportCsv([
        consoleUserRow('alice', '2026-10-20T08:00:00+00:00', {
          mfa_active: 'TRUE',
          access_key_1_active: 'TRUE',
          access_key_1_last_rotated: '2026-01-01T00:00:00+00:00',
          access_key_1_last_used_date: '2026-10-30T00:00:00+00:00',
          access_key_1_last_used_service: 's3',
          access_key_2_active: 'false',
          access_key_2_last_rotated: '2025-01-01T00:00:00+00:00',
        }),
      ]),
    );
    expect(row!.user).toBe('alice');
    expect(row!.isRoot).toBe(false);
    expect(row!.passwordEnabled).toBe(true);
    expect(row!.hasPassword).toBe(true);
    expect(row!.mfaActive).toBe(true);
    expect(row!.passwordLastUsed.date?.toISOString()).toBe('2026-10-20T08:00:00.000Z');
    expect(row!.accessKeys[0]).toMatchObject({ index: 1, active: true, present: true, lastUsedService: 's3' });
    expect(row!.accessKeys[0].lastUsedDate.date?.toISOString()).toBe('2026-10-30T00:00:00.000Z');
    // inactive but existing key
    expect(row!.accessKeys[1]).toMatchObject({ index: 2, active: false, present: true, lastUsedService: null });
    expect(row!.accessKeys[1].lastUsedDate.reason).toBe('not-applicable');
    expect(row!.certs.map((c) => c.present)).toEqual([false, false]);
    expect(row!.raw.access_key_1_active).toBe('TRUE');
  });

  it('reads a user without a password', () => {
    const [row] = parseCredentialReport(credentialReportCsv([userRow('bot')]));
    expect(row!.passwordEnabled).toBe(false);
    expect(row!.hasPassword).toBe(false);
    expect(row!.passwordLastUsed).toMatchObject({ date: null, reason: 'not-applicable' });
    expect(row!.accessKeys.map((k) => k.present)).toEqual([false, false]);
  });

  describe('the root row', () => {
    it('is recognised and its password inferred from password_last_used', () => {
      const [root] = parseCredentialReport(credentialReportCsv([rootRow({ password_last_used: '2026-10-25T00:00:00+00:00' })]));
      expect(root!.isRoot).toBe(true);
      expect(root!.passwordEnabled).toBeNull(); // not_supported
      expect(root!.passwordLastChanged.reason).toBe('not-supported');
      expect(root!.hasPassword).toBe(true);
    });

    it('has a password when never used (no_information)', () => {
      const [root] = parseCredentialReport(credentialReportCsv([rootRow({ password_last_used: 'no_information' })]));
      expect(root!.hasPassword).toBe(true);
      expect(root!.passwordLastUsed).toMatchObject({ date: null, reason: 'no-information' });
    });

    it('has no password when password_last_used is N/A', () => {
      const [root] = parseCredentialReport(credentialReportCsv([rootRow({ password_last_used: 'N/A' })]));
      expect(root!.hasPassword).toBe(false);
    });

    it('accepts password_enabled "false" in new member accounts and still infers from last use', () => {
      const [root] = parseCredentialReport(
        credentialReportCsv([rootRow({ password_enabled: 'false', password_last_used: '2026-10-25T00:00:00+00:00' })]),
      );
      expect(root!.passwordEnabled).toBe(false);
      expect(root!.hasPassword).toBe(true);
    });
  });

  describe('the 2018 data gap', () => {
    it('flags a password last used before the gap ended', () => {
      const [row] = parseCredentialReport(credentialReportCsv([consoleUserRow('old', '2018-05-01T12:00:00+00:00')]));
      expect(row!.passwordLastUsed.caveat).toBe('data-gap-2018');
      expect(row!.passwordLastUsed.date?.toISOString()).toBe('2018-05-01T12:00:00.000Z');
    });

    it('flags no_information (a sign-in in the gap was not recorded)', () => {
      const [row] = parseCredentialReport(credentialReportCsv([consoleUserRow('never', 'no_information')]));
      expect(row!.passwordLastUsed.caveat).toBe('data-gap-2018');
    });

    it('does not flag a later date', () => {
      const [row] = parseCredentialReport(credentialReportCsv([consoleUserRow('new', '2018-05-24T00:00:00+00:00')]));
      expect(row!.passwordLastUsed.caveat).toBeUndefined();
    });
  });

  it('throws a clear error when a column is missing', () => {
    const columns = CREDENTIAL_REPORT_COLUMNS.filter((c) => c !== 'mfa_active' && c !== 'cert_2_active');
    expect(() => parseCredentialReport(credentialReportCsv([userRow('a')], columns))).toThrow(
      /credential report is malformed: missing column\(s\) mfa_active, cert_2_active/,
    );
  });

  it('throws on empty content and on ragged rows', () => {
    expect(() => parseCredentialReport('')).toThrow(/credential report is empty/);
    expect(() => parseCredentialReport(`${CREDENTIAL_REPORT_COLUMNS.join(',')}\nalice,arn\n`)).toThrow(/not valid CSV/);
  });

  it('reads a header-only report as no rows', () => {
    expect(parseCredentialReport(`${CREDENTIAL_REPORT_COLUMNS.join(',')}\n`)).toEqual([]);
  });
});

describe('loadCredentialReport', () => {
  it('splits the root row from the users', () => {
    const r = loadCredentialReport(credentialReport([rootRow(), userRow('alice')], '2026-11-01T11:00:00Z'));
    expect(r.root?.arn).toBe('arn:aws:iam::123456789012:root');
    expect(r.users.map((u) => u.user)).toEqual(['alice']);
    expect(r.generatedTime?.toISOString()).toBe('2026-11-01T11:00:00.000Z');
  });

  it('has no root when the report omits it (moto)', () => {
    const r = loadCredentialReport(credentialReport([userRow('alice')]));
    expect(r.root).toBeUndefined();
    expect(r.users).toHaveLength(1);
  });

  it('reads moto rows (not_supported in the region and service columns)', () => {
    const r = loadCredentialReport(
      credentialReport([
        userRow('m', {
          password_last_used: 'not_supported',
          access_key_1_last_used_region: 'not_supported',
          access_key_1_last_used_service: 'not_supported',
        }),
      ]),
    );
    expect(r.users[0]!.hasPassword).toBe(false);
    expect(r.users[0]!.accessKeys[0].lastUsedService).toBeNull();
  });
});

describe('reconcileWithUsers', () => {
  const report = loadCredentialReport(credentialReport([rootRow(), userRow('alice'), userRow('gone'), userRow('again')]));

  it('drops rows of deleted users and lists users created after the report', () => {
    const r = reconcileWithUsers(report, [iamUser('alice'), iamUser('new', '2026-11-01T11:30:00Z')]);
    expect(r.rows.map((x) => x.user)).toEqual(['alice']);
    expect(r.deleted.map((x) => x.user)).toEqual(['gone', 'again']);
    expect(r.notInReport.map((u) => u.UserName)).toEqual(['new']);
  });

  it('treats a user re-created under the same name as not in the report', () => {
    const r = reconcileWithUsers(report, [iamUser('alice'), iamUser('gone'), iamUser('again', '2026-11-01T11:30:00Z')]);
    expect(r.rows.map((x) => x.user)).toEqual(['alice', 'gone']);
    expect(r.deleted.map((x) => x.user)).toEqual(['again']);
    expect(r.notInReport.map((u) => u.UserName)).toEqual(['again']);
  });

  it('never includes the root row', () => {
    const r = reconcileWithUsers(report, []);
    expect(r.rows).toEqual([]);
    expect(r.deleted.some((x) => x.isRoot)).toBe(false);
  });
});

describe('unreportedUsers', () => {
  it('gives one error per user created after the report, with the report time and what to re-check', () => {
    const dataset = credentialReport([rootRow(), userRow('alice')], '2026-11-01T11:00:00.000Z');
    // Collected users, as the engine hands them to rules: findings are reported on the items themselves.
    const snapshot = buildSnapshot(undefined, { iam: { users: [iamUser('alice'), iamUser('new', '2026-11-01T11:30:00.000Z')] } });
    attachIdentity(snapshot, 'iam.users');
    const { notInReport } = reconcileWithUsers(loadCredentialReport(dataset), getDataset(snapshot, 'iam.users') as ReturnType<typeof iamUser>[]);
    const [f, ...rest] = unreportedUsers(dataset, notInReport, 'its MFA');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      status: 'error',
      messageId: 'createdAfterReport',
      evidence: { CreateDate: '2026-11-01T11:30:00.000Z', GeneratedTime: '2026-11-01T11:00:00.000Z' },
    });
    expect(f!.resource).toEqual(new ResourceRef('arn:aws:iam::123456789012:user/new', 'global', 'new'));
    expect(formatMessage(UNREPORTED_MESSAGES[f!.messageId as keyof typeof UNREPORTED_MESSAGES], f!.data)).toBe(
      'new was created after the credential report (generated 2026-11-01T11:00:00Z); re-run to check its MFA',
    );
    const [it2] = unreportedUsers(dataset, notInReport);
    expect(formatMessage(UNREPORTED_MESSAGES.createdAfterReport, it2!.data)).toMatch(/re-run to check it$/);
    expect(unreportedUsers(dataset, [])).toEqual([]);
  });
});

describe('helpers', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  it('withinDays measures from now, not the clock', () => {
    expect(withinDays(parseReportDate('2026-10-03T12:00:00Z'), now, 30)).toBe(true);
    expect(withinDays(parseReportDate('2026-10-01T11:59:59Z'), now, 30)).toBe(false);
    expect(withinDays(parseReportDate('no_information'), now, 30)).toBe(false);
  });

  it('describes dates and sentinels', () => {
    expect(describeDate(parseReportDate('2026-10-03T12:00:00+00:00'))).toBe('2026-10-03T12:00:00Z');
    expect(describeDate(parseReportDate('no_information'))).toBe('never recorded');
  });

  it('describes a missing date in words, never with the report\'s raw tokens', () => {
    const [row] = parseCredentialReport(credentialReportCsv([userRow('u', {
      password_last_used: 'no_information',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_rotated: 'N/A',
      access_key_2_last_used_date: 'not_supported',
      access_key_2_last_rotated: '',
    })]));
    expect(describeDate(row!.passwordLastUsed)).toBe('never recorded');
    expect(describeDate(row!.accessKeys[0].lastUsedDate)).toBe('never');
    expect(describeDate(row!.accessKeys[0].lastRotated)).toBe('not recorded');
    expect(describeDate(row!.accessKeys[1].lastUsedDate)).toBe('not reported');
    expect(describeDate(row!.accessKeys[1].lastRotated)).toBe('not reported');
    expect(describeDate(parseReportDate('yesterday'))).toBe('an unreadable value "yesterday"');
  });

  it('no IAM rule message carries a raw credential report token (N/A, no_information, not_supported)', () => {
    const old = '2026-01-01T00:00:00+00:00';
    const rows = [
      rootRow({ mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: old }),
      consoleUserRow('newbie', 'no_information'),
      consoleUserRow('ghost', 'N/A'),
      userRow('ci-bot', { access_key_1_active: 'true', access_key_1_last_rotated: old }),
      userRow('odd', { access_key_1_active: 'true', access_key_1_last_rotated: 'N/A', access_key_2_active: 'false', access_key_2_last_rotated: old }),
      userRow('moto', { password_enabled: 'true', password_last_used: 'not_supported', access_key_1_active: 'true', access_key_1_last_rotated: old, access_key_1_last_used_date: 'not_supported' }),
    ];
    const names = rows.map((r) => r.user).filter((u) => u !== '<root_account>');
    const ids = ['iam-mfa-enabled', 'iam-access-key-hygiene', 'iam-no-application-users', 'iam-individual-human-identities', 'iam-root-not-used'];
    const rules = RULES.filter((r) => ids.includes(r.id));
    const snapshot = buildSnapshot({ needs: [...new Set(rules.flatMap((r) => r.needs))] } as unknown as Rule, {
      iam: {
        credentialReport: credentialReport(rows),
        users: names.map((n) => iamUser(n)),
        userDetails: names.map((n) => ({ ...iamUser(n), Tags: [] })),
        accountSummary: { SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } },
        virtualMfaDevices: [],
      },
    });
    const findings = evaluate(snapshot, selectRules(rules, emptyConfig(), {})).flatMap((r) => r.findings);
    const messages = findings.map((f) => f.message);
    expect(new Set(findings.map((f) => f.ruleId)).size).toBe(ids.length);
    expect(messages.filter((m) => /N\/A|no_information|not_supported/i.test(m))).toEqual([]);
    expect(messages.some((m) => /last used never/.test(m))).toBe(true);
  });

  it('names root by the report ARN, else by account and partition', () => {
    const ctx = { meta: { partition: 'aws-cn', accountId: '111' }, referenced: (arn: string, region: string, id: string) => new ResourceRef(arn, region, id) } as never;
    expect(rootResource(ctx)).toEqual(new ResourceRef('arn:aws-cn:iam::111:root', 'global', 'root'));
    const [root] = loadCredentialReport(credentialReport([rootRow()])).rows;
    expect(rootResource(ctx, root)).toEqual(new ResourceRef(root!.arn, 'global', 'root'));
  });

  it('names a user row by the collected user item when given, else as a referenced user', () => {
    const ctx = { meta: { partition: 'aws', accountId: '123456789012' }, referenced: (arn: string, region: string, id: string) => new ResourceRef(arn, region, id) } as never;
    const row = loadCredentialReport(credentialReport([rootRow(), userRow('alice')])).users[0]!;
    const alice = iamUser('alice');
    expect(rowResource(ctx, row, [iamUser('bob'), alice])).toBe(alice);
    expect(rowResource(ctx, row)).toEqual(new ResourceRef(row.arn, 'global', 'alice'));
    expect(rowResource(ctx, row, [iamUser('bob')])).toEqual(new ResourceRef(row.arn, 'global', 'alice'));
  });
});
