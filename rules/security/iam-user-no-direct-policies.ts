import { z } from 'zod';
import { defineRule, fail, info, pass } from '../../src/rule.js';

export default defineRule({
  id: 'iam-user-no-direct-policies',
  section: 'security',
  tip: 'Assign permissions to groups, not users.',
  title: 'IAM users get their permissions from groups',
  kind: 'automatic',
  severity: 'low',
  needs: ['iam.userDetails'],
  options: z.object({}),
  compliance: [
    { framework: 'cis-aws-foundations-3.0', control: '1.15', coverage: 'full' },
    { framework: 'cis-aws-foundations-5.0', control: '1.14', coverage: 'full' },
    { framework: 'cis-aws-foundations-7.0', control: '2.13', coverage: 'full' },
    { framework: 'aws-fsbp', control: 'IAM.2', coverage: 'full' },
    {
      framework: 'aws-well-architected', control: 'SEC02-BP06', coverage: 'partial',
      note: 'Checks that users get permissions from groups; attribute-based access is not checked.',
    },
  ],
  docs: {
    rationale:
      'Permissions attached to groups are far easier to reason about and to change than permissions scattered over individual users; a new team member just joins the right groups.',
    checks:
      'For each IAM user (GetAccountAuthorizationDetails), one FAIL per managed policy attached to the user and per inline user policy. A permissions boundary grants nothing and is ignored. Users with no policies pass; users who also belong to no group get an INFO "user has no permissions".',
    remediation:
      'Put the user in a group that carries the policy, then detach the managed policy from the user or delete the inline policy. Better still, give people access through IAM Identity Center permission sets.',
    cli: 'aws iam add-user-to-group --group-name <group> --user-name <user> && aws iam detach-user-policy --user-name <user> --policy-arn <arn>  # inline: aws iam delete-user-policy --user-name <user> --policy-name <name>',
    outdated:
      'Still valid and now a CIS control (v3.0 1.15 / v5.0 1.14). Modern practice goes further: people get permission sets or roles through federation rather than IAM users.',
    links: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    ],
  },
  messages: {
    managedPolicy: '{{user}} has managed policy {{policy}} attached directly; attach it to a group instead',
    inlinePolicy: '{{user}} has inline policy {{policy}}; move it to a group',
    noOwnPolicies: '{{user}} has no policies of its own{{groups}}',
    noPermissions: '{{user}} has no permissions (no groups, no policies); delete the user if it is unused',
  },
  *check({ iam }) {
    for (const user of iam.userDetails) {
      const groups = user.GroupList ?? [];
      const attached = (user.AttachedManagedPolicies ?? []).filter((p) => p.PolicyArn || p.PolicyName);
      const inline = (user.UserPolicyList ?? []).filter((p) => p.PolicyName);
      for (const p of attached)
        yield fail(user, 'managedPolicy', { user: user.UserName, policy: p.PolicyName || p.PolicyArn }, {
          subject: p.PolicyArn || p.PolicyName || undefined,
          evidence: { PolicyArn: p.PolicyArn, PolicyName: p.PolicyName, GroupList: groups },
        });
      for (const p of inline)
        yield fail(user, 'inlinePolicy', { user: user.UserName, policy: p.PolicyName }, {
          subject: p.PolicyName ?? undefined,
          evidence: { PolicyName: p.PolicyName, GroupList: groups },
        });
      if (attached.length + inline.length > 0) continue;
      yield pass(user, 'noOwnPolicies', { user: user.UserName, groups: groups.length ? ` (groups: ${groups.join(', ')})` : '' }, { evidence: { GroupList: groups } });
      if (groups.length === 0)
        yield info(user, 'noPermissions', { user: user.UserName }, { severity: 'info', evidence: { GroupList: groups } });
    }
  },
});
