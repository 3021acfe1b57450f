import rule from '../../../rules/security/ec2-instance-profile-attached.js';
import { RuleTester } from '../../rule-tester.js';

const profile = { Arn: 'arn:aws:iam::123456789012:instance-profile/app', Id: 'AIPA1' };

RuleTester.run(rule, {
  valid: [
    {
      name: 'running and stopped instances with a profile',
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-1', State: { Name: 'running' }, IamInstanceProfile: profile },
            { InstanceId: 'i-2', State: { Name: 'stopped' }, IamInstanceProfile: profile },
          ],
        },
      },
    },
    {
      name: 'terminated and shutting-down instances are excluded',
      notApplicable: true,
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-3', State: { Name: 'terminated' } },
            { InstanceId: 'i-4', State: { Name: 'shutting-down' } },
          ],
        },
      },
    },
    {
      name: 'a profile whose role is missing still passes (the rule sees only the profile)',
      snapshot: { ec2: { instances: [{ InstanceId: 'i-5', State: { Name: 'running' }, IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/empty' } }] } },
    },
  ],
  invalid: [
    {
      name: 'instances without a profile fail medium, in every in-scope state',
      snapshot: {
        ec2: {
          instances: [
            { InstanceId: 'i-10', State: { Name: 'running' } },
            { InstanceId: 'i-11', State: { Name: 'pending' }, IamInstanceProfile: null },
            { InstanceId: 'i-12', State: { Name: 'stopping' } },
            { InstanceId: 'i-13', State: { Name: 'stopped' } },
            { InstanceId: 'i-14', State: { Name: 'running' }, IamInstanceProfile: profile },
          ],
        },
      },
      findings: [
        { status: 'fail', messageId: 'noProfile', severity: 'medium', resource: 'i-10', message: 'i-10 (running) has no IAM instance profile' },
        { status: 'fail', severity: 'medium', resource: 'i-11' },
        { status: 'fail', severity: 'medium', resource: 'i-12' },
        { status: 'fail', severity: 'medium', resource: 'i-13' },
      ],
      passes: ['i-14'],
    },
    {
      name: 'an empty profile ARN (emulator "") counts as none',
      snapshot: { ec2: { instances: [{ InstanceId: 'i-20', State: { Name: 'running' }, IamInstanceProfile: { Arn: '', Id: '' } }] } },
      findings: [{ status: 'fail', resource: 'i-20' }],
    },
  ],
});
