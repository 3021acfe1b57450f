import rule from '../../../rules/operations/ops-automation-coverage.js';
import { RuleTester } from '../../rule-tester.js';

const t = (Key: string, Value = '') => ({ Key, Value });
const asg = t('aws:autoscaling:groupName', 'web');
const inst = (id: string, tags: { Key: string; Value: string }[] = [], extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: 'running' },
  Tags: tags,
  ...extra,
});
const online = (id: string, extra: Record<string, unknown> = {}) => ({ InstanceId: id, PingStatus: 'Online', ResourceType: 'EC2Instance', ...extra });
const assoc = (id: string, Targets: { Key: string; Values: string[] }[], Name = 'AWS-RunPatchBaseline') => ({ AssociationId: id, Name, Targets });

RuleTester.run(rule, {
  valid: [
    {
      name: 'fleet and IaC instances online in SSM and targeted by associations (id, *, tag)',
      snapshot: {
        ec2: {
          instances: [inst('i-1', [asg]), inst('i-2', [t('aws:cloudformation:stack-name', 's'), t('Patch', 'true')]), inst('i-3', [asg])],
        },
        ssm: {
          instanceInformation: [online('i-1'), online('i-2'), online('i-3')],
          associations: [assoc('a-1', [{ Key: 'InstanceIds', Values: ['i-1'] }]), assoc('a-2', [{ Key: 'tag:Patch', Values: ['true'] }]), assoc('a-3', [{ Key: 'InstanceIds', Values: ['*'] }], 'AWS-GatherSoftwareInventory')],
        },
      },
    },
    {
      name: 'a configuration-management tag or an association status on the node counts',
      snapshot: {
        ec2: { instances: [inst('i-chef', [asg, t('ManagedBy', 'Chef')]), inst('i-st', [asg])] },
        ssm: { instanceInformation: [online('i-st', { AssociationStatus: 'Success' })], associations: [] },
      },
    },
    {
      name: 'coverage at minCoverage passes; the uncovered instance is info',
      options: { minCoverage: 0.5 },
      snapshot: {
        ec2: { instances: [inst('i-1', [asg]), inst('i-pet')] },
        ssm: { instanceInformation: [online('i-1'), online('i-pet')], associations: [assoc('a', [{ Key: 'InstanceIds', Values: ['*'] }])] },
      },
    },
    {
      name: 'no running instances: nothing to say',
      notApplicable: true,
      snapshot: { ec2: { instances: [inst('i-off', [], { State: { Name: 'stopped' } })] }, ssm: { instanceInformation: [], associations: [] } },
    },
  ],
  invalid: [
    {
      name: 'below 80%: uncovered instances and the account warn, each saying what is missing',
      snapshot: {
        ec2: { instances: [inst('i-ok', [asg]), inst('i-pet'), inst('i-lost', [asg]), inst('i-untargeted', [asg])] },
        ssm: {
          instanceInformation: [online('i-ok'), online('i-pet'), online('i-lost', { PingStatus: 'ConnectionLost' }), online('i-untargeted')],
          associations: [assoc('a', [{ Key: 'tag:aws:autoscaling:groupName', Values: ['web'] }, { Key: 'tag-key', Values: ['Patch'] }]), assoc('b', [{ Key: 'InstanceIds', Values: ['i-ok', 'i-pet', 'i-lost'] }])],
        },
      },
      findings: [
        { status: 'warn', resource: 'i-pet', message: 'not created by a fleet or IaC' },
        { status: 'warn', resource: 'i-lost', message: 'SSM agent ConnectionLost' },
        { status: 'warn', resource: 'i-untargeted', message: 'no State Manager association targets it' },
        { status: 'warn', severity: 'low', resource: '123456789012', message: /1 of 4 running instances \(25%\)/, evidence: { uncovered: ['i-pet', 'i-lost', 'i-untargeted'] } },
      ],
      passes: ['i-ok'],
    },
    {
      name: 'an instance unknown to SSM; a resource-group association is unresolved; iacTagKeys is configurable',
      options: { iacTagKeys: ['Provisioner=pulumi'] },
      snapshot: {
        ec2: { instances: [inst('i-none', [t('Provisioner', 'pulumi')]), inst('i-rg', [t('ManagedBy', 'terraform')])] },
        ssm: { instanceInformation: [online('i-rg')], associations: [assoc('a', [{ Key: 'resource-groups:Name', Values: ['prod'] }])] },
      },
      findings: [
        { status: 'warn', resource: 'i-none', message: 'not managed by Systems Manager' },
        { status: 'warn', resource: 'i-rg', message: /not created by a fleet or IaC; no State Manager association/, evidence: { unresolvedAssociations: 1 } },
        { status: 'warn', resource: '123456789012' },
      ],
    },
  ],
});
