import { z } from 'zod';
import { daysSince } from '../../src/aws-model/credential-report.js';
import type { Tags } from '../../src/aws-model/instances.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

/** The first value among the tags whose key matches one of `keys`, case-insensitively. */
function envOf(tags: Tags, keys: string[]): string | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  const t = (tags ?? []).find((x) => x.Key && wanted.includes(x.Key.toLowerCase()) && x.Value);
  return t?.Value?.toLowerCase() ?? undefined;
}

const age = (d: string | Date | null | undefined, now: Date) => (d ? daysSince(new Date(d), now) : null);

export default defineRule({
  id: 'ec2-key-pair-strategy',
  section: 'misc',
  tip: 'Decide on a key-management strategy from the start.',
  title: 'SSH key pairs follow a deliberate strategy (ideally none at all)',
  kind: 'heuristic',
  severity: 'low',
  needs: ['ec2.keyPairs', 'ec2.instances'],
  options: z.object({
    maxInstancesPerKey: z.number().int().positive().default(50),
    /** A key pair in use for longer than this is worth rotating (INFO). */
    maxKeyAgeDays: z.number().int().positive().default(365),
    /** Tag key(s) holding the environment, compared case-insensitively. */
    envTag: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default(['env', 'environment']),
    /** An unused key pair older than this is stale. */
    staleDays: z.number().int().positive().default(90),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'SEC06-BP03', coverage: 'partial',
      note: 'Passes keyless access when 90% of instances have no key pair; other interactive access is not checked.',
    },
  ],
  docs: {
    rationale:
      'The article means EC2 SSH key pairs: one per instance group or one per account? Changing later means ' +
      're-keying every instance. A key shared by production and development, or by hundreds of instances, lets one ' +
      'leaked file open everything, and forgotten key pairs pile up.',
    checks:
      'Per region, each key pair and the instances launched with it: WARN low when its instances span more than one ' +
      'envTag value, when more than maxInstancesPerKey instances use it, and when no instance uses it and it is older ' +
      'than staleDays. INFO for RSA keys in use (ed25519 is available), keys in use for longer than maxKeyAgeDays, ' +
      'unused keys of unknown age (no CreateTime), and instances whose key pair no longer exists. Other key pairs ' +
      'PASS. Account level: PASS "keyless access" when at least 90% of instances have no key pair, INFO summary otherwise.',
    remediation:
      'Prefer no long-lived SSH keys: reach instances with Session Manager or EC2 Instance Connect and launch them ' +
      'without a key pair. If keys are needed, use one per environment (or team), rotate them, and delete unused ones.',
    cli: 'aws ec2 delete-key-pair --key-name <key>',
    outdated:
      'Largely superseded: Session Manager and EC2 Instance Connect (short-lived keys pushed through IAM) make "no ' +
      'long-lived SSH keys" the best strategy. This is not about KMS; KMS key rotation is a separate control (CIS 3.6).',
    links: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-eic.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-key-pairs.html',
    ],
  },
  messages: {
    unusedUnknownAge:
      '{{name}} is used by no instance and its age is unknown (no CreateTime: a very old key pair): delete it if nobody needs it',
    stale: '{{name}} is used by no instance and was created {{days}} days ago: stale, delete it',
    unusedNew: '{{name}} is not used by any instance yet (created {{days}} days ago)',
    sharedAcrossEnvironments:
      '{{name}} is shared across environments ({{environments}}): one leaked key opens all of them; use one key pair per environment',
    tooManyInstances: '{{name}} is used by {{count}} instances (more than {{max}}): one leaked key opens all of them',
    rsaKey: '{{name}} is an RSA key; new key pairs can be ed25519',
    oldKey: '{{name}} has been in use for {{days}} days (more than {{max}}): plan its rotation, or move to keyless access',
    inUse: '{{name}} is used by {{count}} instance(s){{environment}}',
    deletedKeyInUse: '{{region}}: {{count}} instance(s) were launched with key pair {{keyName}}, which no longer exists: the key still opens them',
    keyless: 'keyless access strategy: {{keyless}} of {{total}} instances have no SSH key pair (Session Manager / EC2 Instance Connect)',
    keySummary:
      '{{keyPairs}} key pair(s); {{withKey}} of {{total}} instance(s) launched with one, {{keyless}} without: consider keyless access (Session Manager, EC2 Instance Connect)',
  },
  *check({ ec2 }, { options, now, account }) {
    const envKeys = Array.isArray(options.envTag) ? options.envTag : [options.envTag];
    const byKey = new Map<string, typeof ec2.instances>();
    for (const i of ec2.instances) {
      if (!i.KeyName) continue;
      const k = `${i.Region}/${i.KeyName}`;
      const users = byKey.get(k);
      if (users) users.push(i);
      else byKey.set(k, [i]);
    }

    for (const kp of ec2.keyPairs) {
      const users = byKey.get(`${kp.Region}/${kp.KeyName}`) ?? [];
      byKey.delete(`${kp.Region}/${kp.KeyName}`);
      const days = age(kp.CreateTime, now);
      const envs = [...new Set(users.map((i) => envOf(i.Tags, envKeys)).filter((e): e is string => !!e))].sort();
      const evidence = {
        KeyName: kp.KeyName, KeyType: kp.KeyType ?? null, CreateTime: kp.CreateTime ?? null, ageDays: days,
        instances: users.slice(0, 20).map((i) => i.InstanceId), instanceCount: users.length, environments: envs,
      };
      const name = `${kp.Region}: key pair ${kp.KeyName}`;
      if (users.length === 0) {
        if (days === null) yield info(kp, 'unusedUnknownAge', { name }, { evidence });
        else if (days > options.staleDays) yield warn(kp, 'stale', { name, days }, { evidence });
        else yield pass(kp, 'unusedNew', { name, days }, { evidence });
        continue;
      }
      let concern = false;
      if (envs.length > 1) {
        concern = true;
        yield warn(kp, 'sharedAcrossEnvironments', { name, environments: envs.join(', ') }, { evidence });
      }
      if (users.length > options.maxInstancesPerKey) {
        concern = true;
        yield warn(kp, 'tooManyInstances', { name, count: users.length, max: options.maxInstancesPerKey }, { evidence });
      }
      if (kp.KeyType === 'rsa') yield info(kp, 'rsaKey', { name }, { evidence });
      if (days !== null && days > options.maxKeyAgeDays)
        yield info(kp, 'oldKey', { name, days, max: options.maxKeyAgeDays }, { evidence });
      if (!concern) yield pass(kp, 'inUse', { name, count: users.length, environment: envs.length === 1 ? ` in ${envs[0]}` : '' }, { evidence });
    }

    // Instances whose key pair was deleted still accept that key.
    for (const [key, users] of byKey) {
      const [region, keyName] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      yield info(account(region, 'ec2'), 'deletedKeyInUse', { region, count: users.length, keyName }, {
        subject: keyName,
        evidence: { KeyName: keyName, instances: users.map((i) => i.InstanceId) },
      });
    }

    const total = ec2.instances.length;
    if (total === 0 && ec2.keyPairs.length === 0) return;
    const keyless = ec2.instances.filter((i) => !i.KeyName).length;
    const evidence = { keyPairs: ec2.keyPairs.length, instances: total, instancesWithoutKey: keyless };
    if (total > 0 && keyless / total >= 0.9)
      yield pass(account('global', 'ec2'), 'keyless', { keyless, total }, { evidence });
    else
      yield info(account('global', 'ec2'), 'keySummary', { keyPairs: ec2.keyPairs.length, withKey: total - keyless, total, keyless }, { evidence });
  },
});
