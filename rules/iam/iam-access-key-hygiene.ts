import { z } from 'zod';
import {
  DAY_MS,
  daysSince,
  describeDate,
  formatTime,
  loadCredentialReport,
  rawValues,
  reconcileWithUsers,
  rowResource,
  UNREPORTED_MESSAGES,
  unreportedUsers,
  type ReportAccessKey,
} from '../../src/aws-model/credential-report.js';
import { defineRule, fail, info, pass, warn, type Emitted } from '../../src/rule.js';

/** The data of the pass message of a user's one active key: its age, and when it was last used (or that it has not been yet). */
function activeKeyPass(user: string, k: ReportAccessKey, days: number | null) {
  const age = days === null ? `was created at an unknown date (${describeDate(k.lastRotated)})` : `is ${days} days old`;
  const use = k.lastUsedDate.date ? `was last used ${describeDate(k.lastUsedDate)}` : 'has not been used yet';
  return { user, key: k.index, age, use };
}

/** A finding about one key names the key's slot: the report does not give key ids. */
const keySubject = (k: ReportAccessKey) => `access key ${k.index}`;

const keyColumns = (n: number) =>
  [`access_key_${n}_active`, `access_key_${n}_last_rotated`, `access_key_${n}_last_used_date`, `access_key_${n}_last_used_service`];

export default defineRule({
  id: 'iam-access-key-hygiene',
  section: 'iam',
  tip: 'Users can have multiple API keys.',
  title: 'Access keys are rotated, used, and only one is active per user',
  kind: 'automatic',
  severity: 'medium',
  needs: ['iam.credentialReport', 'iam.users'],
  options: z.object({
    maxKeyAgeDays: z.number().int().positive().default(90),
    unusedDays: z.number().int().positive().default(45),
    /** Two active keys are fine while the newer one is this young: a rotation in progress. */
    rotationWindowDays: z.number().int().nonnegative().default(7),
  }),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '1.14', coverage: 'partial',
      note: 'Old key is excused while a newer key at most rotationWindowDays (7) old exists; the control fails it.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.13', coverage: 'partial',
      note: 'Old key is excused while a newer key at most rotationWindowDays (7) old exists; the control fails it.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.12', coverage: 'partial',
      note: 'Old key is excused while a newer key at most rotationWindowDays (7) old exists; the control fails it.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.13', coverage: 'partial',
      note: 'Two active keys pass during a rotation window of 7 days. Recommendation dropped in v7.0.0.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.12', coverage: 'partial',
      note: 'Two active keys pass during a rotation window of 7 days. Recommendation dropped in v7.0.0.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.12', coverage: 'partial',
      note: 'Access keys only (45 days, default); unused console passwords are covered by iam-individual-human-identities as a WARN.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.11', coverage: 'partial',
      note: 'Access keys only (45 days, default); unused console passwords are covered by iam-individual-human-identities as a WARN.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.11', coverage: 'partial',
      note: 'Access keys only (45 days, default); unused console passwords are covered by iam-individual-human-identities as a WARN.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.11', coverage: 'partial',
      note: 'Only a low WARN, and only for a key created within 60 s of the user and never used. Recommendation dropped in v7.0.0.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.10', coverage: 'partial',
      note: 'Only a low WARN, and only for a key created within 60 s of the user and never used. Recommendation dropped in v7.0.0.',
    },
    {
      framework: 'aws-fsbp', control: 'IAM.3', coverage: 'partial',
      note: 'Same 90-day limit, but a key under rotation (newer key at most 7 days old) is excused.',
    },
    {
      framework: 'aws-fsbp', control: 'IAM.8', coverage: 'partial',
      note: 'Access keys only, at 45 days (control: passwords and keys, 90 days).',
    },
    {
      framework: 'aws-well-architected', control: 'SEC02-BP05', coverage: 'partial',
      note: 'Checks IAM user access keys only (age, use, count).',
    },
  ],
  docs: {
    rationale:
      'A user can hold two access keys. That second slot exists so a key can be replaced without downtime, not ' +
      'to keep two long-lived secrets: every active key is a credential that can leak, and old or unused ones most of all.',
    checks:
      'For every IAM user in the credential report (reconciled with ListUsers; root is left to iam-root-not-used), ' +
      'for each active key: FAIL when it is older than maxKeyAgeDays (not rotated), or unused for unusedDays (never ' +
      'used and created that long ago counts). Two active keys FAIL unless the newer one is at most ' +
      'rotationWindowDays old: a rotation in progress, which PASSes and excuses the older key\'s age. WARN low for a console user whose first key was created ' +
      'with the user (within 60 s) and never used (CIS: no access keys at initial setup). Inactive keys that still ' +
      'exist are INFO (delete them). Users created after the report are reported as errors.',
    remediation:
      'Rotate: create a second key, deploy it, deactivate the old key, then delete it. Delete keys nobody uses. ' +
      'Better still, replace long-term keys with roles (see iam-no-application-users).',
    cli:
      'aws iam create-access-key --user-name <user> && aws iam update-access-key --user-name <user> --access-key-id <old> --status Inactive && aws iam delete-access-key --user-name <user> --access-key-id <old>',
    outdated:
      'Re-framed: two keys are now meant only for zero-downtime rotation. CIS asks for at most one active key per ' +
      'user, rotation within 90 days, removal after 45 days unused, and prefers no long-term keys at all.',
    links: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#rotate-credentials',
    ],
  },
  messages: {
    notRotated: '{{user}}: access key {{key}} was created {{days}} days ago ({{created}}), more than {{maxDays}}: rotate it',
    unused: '{{user}}: access key {{key}} has not been used for {{days}} days (last used {{lastUsed}}): delete it',
    neverUsed: '{{user}}: access key {{key}} has never been used (last used {{lastUsed}}) and was created {{days}} days ago: delete it',
    twoActiveKeys:
      '{{user}} has two active access keys and no rotation is in progress (newer one created {{newest}}, more than {{windowDays}} days ago): deactivate the older key',
    initialKey:
      '{{user}} is a console user whose access key 1 was created with the user and never used: delete it (CIS: no access keys at initial setup)',
    inactiveKey: '{{user}}: access key {{key}} is inactive (created {{created}}): delete it if nothing needs it back',
    noActiveKey: '{{user}} has no active access key',
    rotating: '{{user}} has two active access keys while a rotation is in progress (newer key at most {{windowDays}} days old)',
    activeKey: "{{user}}'s active access key {{key}} {{age}} and {{use}}",
    ...UNREPORTED_MESSAGES,
  },
  *check({ iam }, ctx) {
    const { options, now } = ctx;
    const report = loadCredentialReport(iam.credentialReport);
    const { rows, notInReport } = reconcileWithUsers(report, iam.users);
    const age = (k: ReportAccessKey) => (k.lastRotated.date ? daysSince(k.lastRotated.date, now) : null);

    for (const row of rows) {
      const res = rowResource(ctx, row, iam.users);
      const user = row.user;
      const found: Emitted[] = [];
      const active = row.accessKeys.filter((k) => k.active === true);
      // Two active keys, the newer one young: a rotation in progress, so the older key's age is expected.
      const dates = active.map((k) => k.lastRotated.date?.getTime() ?? null);
      const newest = dates.length > 0 && dates.every((d) => d !== null) ? Math.max(...(dates as number[])) : null;
      const rotating = active.length === 2 && newest !== null && now.getTime() - newest <= options.rotationWindowDays * DAY_MS;
      for (const k of active) {
        const evidence = rawValues(row, keyColumns(k.index));
        const created = age(k);
        const subject = keySubject(k);
        const key = k.index;
        if (created !== null && created > options.maxKeyAgeDays && !rotating)
          found.push(fail(res, 'notRotated', { user, key, days: created, created: describeDate(k.lastRotated), maxDays: options.maxKeyAgeDays }, { subject, evidence }));
        if (k.lastUsedDate.date) {
          const idle = daysSince(k.lastUsedDate.date, now);
          if (idle >= options.unusedDays)
            found.push(fail(res, 'unused', { user, key, days: idle, lastUsed: describeDate(k.lastUsedDate) }, { subject, evidence }));
        } else if (created !== null && created >= options.unusedDays) {
          found.push(fail(res, 'neverUsed', { user, key, days: created, lastUsed: describeDate(k.lastUsedDate) }, { subject, evidence }));
        }
      }

      if (active.length === 2 && !rotating)
        found.push(fail(res, 'twoActiveKeys', { user, newest: newest === null ? 'at an unknown date' : formatTime(new Date(newest)), windowDays: options.rotationWindowDays }, {
          evidence: rawValues(row, [...keyColumns(1), ...keyColumns(2)]),
        }));

      const first = row.accessKeys[0];
      const created = row.userCreationTime.date;
      if (row.passwordEnabled === true && first.active === true && first.lastRotated.date && created &&
          Math.abs(first.lastRotated.date.getTime() - created.getTime()) <= 60_000 && first.lastUsedDate.reason === 'not-applicable')
        found.push(warn(res, 'initialKey', { user }, {
          severity: 'low',
          evidence: { ...rawValues(row, ['user_creation_time', 'password_enabled']), ...rawValues(row, keyColumns(1)) },
        }));

      for (const k of row.accessKeys)
        if (k.active === false && k.present)
          found.push(info(res, 'inactiveKey', { user, key: k.index, created: describeDate(k.lastRotated) }, { subject: keySubject(k), evidence: rawValues(row, keyColumns(k.index)) }));

      yield* found;
      if (!found.some((f) => f.status === 'fail' || f.status === 'warn')) {
        const evidence = rawValues(row, [...keyColumns(1), ...keyColumns(2)]);
        if (active.length === 0) yield pass(res, 'noActiveKey', { user }, { evidence });
        else if (rotating) yield pass(res, 'rotating', { user, windowDays: options.rotationWindowDays }, { evidence });
        else yield pass(res, 'activeKey', activeKeyPass(user, active[0]!, age(active[0]!)), { evidence });
      }
    }

    yield* unreportedUsers(iam.credentialReport, notInReport, 'its access keys');
  },
});
