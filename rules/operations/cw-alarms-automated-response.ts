import { z } from 'zod';
import { alarmActionClasses, alarmActsOnAlarm, alarmUsesMetric, AUTOMATED_ACTIONS, compositeRuleAlarms } from '../../src/aws-model/alarms.js';
import { classifyInstance } from '../../src/aws-model/instances.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

const STATUS_CHECKS = ['StatusCheckFailed_System', 'StatusCheckFailed'];

export default defineRule({
  id: 'cw-alarms-automated-response',
  section: 'operations',
  tip: 'Get your alerts to become notifications.',
  title: 'Alarms act automatically; humans get notified, not paged to fix things by hand',
  kind: 'heuristic',
  severity: 'low',
  needs: ['cloudwatch.alarms'],
  // Context only: the automatic-recovery advice for single servers.
  optionalNeeds: ['ec2.instances'],
  options: z.object({}),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'REL06-BP04', coverage: 'partial',
      note: 'Flags alarms with no action and reports the share of automated actions; does not verify the response works.',
    },
  ],
  docs: {
    rationale:
      'With health checks replacing bad instances, an alert should need no action: it becomes a notification. ' +
      'Every alert someone has to act on is a candidate for automation (post-mortem it, then automate the fix).',
    checks:
      'Each metric and composite alarm: actions disabled or no ALARM action is a low warning (it alerts nobody), unless ' +
      'a composite alarm reads it. Alarms on AWS/EC2 StatusCheckFailed(_System) whose only actions are notifications ' +
      'get an info (use the EC2 recover action, simplified automatic recovery or an Auto Scaling group). Per account, ' +
      'an info with the share of notify-only alarms against alarms with automated actions (Auto Scaling, EC2 actions, ' +
      'Lambda, OpsItems, Incident Manager). Running instances outside any fleet with AutoRecovery disabled get an info.',
    remediation:
      'Give alarms an action: an EC2 recover/reboot action, an Auto Scaling policy, a Lambda function or an SSM ' +
      'OpsItem/incident; move single servers into an Auto Scaling group with ELB health checks.',
    cli: 'aws cloudwatch put-metric-alarm ... --alarm-actions arn:aws:automate:<region>:ec2:recover',
    outdated:
      'Still valid. EC2 simplified automatic recovery (on by default), Lambda and Systems Manager alarm actions and ' +
      'Incident Manager have extended the automation toolbox since 2014.',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html',
    ],
  },
  messages: {
    feedsComposite: '{{alarm}} has no actions of its own but feeds a composite alarm',
    silent: '{{alarm}} alerts nobody: {{why}}',
    statusCheckNotifyOnly: '{{alarm}} only notifies on a failed EC2 status check: let it recover the instance (ec2:recover action, automatic recovery) or run the instance in an Auto Scaling group',
    acts: '{{alarm}} {{how}} ({{actions}})',
    summary: '{{notifyOnly}} alarm(s) only notify a human, {{automated}} take an automated action; review the notify-only ones for fixes you could automate',
    autoRecoveryDisabled: '{{instance}} has automatic recovery disabled and no fleet to replace it: a host failure needs a human',
  },
  *check({ cloudwatch, ec2 }, ctx) {
    // Alarms a composite alarm reads need no actions of their own (the composite alerts instead).
    const readByComposite = new Set(
      cloudwatch.alarms.filter((a) => a.AlarmType === 'CompositeAlarm').flatMap((c) => compositeRuleAlarms(c.AlarmRule).map((n) => `${c.Region}|${n}`)),
    );
    const perRegion: Record<string, { notifyOnly: number; automated: number; silent: number }> = {};
    for (const a of cloudwatch.alarms) {
      const tally = (perRegion[a.Region] ??= { notifyOnly: 0, automated: 0, silent: 0 });
      const classes = alarmActionClasses(a);
      const evidence = { AlarmType: a.AlarmType, ActionsEnabled: a.ActionsEnabled ?? null, actionClasses: classes.all };
      if (!alarmActsOnAlarm(a)) {
        const composite = readByComposite.has(`${a.Region}|${a.AlarmName}`) || readByComposite.has(`${a.Region}|${a.AlarmArn ?? a.Arn}`);
        if (composite) {
          yield pass(a, 'feedsComposite', { alarm: a.AlarmName }, { evidence });
          continue;
        }
        tally.silent += 1;
        yield warn(a, 'silent', { alarm: a.AlarmName, why: a.ActionsEnabled === false ? 'its actions are disabled' : 'it has no ALARM action' }, { severity: 'low', evidence });
        continue;
      }
      const automated = classes.all.some((c) => AUTOMATED_ACTIONS.includes(c));
      const notifyOnly = classes.all.length > 0 && classes.all.every((c) => c === 'notify');
      if (automated) tally.automated += 1;
      if (notifyOnly) tally.notifyOnly += 1;
      if (notifyOnly && STATUS_CHECKS.some((m) => alarmUsesMetric(a, 'AWS/EC2', m))) {
        yield info(a, 'statusCheckNotifyOnly', { alarm: a.AlarmName }, { evidence });
        continue;
      }
      yield pass(a, 'acts', { alarm: a.AlarmName, how: automated ? 'acts automatically' : 'notifies', actions: classes.all.join(', ') }, { evidence });
    }
    const totals = Object.values(perRegion).reduce((t, r) => ({ notifyOnly: t.notifyOnly + r.notifyOnly, automated: t.automated + r.automated, silent: t.silent + r.silent }), { notifyOnly: 0, automated: 0, silent: 0 });
    if (cloudwatch.alarms.length > 0)
      yield info(ctx.account(), 'summary', { notifyOnly: totals.notifyOnly, automated: totals.automated }, {
        evidence: { ...totals, perRegion },
      });
    for (const i of ec2.instances ?? []) {
      if (i.State?.Name !== 'running' || i.MaintenanceOptions?.AutoRecovery !== 'disabled') continue;
      if (classifyInstance(i).ownership === 'fleet') continue;
      yield info(i, 'autoRecoveryDisabled', { instance: i.InstanceId }, {
        evidence: { AutoRecovery: 'disabled', ownership: classifyInstance(i).ownership },
      });
    }
  },
});
