import { z } from 'zod';
import {
  daysSince,
  describeDate,
  loadCredentialReport,
  rawValues,
  reconcileWithUsers,
  rowResource,
  UNREPORTED_MESSAGES,
  unreportedUsers,
  withinDays,
} from '../../src/aws-model/credential-report.js';
import { parseTagSpec, tagValue } from '../../src/aws-model/instances.js';
import { defineRule, fail, info, pass } from '../../src/rule.js';
import { compileRegex, safeRegex } from '../../src/safe-regex.js';

const COLUMNS = [
  'password_enabled', 'access_key_1_active', 'access_key_1_last_used_date', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_used_date', 'access_key_2_last_used_service',
];

const ago = (days: number) => (days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`);

const ALTERNATIVES =
  'replace them with a role (instance profile, ECS task role, EKS Pod Identity/IRSA, Lambda execution role, ' +
  'IAM Roles Anywhere on premises, OIDC federation for CI)';

export default defineRule({
  id: 'iam-no-application-users',
  section: 'iam',
  tip: 'Use IAM roles.',
  title: 'Applications use roles, not IAM users with access keys',
  kind: 'heuristic',
  severity: 'medium',
  needs: ['iam.credentialReport', 'iam.userDetails'],
  options: z.object({
    /** Names that look like machine identities (case-insensitive); a match is added as evidence. */
    serviceNamePattern: safeRegex('i').default('(svc|service|app|bot|ci|cd|deploy|jenkins|github|gitlab|terraform|automation)'),
    /** Users with this tag are exempt (INFO); its value should say why (e.g. a SaaS that needs keys). */
    exemptTag: z.string().min(1).default('aws-tips:exempt'),
    /** A key used within this many days makes a programmatic-only user a live application identity. */
    recentUseDays: z.number().int().positive().default(90),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'SEC02-BP02', coverage: 'partial',
      note: 'Heuristic: flags IAM users without a password whose access keys are in use; temporary credentials elsewhere are not checked.',
    },
  ],
  docs: {
    rationale:
      'An application that signs requests with an IAM user\'s access keys holds a long-term secret that has to be ' +
      'copied around, rotated by hand, and that breaks everything when deleted. A role hands out temporary ' +
      'credentials automatically and nothing needs to be stored.',
    checks:
      'Heuristic: a user with no console password and at least one active access key (credential report, ' +
      'reconciled with GetAccountAuthorizationDetails) is taken to be a machine identity. FAIL when one of its ' +
      'active keys was used within recentUseDays; a name matching serviceNamePattern and the services the keys ' +
      'were last used with are added as evidence (sts only suggests it already assumes roles). Such users whose ' +
      'keys are idle are INFO (iam-access-key-hygiene fails the idle keys). Users tagged exemptTag are INFO. Users ' +
      'with a password are people (iam-mfa-enabled and iam-access-key-hygiene cover their keys) and pass.',
    remediation:
      'Create a role with the same permissions for the workload (instance profile, ECS task role, EKS Pod Identity, ' +
      'Lambda execution role, IAM Roles Anywhere for servers outside AWS, OIDC federation for CI such as GitHub ' +
      'Actions), switch the workload to it, then deactivate and delete the user\'s keys. Tag users that must keep ' +
      'keys (third-party SaaS) with the exempt tag and a reason.',
    cli: 'aws iam update-access-key --user-name <user> --access-key-id <key> --status Inactive && aws iam delete-access-key --user-name <user> --access-key-id <key>',
    outdated:
      'Valid and broadened: in 2014 roles meant EC2 instance profiles; today every compute service has a role, and ' +
      'IAM Roles Anywhere (2022), OIDC federation for CI and EKS Pod Identity (2023) remove the last reasons for ' +
      'application users.',
    links: [
      'https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_identities_unique.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
      'https://docs.aws.amazon.com/rolesanywhere/latest/userguide/introduction.html',
    ],
  },
  messages: {
    noActiveKey: '{{user}} has no active access key',
    person: '{{user}} has a console password: a person, not an application',
    exempt: '{{user}} uses access keys and is exempt ({{tag}}: {{reason}})',
    idleKeys:
      '{{user}} has no console password and active access keys not used within {{days}} days (last used {{lastUsed}}): delete them if nothing needs them (see iam-access-key-hygiene)',
    applicationUser: `{{user}} looks like an application identity ({{why}}): long-term keys used by a non-human identity; ${ALTERNATIVES}{{stsOnly}}`,
    ...UNREPORTED_MESSAGES,
  },
  *check({ iam }, ctx) {
    const { options, now } = ctx;
    const report = loadCredentialReport(iam.credentialReport);
    const { rows, notInReport } = reconcileWithUsers(report, iam.userDetails);
    const details = new Map(iam.userDetails.map((u) => [u.UserName, u]));
    const servicePattern = compileRegex(options.serviceNamePattern, 'i');
    const exempt = parseTagSpec(options.exemptTag).key;

    for (const row of rows) {
      const res = rowResource(ctx, row, iam.userDetails);
      const user = row.user;
      const evidence: Record<string, unknown> = rawValues(row, COLUMNS);
      const active = row.accessKeys.filter((k) => k.active === true);
      if (row.passwordEnabled !== false || active.length === 0) {
        yield pass(res, active.length === 0 ? 'noActiveKey' : 'person', { user }, { evidence });
        continue;
      }
      const services = [...new Set(active.map((k) => k.lastUsedService).filter((s): s is string => !!s))];
      evidence.nameLooksLikeService = servicePattern.test(row.user);
      evidence.lastUsedServices = services;
      const reason = tagValue(details.get(row.user)?.Tags, exempt);
      if (reason !== undefined) {
        yield info(res, 'exempt', { user, tag: exempt, reason: reason || 'no reason given' }, { evidence });
        continue;
      }
      const recent = active.filter((k) => withinDays(k.lastUsedDate, now, options.recentUseDays));
      if (recent.length === 0) {
        yield info(res, 'idleKeys', { user, days: options.recentUseDays, lastUsed: active.map((k) => describeDate(k.lastUsedDate)).join(', ') }, { evidence });
        continue;
      }
      const why = [
        'no console password',
        `access key ${recent.map((k) => `${k.index} used ${ago(daysSince(k.lastUsedDate.date!, now))}`).join(', ')}`,
        ...(evidence.nameLooksLikeService ? ['a service-like name'] : []),
      ].join(', ');
      const stsOnly = services.length > 0 && services.every((s) => s === 'sts');
      yield fail(res, 'applicationUser', {
        user,
        why,
        stsOnly: stsOnly ? '. Its keys were last used only with sts: it probably just assumes roles, so let the workload assume them with its own role credentials' : '',
      }, { evidence });
    }

    yield* unreportedUsers(iam.credentialReport, notInReport);
  },
});
