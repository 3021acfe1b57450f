import { z } from 'zod';
import { ageDays, instanceSince } from '../../src/aws-model/instance-age.js';
import { classifyInstance, hasTagSpec } from '../../src/aws-model/instances.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'ec2-servers-ephemeral',
  section: 'operations',
  tip: "Servers are ephemeral, you don't care about them. You only care about the service as a whole.",
  title: 'Servers are replaceable fleet members, not long-lived pets',
  kind: 'heuristic',
  severity: 'low',
  needs: ['ec2.instances'],
  options: z.object({
    /** A non-fleet instance older than this many days is a long-lived pet. */
    maxInstanceAgeDays: z.number().int().positive().default(180),
    /** Warn for the account when more than this share of running instances is not part of a fleet. */
    petRatio: z.number().min(0).max(1).default(0.5),
    /** Instances with this tag ("key=value" or "key") are accepted pets (bastions, NAT instances). */
    petAllowTag: z.string().default('aws-tips:pet=approved'),
  }),
  compliance: [],
  docs: {
    rationale:
      'If a server dying is an incident, the service depends on that server. Instances launched and replaced by an ' +
      'Auto Scaling group (or EKS, Spot Fleet, ...) can die without anyone caring; hand-built, long-lived ones cannot.',
    checks:
      'Running and stopped instances, classified as fleet members (Auto Scaling, EKS, Karpenter, Spot/EC2 Fleet, EMR, Elastic Beanstalk, Spot), IaC singletons or unmanaged. Fleet members pass. A non-fleet instance older ' +
      'than maxInstanceAgeDays warns (age from the earlier of LaunchTime and the root volume attach time, since ' +
      'LaunchTime resets on stop/start); a younger IaC singleton passes; a younger unmanaged running instance is info. ' +
      'Instances with petAllowTag pass. The account warns when more than petRatio of its running instances are not ' +
      'fleet members.',
    remediation:
      'Put each workload behind an Auto Scaling group, even with min = max = 1 for a singleton, so a failed instance is ' +
      'replaced automatically; keep state off the instance (see app-no-server-state). For true singletons, turn on ' +
      'EC2 automatic recovery.',
    cli: 'aws autoscaling create-auto-scaling-group --auto-scaling-group-name <name> --launch-template LaunchTemplateId=lt-...,Version=\'$Latest\' --min-size 1 --max-size 1 --vpc-zone-identifier subnet-a,subnet-b',
    outdated: 'Still valid. EC2 simplified automatic recovery (MaintenanceOptions.AutoRecovery) now covers true singletons.',
    links: [
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html',
    ],
  },
  messages: {
    fleetMember: '{{instance}} is a fleet member ({{reason}})',
    acceptedPet: '{{instance}} is an accepted pet (tag {{tag}})',
    longLivedPet: '{{instance}} is a long-lived pet: {{ownership}}, {{age}} days old (over {{maxAge}}), nothing replaces it if it fails',
    definedAsCode: '{{instance}} is defined as code ({{reason}}) and {{age}} days old',
    unmanaged: '{{instance}} is not part of a fleet and not defined as code: nothing replaces it if it fails',
    petShareHigh: '{{notFleet}} of {{running}} running instances ({{percent}}) are not part of a fleet (over {{threshold}}%)',
    petShareOk: '{{fleet}} of {{running}} running instances are fleet members ({{percent}} are not)',
  },
  *check({ ec2 }, { options, now, account }) {
    let running = 0;
    let notFleet = 0;
    for (const i of ec2.instances) {
      const state = i.State?.Name;
      if (state !== 'running' && state !== 'stopped') continue;
      const owner = classifyInstance(i);
      if (state === 'running') {
        running += 1;
        if (owner.ownership !== 'fleet') notFleet += 1;
      }
      const age = ageDays(i, now);
      const evidence = { ownership: owner.ownership, reason: owner.reason, ageDays: age ?? null, ageFrom: instanceSince(i)?.source ?? null, state };
      if (owner.ownership === 'fleet') {
        yield pass(i, 'fleetMember', { instance: i.InstanceId, reason: owner.reason }, { evidence });
      } else if (hasTagSpec(i.Tags, options.petAllowTag)) {
        yield pass(i, 'acceptedPet', { instance: i.InstanceId, tag: options.petAllowTag }, { evidence });
      } else if (age !== undefined && age > options.maxInstanceAgeDays) {
        yield warn(i, 'longLivedPet', { instance: i.InstanceId, ownership: owner.ownership, age, maxAge: options.maxInstanceAgeDays }, {
          evidence,
        });
      } else if (owner.ownership === 'iac-singleton') {
        yield pass(i, 'definedAsCode', { instance: i.InstanceId, reason: owner.reason, age: age ?? '?' }, { evidence });
      } else if (state === 'running') {
        yield info(i, 'unmanaged', { instance: i.InstanceId }, { evidence });
      }
    }
    if (running === 0) return;
    const ratio = notFleet / running;
    const evidence = { running, notFleet, ratio: Number(ratio.toFixed(3)), petRatio: options.petRatio };
    const pct = `${Math.round(ratio * 100)}%`;
    if (ratio > options.petRatio)
      yield warn(account(), 'petShareHigh', { notFleet, running, percent: pct, threshold: Math.round(options.petRatio * 100) }, {
        evidence,
      });
    else yield pass(account(), 'petShareOk', { fleet: running - notFleet, running, percent: pct }, { evidence });
  },
});
