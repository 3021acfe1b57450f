import rule from '../../../rules/operations/ec2-servers-ephemeral.js';
import { RuleTester } from '../../rule-tester.js';

// TEST_NOW is 2026-11-01T12:00:00Z.
const t = (Key: string, Value = '') => ({ Key, Value });
const asg = [t('aws:autoscaling:groupName', 'web')];
const inst = (id: string, launched: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: 'running' },
  LaunchTime: launched,
  ...extra,
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'an all-fleet account passes, whatever the age',
      snapshot: { ec2: { instances: [inst('i-1', '2020-01-01T00:00:00Z', { Tags: asg }), inst('i-2', '2026-10-30T00:00:00Z', { InstanceLifecycle: 'spot' })] } },
    },
    {
      name: 'a young unmanaged instance is only info while fleets dominate',
      snapshot: {
        ec2: {
          instances: [
            inst('i-pet', '2026-10-01T00:00:00Z'),
            inst('i-a', '2026-10-01T00:00:00Z', { Tags: asg }),
            inst('i-b', '2026-10-01T00:00:00Z', { Tags: asg }),
          ],
        },
      },
    },
    {
      name: 'an old pet with the allow tag passes (bastion)',
      snapshot: {
        ec2: {
          instances: [
            inst('i-bastion', '2023-01-01T00:00:00Z', { Tags: [t('aws-tips:pet', 'approved')] }),
            inst('i-a', '2026-10-01T00:00:00Z', { Tags: asg }),
          ],
        },
      },
    },
    {
      name: 'no running instances: no account finding',
      notApplicable: true,
      snapshot: { ec2: { instances: [] } },
    },
  ],
  invalid: [
    {
      name: 'an unmanaged instance over 180 days warns; the account warns when most instances are pets',
      snapshot: { ec2: { instances: [inst('i-old', '2026-01-01T00:00:00Z'), inst('i-new', '2026-10-20T00:00:00Z', { Tags: [t('aws:cloudformation:stack-name', 's')] })] } },
      findings: [
        { status: 'warn', severity: 'low', resource: 'i-old', message: /long-lived pet/, evidence: { ownership: 'unmanaged', ageDays: 304 } },
        { status: 'warn', resource: '123456789012', message: /2 of 2 running instances/, evidence: { running: 2, notFleet: 2 } },
      ],
      passes: ['i-new'],
    },
    {
      name: 'a restarted old pet: the root volume attach time gives its real age',
      snapshot: {
        ec2: {
          instances: [
            inst('i-restarted', '2026-10-25T00:00:00Z', {
              RootDeviceName: '/dev/xvda',
              BlockDeviceMappings: [
                { DeviceName: '/dev/sdf', Ebs: { AttachTime: '2026-10-25T00:00:00Z' } },
                { DeviceName: '/dev/xvda', Ebs: { AttachTime: '2024-03-01T00:00:00Z' } },
              ],
            }),
            inst('i-a', '2026-10-01T00:00:00Z', { Tags: asg }),
            inst('i-b', '2026-10-01T00:00:00Z', { Tags: asg }),
          ],
        },
      },
      findings: [{ status: 'warn', resource: 'i-restarted', evidence: { ageFrom: 'root volume AttachTime' } }],
      passes: ['i-a', '123456789012'],
    },
    {
      name: 'an old IaC singleton is still a pet; maxInstanceAgeDays and petRatio are configurable',
      options: { maxInstanceAgeDays: 30, petRatio: 0.9 },
      snapshot: {
        ec2: {
          instances: [
            inst('i-cfn', '2026-09-01T00:00:00Z', { Tags: [t('aws:cloudformation:stack-name', 'db')] }),
            inst('i-a', '2026-10-01T00:00:00Z', { Tags: asg }),
          ],
        },
      },
      findings: [{ status: 'warn', resource: 'i-cfn', evidence: { ownership: 'iac-singleton' } }],
      passes: ['123456789012'],
    },
  ],
});
