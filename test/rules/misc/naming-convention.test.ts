import { describe, expect, it } from 'vitest';
import rule from '../../../rules/misc/naming-convention.js';
import { evaluateRule } from '../../../src/engine/evaluate.js';
import { ruleOptions } from '../../../src/engine/select.js';
import { buildSnapshot, RuleTester, TEST_ACCOUNT, type SnapshotInput } from '../../rule-tester.js';

const sg = (GroupName: string, i: number) => ({ GroupId: `sg-${String(i).padStart(17, '0')}`, GroupName });
const role = (RoleName: string, Path = '/') => ({ RoleName, Path, Region: 'global', Arn: `arn:aws:iam::${TEST_ACCOUNT}:role${Path}${RoleName}` });
const bucket = (Name: string) => ({ Name, Region: 'us-east-1', Arn: `arn:aws:s3:::${Name}` });
const instance = (name: string | undefined, i: number) => ({
  InstanceId: `i-${String(i).padStart(17, '0')}`, Tags: name ? [{ Key: 'Name', Value: name }] : [],
});

function snap(x: { sgs?: string[]; roles?: ReturnType<typeof role>[]; buckets?: string[]; instances?: (string | undefined)[] }): SnapshotInput {
  return {
    ec2: { securityGroups: (x.sgs ?? []).map(sg), instances: (x.instances ?? []).map(instance) },
    iam: { roles: x.roles ?? [], users: [] },
    s3: { buckets: (x.buckets ?? []).map(bucket) },
  };
}

const noPatterns = { status: 'info', message: /no naming patterns configured/ } as const;

RuleTester.run(rule, {
  valid: [
    { name: 'nothing to name', notApplicable: true, snapshot: snap({}) },
    {
      name: 'consistent kebab-case security groups; single words fit too',
      snapshot: snap({ sgs: ['prod-web', 'prod-db', 'bastion', 'default'] }),
    },
    {
      name: 'AWS-generated role names are left out of a PascalCase account',
      snapshot: snap({
        roles: [
          role('WebServerRole'), role('BatchJobRole'), role('Deployer'),
          role('AWSServiceRoleForAutoScaling', '/aws-service-role/autoscaling.amazonaws.com/'),
          role('AWSReservedSSO_Admin_0123', '/aws-reserved/sso.amazonaws.com/'),
          role('lambda-exec-abc123', '/service-role/'),
          role('OrganizationAccountAccessRole'),
        ],
      }),
    },
    {
      name: 'one outlier among five stays above minConsistency (80%)',
      snapshot: snap({ buckets: ['acme-prod-logs', 'acme-prod-assets', 'acme-dev-assets', 'acme-dev-logs', 'acme_tmp_x'] }),
    },
    {
      name: 'fewer than three names are not judged',
      notApplicable: true,
      snapshot: snap({ sgs: ['web-sg', 'DbGroup'] }),
    },
    {
      name: 'instances without a Name tag are skipped',
      snapshot: snap({ instances: ['web-1', 'web-2', undefined, 'api-1'] }),
    },
    {
      name: 'launch-wizard groups are INFO, not counted',
      notApplicable: true,
      snapshot: snap({ sgs: ['launch-wizard-1', 'launch-wizard-12', 'prod-web'] }),
    },
    {
      name: 'configured pattern: every name matches',
      snapshot: snap({ sgs: ['prod-web', 'dev-web'] }),
      options: { patterns: { securityGroup: '^(prod|dev)-[a-z]+$' } },
    },
  ],
  invalid: [
    {
      name: 'mixed styles: the names that do not fit the dominant style warn (severity info)',
      snapshot: snap({ sgs: ['prod-web', 'prod-db', 'ProdCache', 'prod_queue'] }),
      findings: [
        { status: 'warn', severity: 'info', resource: 'sg-00000000000000002', message: /ProdCache does not follow kebab-case.*only 50% of 4/, evidence: { style: 'kebab-case', share: 0.5 } },
        { status: 'warn', severity: 'info', resource: 'sg-00000000000000003', message: /prod_queue/ },
        noPatterns,
      ],
    },
    {
      name: 'dotted bucket names in a kebab-case account',
      snapshot: snap({ buckets: ['acme-prod-assets', 'acme-cloudtrail-logs', 'acme-dev-assets', 'logs.acme-corp.internal', 'www.acme-example.com'] }),
      findings: [
        { status: 'warn', resource: 'logs.acme-corp.internal' },
        { status: 'warn', resource: 'www.acme-example.com' },
        noPatterns,
      ],
    },
    {
      name: 'minConsistency configurable: 75% is not enough at 0.9',
      snapshot: snap({ instances: ['web-1', 'web-2', 'api-1', 'LegacyBox'] }),
      options: { minConsistency: 0.9 },
      findings: [{ status: 'warn', resource: 'i-00000000000000003', message: /LegacyBox does not follow kebab-case/ }, noPatterns],
    },
    {
      name: 'configured pattern: non-matching names warn, others are judged by style',
      snapshot: snap({ sgs: ['prod-web', 'web-staging'], roles: [role('web-role'), role('api-role'), role('BatchRole')] }),
      options: { patterns: { securityGroup: '^(prod|dev)-' } },
      findings: [
        { status: 'warn', severity: 'info', resource: 'sg-00000000000000001', message: /web-staging does not match the configured pattern/ },
        { status: 'warn', resource: 'BatchRole', message: /does not follow kebab-case/ },
      ],
      passes: ['sg-00000000000000000'],
    },
    {
      name: 'launch-wizard groups reported as INFO',
      snapshot: snap({ sgs: ['launch-wizard-3', 'a-b', 'c-d', 'e-f'] }),
      findings: [{ status: 'info', resource: 'sg-00000000000000000', message: /launch wizard/ }, noPatterns],
      passes: [TEST_ACCOUNT],
    },
  ],
});

describe('naming-convention consistent types', () => {
  it('passes each consistent type on the account, with the type as subject (two types can share a service)', () => {
    const snapshot = buildSnapshot(rule, snap({ sgs: ['a-b', 'c-d', 'e-f'], instances: ['web-1', 'web-2', 'db-1'] }));
    const r = evaluateRule(snapshot, { rule, options: ruleOptions(rule, {}, 'test'), severity: rule.severity, severityOverridden: false });
    const passes = r.findings.filter((f) => f.status === 'pass');
    expect(passes.map((f) => `${f.resource.id} ${f.resource.arn} ${f.messageId} ${f.subject}: ${f.message}`)).toEqual([
      `${TEST_ACCOUNT} arn:aws:ec2::${TEST_ACCOUNT}:account consistent securityGroup: 3 of 3 securityGroup names (100%) follow kebab-case`,
      `${TEST_ACCOUNT} arn:aws:ec2::${TEST_ACCOUNT}:account consistent instance: 3 of 3 instance names (100%) follow kebab-case`,
    ]);
    expect(r.duplicateKeys).toBe(0);
  });
});

describe('naming-convention options', () => {
  it('reject unknown resource types and invalid regexes', () => {
    expect(() => ruleOptions(rule, { patterns: { volume: '.*' } }, 'cfg')).toThrow(/patterns/);
    expect(() => ruleOptions(rule, { patterns: { role: '([' } }, 'cfg')).toThrow(/regular expression/);
  });
  it('patterns are matched by RE2 (shared safeRegex): backreferences are refused, nested quantifiers are fine', () => {
    expect(() => ruleOptions(rule, { patterns: { role: '^(a)\\1$' } }, 'cfg')).toThrow(/patterns\.role: regular expression uses a backreference/);
    expect(ruleOptions(rule, { patterns: { role: '^(a+)+$' } }, 'cfg')).toBeTruthy();
    expect(ruleOptions(rule, { patterns: { role: '^[a-z0-9]+(-[a-z0-9]+)*$' } }, 'cfg')).toBeTruthy();
  });
});
