import rule from '../../../rules/misc/arch-aws-workload-fit.js';
import { RuleTester } from '../../rule-tester.js';

// TEST_NOW is 2026-11-01T12:00:00Z.
const inst = (id: string, type: string, LaunchTime: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  InstanceType: type,
  State: { Name: 'running' },
  LaunchTime,
  ...extra,
});

RuleTester.run(rule, {
  valid: [{ name: 'manual: advice only', notApplicable: true, snapshot: {} }],
  invalid: [
    {
      name: 'one info finding for the account',
      snapshot: {},
      findings: [{ status: 'info', messageId: 'manualCheck', resource: '123456789012', message: /^Manual check: confirm AWS suits the workload(?!.*Context:)/ }],
    },
    {
      name: 'context: steady on-demand share (normalised units) and elastic groups',
      snapshot: {
        ec2: {
          instances: [
            inst('i-steady', 'm5.xlarge', '2026-01-01T00:00:00Z'),
            inst('i-new', 'm5.large', '2026-10-31T00:00:00Z'),
            inst('i-spot', 'm5.large', '2026-01-01T00:00:00Z', { InstanceLifecycle: 'spot' }),
          ],
        },
        autoscaling: {
          groups: [
            { AutoScalingGroupName: 'web', MinSize: 2, MaxSize: 10 },
            { AutoScalingGroupName: 'db', MinSize: 1, MaxSize: 1 },
          ],
        },
      },
      findings: [
        {
          status: 'info',
          message: /50% of running capacity is steady on-demand \(over 30 days\); 1 of 2 Auto Scaling group\(s\) can scale/,
          evidence: { steadyOnDemandSharePct: 50, elasticGroups: 1, groups: 2 },
        },
      ],
    },
  ],
});
