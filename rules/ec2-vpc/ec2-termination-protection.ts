import { z } from 'zod';
import { classifyInstance, hasTagSpec } from '../../src/aws-model/instances.js';
import { defineRule, fail, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'ec2-termination-protection',
  section: 'ec2-vpc',
  tip: 'Use termination protection for non-auto-scaling instances. Thank me later.',
  title: 'Instances outside a fleet have termination protection',
  kind: 'automatic',
  severity: 'medium',
  needs: ['ec2.instances', 'ec2.instanceAttributes'],
  options: z.object({
    /** Instances carrying any of these tags ("key" or "key=value") are not checked. */
    excludeTagKeys: z.array(z.string()).default([]),
  }),
  compliance: [],
  docs: {
    rationale:
      'A one-off instance that no Auto Scaling group will replace is lost for good when someone terminates it by ' +
      'mistake (a wrong id in a script, a console click). Termination protection makes the API refuse.',
    checks:
      'Running and stopped instances that are not part of a fleet (Auto Scaling, EKS, Karpenter, Spot/EC2 Fleet, EMR, ' +
      'Elastic Beanstalk, any Spot instance): fails when DescribeInstanceAttribute disableApiTermination ' +
      'is not true. Warns (low) when instanceInitiatedShutdownBehavior is "terminate": a `shutdown` inside the OS then ' +
      'terminates the instance and bypasses termination protection. Fleet instances are skipped because Auto Scaling ' +
      'scale-in ignores termination protection (use ProtectedFromScaleIn there) and EMR protects its own clusters.',
    remediation:
      'Turn on termination protection for every singleton instance, and make an OS shutdown stop rather than terminate ' +
      'it. Define it in your IaC (DisableApiTermination) so new instances get it too.',
    cli:
      'aws ec2 modify-instance-attribute --instance-id i-... --disable-api-termination && ' +
      'aws ec2 modify-instance-attribute --instance-id i-... --instance-initiated-shutdown-behavior stop',
    outdated:
      'Still valid. Stop protection (DisableApiStop) and AWS Backup are complementary; termination protection does not ' +
      'prevent Spot interruptions or Auto Scaling scale-in.',
    links: [
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_ChangingDisableAPITermination.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_ChangingInstanceInitiatedShutdownBehavior.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-instance-protection.html',
    ],
  },
  messages: {
    protected: '{{what}} has termination protection',
    unprotected: '{{what}} ({{reason}}) is not part of an Auto Scaling group and has no termination protection',
    shutdownTerminates: '{{what}}: a shutdown from inside the OS terminates it, bypassing termination protection',
  },
  *check({ ec2 }, { options }) {
    const attributes = new Map(ec2.instanceAttributes.map((a) => [`${a.Region}/${a.InstanceId}`, a]));
    for (const i of ec2.instances) {
      const state = i.State?.Name;
      if (state !== 'running' && state !== 'stopped') continue;
      const owner = classifyInstance(i);
      if (owner.ownership === 'fleet') continue;
      if (options.excludeTagKeys.some((spec) => hasTagSpec(i.Tags, spec))) continue;
      // No attributes: the collector could not read them and recorded an error for this instance.
      const a = attributes.get(`${i.Region}/${i.InstanceId}`);
      if (!a) continue;
      const protectedOn = a.DisableApiTermination?.Value === true;
      const shutdown = a.InstanceInitiatedShutdownBehavior?.Value || null;
      const evidence = {
        DisableApiTermination: a.DisableApiTermination?.Value ?? null,
        InstanceInitiatedShutdownBehavior: shutdown,
        ownership: owner.ownership,
        state,
      };
      const what = `${owner.ownership === 'iac-singleton' ? 'IaC singleton' : 'unmanaged instance'} ${i.InstanceId}`;
      if (protectedOn) yield pass(i, 'protected', { what }, { evidence });
      else yield fail(i, 'unprotected', { what, reason: owner.reason }, { evidence });
      if (shutdown === 'terminate')
        yield warn(i, 'shutdownTerminates', { what }, {
          severity: 'low',
          evidence,
        });
    }
  },
});
