import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'app-log-context-fields',
  section: 'application',
  tip: 'Store extra information in your logs.',
  title: 'Log lines carry instance, zone, region and environment context',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'When logs from many short-lived servers end up in one place, a line is only useful if it says where it came ' +
      'from: instance id, region, availability zone and environment, read from instance metadata once at boot.',
    checks:
      'Not checkable from the control plane: log content is data, and reading it could expose personal data. The rule ' +
      'gives the advice as one info finding for the account.',
    remediation:
      'Log structured JSON and add resource attributes to every line: with OpenTelemetry, `cloud.region`, ' +
      '`cloud.availability_zone`, `host.id`, `deployment.environment`; on EC2 read them from instance metadata with ' +
      'IMDSv2 (token-based) and cache them at start-up; on ECS/Lambda use the task metadata endpoint or environment.',
    outdated:
      'Still valid. Structured logging and OpenTelemetry resource attributes are the modern form of the advice; ' +
      'require IMDSv2 when reading metadata (Prowler ec2_instance_imdsv2_enabled, CIS v3.0 5.6 / v5.0 5.7).',
    links: [
      'https://opentelemetry.io/docs/specs/semconv/resource/cloud/',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: make every log line say where it came from (instance id, region, AZ, environment), as structured ' +
      'JSON or OpenTelemetry resource attributes read once from instance metadata (IMDSv2). Look at a sample of your ' +
      'central logs: can you tell which instance and zone wrote each line?',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'manualCheck');
  },
});
