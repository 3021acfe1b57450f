import { z } from 'zod';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';

const PARTIAL_STRATEGIES = new Set(['INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES']);
/**
 * Access Analyzer types that report resources shared outside the zone of trust. The *_UNUSED_ACCESS and
 * *_INTERNAL_ACCESS types report unused permissions and access from inside the organization instead.
 */
const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);

export default defineRule({
  id: 'sec-automated-auditing-enabled',
  section: 'security',
  tip: 'Set up automated security auditing.',
  title: 'AWS Config or Security Hub audit every region; GuardDuty and Access Analyzer are on',
  kind: 'automatic',
  severity: 'medium',
  needs: ['config.recorders', 'securityhub.hubs', 'guardduty.detectors', 'accessanalyzer.analyzers', 'iam.policyEntities'],
  options: z.object({}),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '3.3', coverage: 'partial',
      note: 'A region passes with Security Hub instead of Config; partial recording is only a WARN.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '3.3', coverage: 'partial',
      note: 'A region passes with Security Hub instead of Config; partial recording is only a WARN.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '4.3', coverage: 'partial',
      note: 'A region passes with Security Hub instead of Config; partial recording is only a WARN.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '4.16', coverage: 'partial',
      note: 'A region passes with AWS Config instead of Security Hub.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '4.16', coverage: 'partial',
      note: 'A region passes with AWS Config instead of Security Hub.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '5.16', coverage: 'partial',
      note: 'A region passes with AWS Config instead of Security Hub.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '1.20', coverage: 'partial',
      note: 'No active external-access analyzer in a region is a low WARN.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.19', coverage: 'partial',
      note: 'No active external-access analyzer in a region is a low WARN.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.18', coverage: 'partial',
      note: 'No active external-access analyzer in a region is a low WARN.',
    },
    {
      framework: 'aws-fsbp', control: 'Config.1', coverage: 'partial',
      note: 'Config or Security Hub per region; the service-linked role is not checked.',
    },
    {
      framework: 'aws-fsbp', control: 'GuardDuty.1', coverage: 'partial',
      note: 'No enabled detector in a region is a low WARN.',
    },
  ],
  docs: {
    rationale:
      'Security settings drift: a security group opened "for a minute", a bucket made public, a new admin user. ' +
      'Something has to record the configuration continuously and tell you when it changes for the worse.',
    checks:
      'Per audited region: FAIL when neither an AWS Config recorder is recording (recording true, lastStatus not ' +
      'Failure; service-linked recorders do not count) nor Security Hub is enabled. WARN low when the recording ' +
      'recorders cover only some resource types, when no GuardDuty detector is ENABLED, and when no external-access ' +
      'Access Analyzer (type ACCOUNT or ORGANIZATION; unused-access and internal-access analyzers do not report ' +
      'sharing outside the account) is ACTIVE. Global resource types need recording in one region only, so includeGlobalResourceTypes is not ' +
      'checked per region. Account level: PASS when a role has the AWS managed SecurityAudit policy (the article\'s ' +
      'auditor role, used by auditing tools), INFO otherwise.',
    remediation:
      'Enable AWS Config with a recorder for all resource types in every region you use (or deploy it with ' +
      'CloudFormation StackSets / Organizations), enable Security Hub with its default standards, GuardDuty and an ' +
      'IAM Access Analyzer. In an organization, enable them from the delegated administrator account for all members.',
    cli: 'aws securityhub enable-security-hub --enable-default-standards && aws guardduty create-detector --enable && aws accessanalyzer create-analyzer --analyzer-name account --type ACCOUNT',
    outdated:
      'Superseded: the article\'s cron job that dumps security settings and mails the diff is what AWS Config (Nov ' +
      '2014), Security Hub, GuardDuty and IAM Access Analyzer now do as managed services; the rule checks those.',
    links: [
      'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-enable.html',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecurityAudit.html',
    ],
  },
  messages: {
    noContinuousAudit: '{{region}}: nothing audits the configuration continuously: {{why}} and Security Hub is not enabled',
    continuousAudit: '{{region}}: {{what}}',
    partialRecording:
      '{{region}}: AWS Config recorder {{recorder}} records only some resource types ({{scope}}): changes to the others go unrecorded',
    guardDutyEnabled: '{{region}}: GuardDuty detector {{detector}} is enabled',
    guardDutyOff: '{{region}}: GuardDuty is {{state}}: threats go undetected',
    accessAnalyzer: '{{region}}: IAM Access Analyzer {{analyzers}} active',
    noAccessAnalyzer: '{{region}}: no active external-access IAM Access Analyzer{{others}}: resources shared outside the account go unnoticed',
    auditorRole: 'a read-only auditor role exists: {{roles}} (SecurityAudit attached)',
    noAuditorRole:
      'no role has the AWS managed SecurityAudit policy: create a read-only auditor role for auditing tools (Prowler, ScoutSuite, aws-tips)',
  },
  *check({ config, securityhub, guardduty, accessanalyzer, iam }, { meta, account }) {
    for (const region of meta.regions) {
      const recorders = config.recorders.filter((r) => r.Region === region);
      const own = recorders.filter((r) => !r.servicePrincipal);
      const recording = own.filter((r) => r.Status?.recording === true && r.Status.lastStatus !== 'Failure');
      const hub = securityhub.hubs.find((h) => h.Region === region);
      const evidence = {
        recorders: recorders.map((r) => ({
          name: r.name, servicePrincipal: r.servicePrincipal ?? null, recording: r.Status?.recording ?? null, lastStatus: r.Status?.lastStatus ?? null,
        })),
        securityHub: hub?.HubArn ?? null,
      };
      if (recording.length === 0 && !hub) {
        const why = own.length === 0
          ? 'no AWS Config recorder'
          : `AWS Config recorder ${own.map((r) => `${r.name} is ${r.Status?.recording ? `failing (${r.Status.lastErrorCode ?? r.Status.lastStatus})` : 'stopped'}`).join(', ')}`;
        yield fail(account(region, 'config'), 'noContinuousAudit', { region, why }, { evidence });
      } else {
        const what = [recording.length > 0 && `AWS Config recorder ${recording.map((r) => r.name).join(', ')} recording`, hub && 'Security Hub enabled'].filter(Boolean);
        yield pass(account(region, 'config'), 'continuousAudit', { region, what: what.join(' and ') }, { evidence });
      }
      if (recording.length > 0 && recording.every((r) => r.recordingGroup?.allSupported === false || PARTIAL_STRATEGIES.has(r.recordingGroup?.recordingStrategy?.useOnly ?? ''))) {
        for (const r of recording)
          yield warn(r, 'partialRecording', { region, recorder: r.name, scope: r.recordingGroup?.recordingStrategy?.useOnly ?? 'allSupported false' }, {
            severity: 'low',
            evidence: { recordingGroup: r.recordingGroup },
          });
      }

      const detectors = guardduty.detectors.filter((d) => d.Region === region);
      const enabled = detectors.filter((d) => d.Status === 'ENABLED');
      const gdEvidence = { detectors: detectors.map((d) => ({ DetectorId: d.DetectorId, Status: d.Status })) };
      if (enabled.length > 0) yield pass(account(region, 'guardduty'), 'guardDutyEnabled', { region, detector: enabled[0]!.DetectorId }, { evidence: gdEvidence });
      else yield warn(account(region, 'guardduty'), 'guardDutyOff', { region, state: detectors.length > 0 ? 'suspended (detector disabled)' : 'not enabled' }, { severity: 'low', evidence: gdEvidence });

      const analyzers = accessanalyzer.analyzers.filter((a) => a.Region === region);
      const active = analyzers.filter((a) => a.status === 'ACTIVE');
      const external = active.filter((a) => EXTERNAL_ACCESS_TYPES.has(a.type ?? ''));
      const aaEvidence = { analyzers: analyzers.map((a) => ({ name: a.name, type: a.type, status: a.status })) };
      const others = active.length > 0 ? ` (only ${active.map((a) => `${a.name} (${a.type})`).join(', ')}, which ${active.length > 1 ? 'do' : 'does'} not report external access)` : '';
      if (external.length > 0) yield pass(account(region, 'access-analyzer'), 'accessAnalyzer', { region, analyzers: external.map((a) => `${a.name} (${a.type})`).join(', ') }, { evidence: aaEvidence });
      else yield warn(account(region, 'access-analyzer'), 'noAccessAnalyzer', { region, others }, { severity: 'low', evidence: aaEvidence });
    }

    const audit = iam.policyEntities.find((p) => p.PolicyArn.endsWith(':policy/SecurityAudit'));
    const roles = audit?.PolicyRoles.map((r) => r.RoleName) ?? [];
    const evidence = { roles, users: audit?.PolicyUsers.map((u) => u.UserName) ?? [], groups: audit?.PolicyGroups.map((g) => g.GroupName) ?? [] };
    if (roles.length > 0) yield pass(account('global', 'iam'), 'auditorRole', { roles: roles.join(', ') }, { evidence });
    else yield info(account('global', 'iam'), 'noAuditorRole', {}, { evidence });
  },
});
