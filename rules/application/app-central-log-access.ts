import { z } from 'zod';
import { defineRule, error, info, pass, warn } from '../../src/rule.js';
import { AWS_SERVICE_LOG_GROUP_PREFIXES } from '../../src/snapshot/services/logs.js';

const DAY = 86_400_000;

const list = (xs: string[]) => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ', ...' : ''}`;
/** What runs in the region: "2 running instance(s), ECS cluster(s) web, EKS cluster(s) k8s". */
const workloads = (instances: number, ecs: string[], eks: string[]) =>
  [instances ? `${instances} running instance(s)` : '', ecs.length ? `ECS cluster(s) ${list(ecs)}` : '', eks.length ? `EKS cluster(s) ${list(eks)}` : '']
    .filter(Boolean)
    .join(', ');

export default defineRule({
  id: 'app-central-log-access',
  section: 'application',
  tip: 'Have tools to view application logs.',
  title: 'Application logs are shipped to a central place where they can be read',
  kind: 'heuristic',
  severity: 'low',
  needs: ['ec2.instances', 'logs.logGroups', 'cloudwatch.agentMetrics'],
  // ECS/EKS clusters widen the scope to regions without instances; a region with instances is judged without them.
  optionalNeeds: ['ssm.instanceInformation', 'ecs.clusters', 'eks.clusters'],
  options: z.object({
    /** A log group counts when it received an event within this many days. */
    logRecencyDays: z.number().int().positive().default(7),
    /** Log groups written by AWS services, not applications. */
    ignoreLogGroupPrefixes: z.array(z.string()).default([...AWS_SERVICE_LOG_GROUP_PREFIXES]),
    logging: z
      .object({
        /** Attest that logs go to a platform outside AWS (Datadog, Splunk, Elastic...): the region passes. */
        externalPlatform: z.boolean().default(false),
      })
      .default({ externalPlatform: false }),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'OPS08-BP02', coverage: 'partial',
      note: 'Checks that logs reach a central store recently; analysis itself is not checked.',
    },
  ],
  docs: {
    rationale:
      'If reading a log means SSH-ing into a server, logs vanish with the server and debugging needs the access you ' +
      'wanted to remove. Ship logs to a central, searchable place and read them there, in real time.',
    checks:
      'Per region with running instances, an ACTIVE ECS cluster running tasks or services, or an ACTIVE EKS cluster: passes when a log group outside the AWS-service prefixes received an event in ' +
      'the last logRecencyDays, when the CloudWatch agent published metrics in the last 3 hours, or when ' +
      'logging.externalPlatform is set; warns otherwise. Info lists running instances that are neither online in ' +
      'Systems Manager nor reporting CloudWatch agent metrics: reading their logs probably needs SSH. A third-party ' +
      'log shipper is invisible to the AWS APIs, hence the attestation option. A region without running instances whose ' +
      'ECS or EKS clusters could not be read is an error, neither out of scope nor passing.',
    remediation:
      'Install the CloudWatch agent (or Fluent Bit / the OpenTelemetry collector) on every instance, or log from ' +
      'containers with the awslogs / FireLens drivers, and view logs with CloudWatch Logs Insights or `aws logs tail`.',
    cli: 'aws logs tail <log-group> --follow',
    outdated:
      'Still valid. CloudWatch Logs (launched July 2014, after the article) and Logs Insights now cover the "central ' +
      'syslog viewer" natively; `aws logs tail` is AWS CLI v2 only.',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Install-CloudWatch-Agent.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AnalyzingLogData.html',
      'https://awscli.amazonaws.com/v2/documentation/api/latest/reference/logs/tail.html',
    ],
  },
  messages: {
    externalPlatform: '{{region}}: logs go to an external platform (attested by logging.externalPlatform)',
    logsFlowing: '{{region}}: {{what}}',
    lastEventUnknown: '{{region}}: the last event time of {{count}} log group(s) could not be read ({{groups}})',
    noLogs:
      '{{region}}: {{workloads}} but no application log group with events in the last {{days}} days and no CloudWatch agent metrics',
    containersUnread:
      '{{region}}: no running instance, and the {{datasets}} could not be read, so whether the region runs containers needing central logs is unknown',
    unreachableInstances:
      '{{region}}: {{count}} running instance(s) neither online in Systems Manager nor reporting agent metrics; reading their logs probably needs SSH: {{instances}}',
  },
  *check({ ec2, logs, cloudwatch, ssm, ecs, eks }, { options, now, account, meta, unavailable }) {
    const since = now.getTime() - options.logRecencyDays * DAY;
    const running = ec2.instances.filter((i) => i.State?.Name === 'running');
    const online = ssm?.instanceInformation
      ? new Set(ssm.instanceInformation.filter((n) => n.PingStatus === 'Online').map((n) => `${n.Region}/${n.InstanceId}`))
      : undefined;
    const ecsBusy = (ecs?.clusters ?? []).filter((c) => c.status === 'ACTIVE' && ((c.runningTasksCount ?? 0) > 0 || (c.activeServicesCount ?? 0) > 0));
    const eksActive = (eks?.clusters ?? []).filter((c) => c.status === 'ACTIVE');
    const inScope = new Set([...running, ...ecsBusy, ...eksActive].map((x) => x.Region));
    for (const region of [...new Set([...meta.regions, ...inScope])].sort()) {
      const instances = running.filter((i) => i.Region === region);
      const ecsClusters = ecsBusy.filter((c) => c.Region === region).map((c) => c.clusterName);
      const eksClusters = eksActive.filter((c) => c.Region === region).map((c) => c.name);
      if (!inScope.has(region)) {
        // Not in scope only if it was read: clusters not read may be running.
        const unread = [unavailable('ecs.clusters', region) ? 'ECS' : '', unavailable('eks.clusters', region) ? 'EKS' : ''].filter(Boolean);
        if (unread.length)
          yield error(account(region, 'logs'), 'containersUnread', { region, datasets: `${unread.join(' and ')} clusters` }, { evidence: { unread } });
        continue;
      }
      const candidates = logs.logGroups.filter(
        (g) => g.Region === region && !options.ignoreLogGroupPrefixes.some((p) => g.logGroupName.startsWith(p)),
      );
      const last = (g: (typeof candidates)[number]) => Math.max(g.lastEventTimestamp ?? 0, g.lastIngestionTime ?? 0);
      const recent = candidates.filter((g) => last(g) >= since).map((g) => g.logGroupName);
      const unknown = candidates.filter((g) => g.lastEventChecked === false && last(g) === 0).map((g) => g.logGroupName);
      const agents = cloudwatch.agentMetrics.filter((m) => m.Region === region);
      const agentInstances = new Set(agents.map((m) => m.InstanceId).filter(Boolean));
      const where = account(region, 'logs');
      const evidence = {
        runningInstances: instances.length,
        ...(ecsClusters.length ? { ecsClusters } : {}),
        ...(eksClusters.length ? { eksClusters } : {}),
        recentLogGroups: recent.slice(0, 20),
        recentLogGroupCount: recent.length,
        agentMetricSeries: agents.reduce((n, m) => n + (m.Count ?? 0), 0),
        externalPlatform: options.logging.externalPlatform,
      };
      if (options.logging.externalPlatform)
        yield pass(where, 'externalPlatform', { region }, { evidence });
      else if (recent.length || agents.length)
        yield pass(where, 'logsFlowing', { region, what: [recent.length ? `${recent.length} application log group(s) with events in the last ${options.logRecencyDays} days` : '', agents.length ? 'the CloudWatch agent is reporting' : ''].filter(Boolean).join(' and ') }, { evidence });
      else if (unknown.length)
        yield info(where, 'lastEventUnknown', { region, count: unknown.length, groups: unknown.slice(0, 5).join(', ') }, { evidence });
      else
        yield warn(where, 'noLogs', { region, workloads: workloads(instances.length, ecsClusters, eksClusters), days: options.logRecencyDays }, { evidence });

      if (!online) continue;
      const blind = instances.filter((i) => !online.has(`${i.Region}/${i.InstanceId}`) && !agentInstances.has(i.InstanceId)).map((i) => i.InstanceId);
      if (blind.length)
        yield info(where, 'unreachableInstances', { region, count: blind.length, instances: `${blind.slice(0, 10).join(', ')}${blind.length > 10 ? ', ...' : ''}` }, {
          evidence: { instances: blind },
        });
    }
  },
});
