import rule from '../../../rules/application/app-no-server-state.js';
import { RuleTester } from '../../rule-tester.js';

const t = (Key: string, Value = '') => ({ Key, Value });
const lt = (group: string, mappings: unknown[]) => ({
  AutoScalingGroupName: group,
  RequestedVersion: '$Default',
  LaunchTemplateId: `lt-${group}`,
  LaunchTemplateName: group,
  VersionNumber: 3,
  LaunchTemplateData: { BlockDeviceMappings: mappings },
});

RuleTester.run(rule, {
  valid: [
    { name: 'manual: advice only, without any context data', notApplicable: true, snapshot: {} },
    {
      name: 'context signals never turn into a verdict',
      notApplicable: true,
      snapshot: { ec2: { instances: [{ InstanceId: 'i-pet', State: { Name: 'running' } }] } },
    },
  ],
  invalid: [
    {
      name: 'one info finding; no context when the optional data was not collected',
      snapshot: {},
      findings: [{ status: 'info', messageId: 'manualCheck', resource: '123456789012', message: /^Manual check: keep no application state on servers(?!.*Look first at)/ }],
    },
    {
      name: 'context: unmanaged running instances and groups whose volumes survive termination',
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-pet', State: { Name: 'running' } },
            { InstanceId: 'i-off', State: { Name: 'stopped' } },
            { InstanceId: 'i-asg', State: { Name: 'running' }, Tags: [t('aws:autoscaling:groupName', 'web')] },
          ],
          launchTemplateVersions: [
            lt('web', [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true } }, { DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: false } }]),
            lt('api', [{ DeviceName: '/dev/xvda', Ebs: {} }, { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }]),
          ],
        },
        autoscaling: { groups: [{ AutoScalingGroupName: 'web' }, { AutoScalingGroupName: 'api' }] },
      },
      findings: [
        {
          status: 'info',
          message: /1 running instance\(s\) are neither fleet members nor defined as code; 1 Auto Scaling group\(s\) launch instances whose EBS volumes survive termination/,
          evidence: { unmanagedRunningInstances: ['i-pet'], groupsKeepingVolumes: ['web (web v3)'] },
        },
      ],
    },
    {
      name: 'failed context is said once, as info, and the advice still comes',
      snapshot: {
        ec2: {
          errors: [{ dataset: 'ec2.instances', service: 'ec2', region: 'us-east-1', operation: 'ec2:DescribeInstances', code: 'UnauthorizedOperation', message: 'no' }],
        },
      },
      findings: [
        { status: 'info', message: /context not available: ec2:DescribeInstances failed/ },
        { status: 'info', messageId: 'manualCheck', message: /Manual check/ },
      ],
    },
  ],
});
