import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'cw-use-cli-tools',
  section: 'cloudwatch',
  tip: 'Use the CLI tools.',
  title: 'Alarms and dashboards are managed with the CLI or as code',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'The console cannot clone an alarm; creating dozens of similar alarms by hand is slow and drifts. Scripts (and ' +
      'today, infrastructure as code) make them repeatable.',
    checks:
      'How an alarm was created is not recorded on the alarm (only CloudTrail knows, which this tool does not mine by ' +
      'default); the rule gives the advice as one info finding for the account.',
    remediation:
      'Keep alarms in CloudFormation, CDK or Terraform next to the resources they watch, or script them with the AWS ' +
      'CLI from a JSON template.',
    cli: 'aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json',
    outdated:
      'The legacy Java "CloudWatch CLI tools" were replaced by the unified AWS CLI in 2013; the advice generalises to ' +
      '"alarms as code".',
    links: [
      'https://docs.aws.amazon.com/cli/latest/reference/cloudwatch/put-metric-alarm.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: manage CloudWatch alarms as code (CloudFormation, CDK, Terraform) or with the AWS CLI ' +
      '(`aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json`), not by hand in the console.',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'manualCheck');
  },
});
