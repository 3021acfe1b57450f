import { z } from 'zod';
import { defineRule, fail, pass } from '../../src/rule.js';

const IN_SCOPE_STATES = new Set(['pending', 'running', 'stopping', 'stopped']);

export default defineRule({
  id: 'ec2-instance-profile-attached',
  section: 'security',
  tip: 'Use EC2 roles, do not give applications an IAM account.',
  title: 'EC2 instances have an IAM instance profile (role)',
  kind: 'automatic',
  severity: 'medium',
  needs: ['ec2.instances'],
  options: z.object({}),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '1.18', coverage: 'full',
      note: 'Checks that every instance has an instance profile; the benchmark also suggests scanning instances for stored keys (not done).',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '1.17', coverage: 'full',
      note: 'Checks that every instance has an instance profile; the benchmark also suggests scanning instances for stored keys (not done).',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '2.16', coverage: 'full',
      note: 'Checks that every instance has an instance profile; the benchmark also suggests scanning instances for stored keys (not done).',
    },
    {
      framework: 'aws-well-architected', control: 'SEC02-BP02', coverage: 'partial',
      note: 'Checks that EC2 instances have a role; other workloads are not checked.',
    },
  ],
  docs: {
    rationale:
      'An application on EC2 should get temporary credentials from an instance role, which the SDKs pick up and ' +
      'rotate automatically, instead of long-lived IAM user keys baked into its configuration.',
    checks:
      'Every instance that is pending, running, stopping or stopped passes when it has an IAM instance profile ' +
      '(IamInstanceProfile.Arn), and fails otherwise. A profile without a role, or a role without policies, still ' +
      'passes. EKS/ECS nodes have node roles; pods and tasks should use IRSA/Pod Identity/task roles (not evaluated). ' +
      'Whether applications also embed keys is checked by iam-no-application-users.',
    remediation:
      'Create an instance profile with a role granting what the application needs, associate it, and remove the ' +
      "application's IAM user keys. Require IMDSv2 alongside it.",
    cli: 'aws ec2 associate-iam-instance-profile --instance-id i-... --iam-instance-profile Name=<profile>',
    outdated: 'Still valid, and now a CIS control (v3.0 1.18 / v5.0 1.17). IMDSv2 should accompany it.',
    links: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
    ],
  },
  messages: {
    hasProfile: '{{instance}} has instance profile {{profile}}',
    noProfile: '{{instance}} ({{state}}) has no IAM instance profile: its applications need stored keys to call AWS',
  },
  *check({ ec2 }) {
    for (const i of ec2.instances) {
      const state = i.State?.Name ?? '';
      if (!IN_SCOPE_STATES.has(state)) continue;
      const profile = i.IamInstanceProfile?.Arn || undefined;
      const evidence = { State: state, IamInstanceProfileArn: profile ?? null };
      yield profile
        ? pass(i, 'hasProfile', { instance: i.InstanceId, profile: profile.split('/').pop() }, { evidence })
        : fail(i, 'noProfile', { instance: i.InstanceId, state }, { evidence });
    }
  },
});
