import rule from '../../../rules/security/sec-automated-auditing-enabled.js';
import { RuleTester, TEST_ACCOUNT, type SnapshotInput } from '../../rule-tester.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const acct = (svc: string, region: string) => `arn:aws:${svc}:${region}:${TEST_ACCOUNT}:account`;

const recorder = (region: string, over: Record<string, unknown> = {}, status: Record<string, unknown> = {}) => ({
  name: 'default',
  Region: region,
  Arn: `arn:aws:config:${region}:${TEST_ACCOUNT}:configuration-recorder/default`,
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === 'us-east-1' },
  ...over,
  Status: { recording: true, lastStatus: 'Success', ...status },
});
const hub = (region: string) => ({ HubArn: `arn:aws:securityhub:${region}:${TEST_ACCOUNT}:hub/default`, Region: region, Arn: `arn:aws:securityhub:${region}:${TEST_ACCOUNT}:hub/default` });
const detector = (region: string, Status = 'ENABLED') => ({ DetectorId: `det-${region}`, Status, Region: region, Arn: `arn:aws:guardduty:${region}:${TEST_ACCOUNT}:detector/det-${region}` });
const analyzer = (region: string, status = 'ACTIVE', type = 'ACCOUNT') => ({
  arn: `arn:aws:access-analyzer:${region}:${TEST_ACCOUNT}:analyzer/a`, name: 'a', type, status, Region: region, Arn: `arn:aws:access-analyzer:${region}:${TEST_ACCOUNT}:analyzer/a`,
});
const auditPolicy = (roles: string[]) => [{
  PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit', Arn: 'arn:aws:iam::aws:policy/SecurityAudit', Region: 'global',
  PolicyRoles: roles.map((RoleName) => ({ RoleName })), PolicyUsers: [], PolicyGroups: [],
}];

interface Parts {
  recorders?: unknown[];
  hubs?: unknown[];
  detectors?: unknown[];
  analyzers?: unknown[];
  auditors?: string[];
  errors?: Record<string, unknown[]>;
}

/** Everything on in both regions unless a part is given. */
function snap(p: Parts = {}): SnapshotInput {
  return {
    meta: { regions: REGIONS },
    config: { recorders: p.recorders ?? REGIONS.map((r) => recorder(r)), errors: p.errors?.config ?? [] },
    securityhub: { hubs: p.hubs ?? [], errors: p.errors?.securityhub ?? [] },
    guardduty: { detectors: p.detectors ?? REGIONS.map((r) => detector(r)) },
    accessanalyzer: { analyzers: p.analyzers ?? REGIONS.map((r) => analyzer(r)) },
    iam: { policyEntities: auditPolicy(p.auditors ?? ['auditor']) },
  };
}

RuleTester.run(rule, {
  valid: [
    { name: 'Config recording everywhere, GuardDuty, Access Analyzer, an auditor role', snapshot: snap() },
    { name: 'Security Hub alone counts as continuous auditing', snapshot: snap({ recorders: [], hubs: REGIONS.map(hub) }) },
    {
      name: 'global resource types recorded in one region only is fine',
      snapshot: snap({ recorders: [recorder('us-east-1'), recorder('eu-west-1', { recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } })] }),
    },
    {
      name: 'a partial recorder next to a complete one is fine',
      snapshot: snap({ recorders: [recorder('us-east-1'), recorder('eu-west-1'), recorder('eu-west-1', { name: 'extra', recordingGroup: { allSupported: false } })] }),
    },
    {
      name: 'an organization analyzer counts as external-access Access Analyzer, next to an unused-access one',
      snapshot: snap({ analyzers: REGIONS.flatMap((r) => [analyzer(r, 'ACTIVE', 'ORGANIZATION'), analyzer(r, 'ACTIVE', 'ACCOUNT_UNUSED_ACCESS')]) }),
    },
    { name: 'no auditor role is only INFO', snapshot: snap({ auditors: [] }) },
  ],
  invalid: [
    {
      name: 'nothing in eu-west-1: FAIL for auditing, WARN for GuardDuty and Access Analyzer',
      snapshot: snap({ recorders: [recorder('us-east-1')], detectors: [detector('us-east-1')], analyzers: [analyzer('us-east-1')] }),
      findings: [
        { status: 'fail', messageId: 'noContinuousAudit', severity: 'medium', resource: acct('config', 'eu-west-1'), region: 'eu-west-1', message: /eu-west-1: nothing audits.*no AWS Config recorder and Security Hub is not enabled/ },
        { status: 'warn', messageId: 'guardDutyOff', severity: 'low', resource: acct('guardduty', 'eu-west-1'), message: /GuardDuty is not enabled/ },
        { status: 'warn', messageId: 'noAccessAnalyzer', severity: 'low', resource: acct('access-analyzer', 'eu-west-1'), message: 'eu-west-1: no active external-access IAM Access Analyzer: resources shared outside' },
      ],
      passes: [TEST_ACCOUNT],
    },
    {
      name: 'a stopped recorder and a failing one do not count',
      snapshot: snap({ recorders: [recorder('us-east-1', {}, { recording: false }), recorder('eu-west-1', {}, { lastStatus: 'Failure', lastErrorCode: 'AccessDenied' })] }),
      findings: [
        { status: 'fail', messageId: 'noContinuousAudit', region: 'us-east-1', message: /recorder default is stopped/ },
        { status: 'fail', messageId: 'noContinuousAudit', region: 'eu-west-1', message: /recorder default is failing \(AccessDenied\)/ },
      ],
    },
    {
      name: 'a service-linked recorder is not the account\'s own auditing',
      snapshot: snap({ recorders: [recorder('us-east-1'), recorder('eu-west-1', { name: 'AWSConfigurationRecorderForX', servicePrincipal: 'x.amazonaws.com', recordingScope: 'INTERNAL' })] }),
      findings: [{ status: 'fail', region: 'eu-west-1', message: /no AWS Config recorder/ }],
    },
    {
      name: 'recorders that record only some resource types: WARN partial',
      snapshot: snap({
        recorders: [
          recorder('us-east-1', { recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } } }),
          recorder('eu-west-1', { recordingGroup: { allSupported: false, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } } }),
        ],
      }),
      findings: [
        { status: 'warn', messageId: 'partialRecording', severity: 'low', region: 'us-east-1', message: /records only some resource types \(INCLUSION_BY_RESOURCE_TYPES\)/ },
        { status: 'warn', messageId: 'partialRecording', severity: 'low', region: 'eu-west-1', message: /EXCLUSION_BY_RESOURCE_TYPES/ },
      ],
    },
    {
      name: 'a suspended GuardDuty detector and a disabled analyzer',
      snapshot: snap({ detectors: [detector('us-east-1'), detector('eu-west-1', 'DISABLED')], analyzers: [analyzer('us-east-1'), analyzer('eu-west-1', 'DISABLED')] }),
      findings: [
        { status: 'warn', messageId: 'guardDutyOff', resource: acct('guardduty', 'eu-west-1'), message: /suspended/ },
        { status: 'warn', resource: acct('access-analyzer', 'eu-west-1') },
      ],
    },
    {
      name: 'unused-access and internal-access analyzers do not report external sharing: WARN',
      snapshot: snap({
        analyzers: [
          { ...analyzer('us-east-1', 'ACTIVE', 'ACCOUNT_UNUSED_ACCESS'), name: 'unused' },
          { ...analyzer('eu-west-1', 'ACTIVE', 'ORGANIZATION_INTERNAL_ACCESS'), name: 'internal' },
        ],
      }),
      findings: [
        { status: 'warn', messageId: 'noAccessAnalyzer', severity: 'low', resource: acct('access-analyzer', 'us-east-1'), message: 'no active external-access IAM Access Analyzer (only unused (ACCOUNT_UNUSED_ACCESS), which does not report external access)' },
        { status: 'warn', messageId: 'noAccessAnalyzer', severity: 'low', resource: acct('access-analyzer', 'eu-west-1'), message: 'only internal (ORGANIZATION_INTERNAL_ACCESS)' },
      ],
    },
    {
      name: 'no auditor role: INFO (the only non-pass)',
      snapshot: snap({ auditors: [] }),
      findings: [{ status: 'info', resource: TEST_ACCOUNT, region: 'global', message: /no role has the AWS managed SecurityAudit policy/ }],
    },
    {
      name: 'Security Hub unreadable in eu-west-1 while Config records there: error, and that region\'s passes are dropped',
      snapshot: snap({
        hubs: [hub('us-east-1')],
        errors: {
          securityhub: [{ dataset: 'securityhub.hubs', service: 'securityhub', region: 'eu-west-1', operation: 'securityhub:DescribeHub', code: 'AccessDeniedException', message: 'denied' }],
        },
      }),
      findings: [{ status: 'error', region: 'eu-west-1', message: /securityhub:DescribeHub failed in eu-west-1/ }],
      passes: [TEST_ACCOUNT],
    },
  ],
});
