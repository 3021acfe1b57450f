import { z } from 'zod';
import { classifyInstance } from '../../src/aws-model/instances.js';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'app-no-server-state',
  section: 'application',
  tip: 'Store no application state on your servers.',
  title: 'Servers hold no application state (sessions, uploads, jobs, logs)',
  kind: 'manual',
  severity: 'info',
  needs: [],
  optionalNeeds: ['ec2.instances', 'autoscaling.groups', 'ec2.launchTemplateVersions'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A server that keeps sessions, uploaded files, queued work or logs on its disk cannot be killed or replaced ' +
      'without losing them, which rules out auto scaling and self-healing.',
    checks:
      'Where an application keeps its state is not visible through the control-plane APIs; the rule gives the advice ' +
      'as one info finding for the account, with two context signals when their data is available: the number of ' +
      'running instances that are neither fleet members nor defined as code (not in an Auto Scaling group or a stack), and Auto Scaling groups whose ' +
      'launch template keeps EBS volumes after termination (DeleteOnTermination false), i.e. data meant to outlive ' +
      'the instance.',
    remediation:
      'Keep sessions in ElastiCache or DynamoDB, upload straight to S3 with pre-signed URLs, hand long work to SQS, ' +
      'ship logs off the instance; then any server can be terminated at any time.',
    outdated: 'Still valid. Containers and Lambda make statelessness the default.',
    links: [
      'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_stateless.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/PresignedUrlUploadObject.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html#preserving-volumes-on-termination',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: keep no application state on servers (sessions in ElastiCache/DynamoDB, uploads to S3 via ' +
      'pre-signed URLs, jobs in SQS, logs shipped off the box) so any server can be replaced.{{lookFirst}}',
  },
  *check({ ec2, autoscaling }, ctx) {
    const signals: string[] = [];
    const evidence: Record<string, unknown> = {};
    if (ec2.instances) {
      const pets = ec2.instances.filter((i) => i.State?.Name === 'running' && classifyInstance(i).ownership === 'unmanaged');
      evidence.unmanagedRunningInstances = pets.map((i) => i.InstanceId);
      signals.push(`${pets.length} running instance(s) are neither fleet members nor defined as code`);
    }
    if (autoscaling.groups && ec2.launchTemplateVersions) {
      const keeps = ec2.launchTemplateVersions.filter((v) =>
        (v.LaunchTemplateData?.BlockDeviceMappings ?? []).some((m) => m.Ebs && m.Ebs.DeleteOnTermination === false),
      );
      evidence.groupsKeepingVolumes = keeps.map((v) => `${v.AutoScalingGroupName} (${v.LaunchTemplateName ?? v.LaunchTemplateId} v${v.VersionNumber ?? '?'})`);
      signals.push(`${keeps.length} Auto Scaling group(s) launch instances whose EBS volumes survive termination`);
    }
    yield info(ctx.account(), 'manualCheck', { lookFirst: signals.length ? ` Look first at: ${signals.join('; ')}.` : '' }, { evidence });
  },
});
