import { z } from 'zod';
import { classifyInstance, tagValue } from '../../src/aws-model/instances.js';
import { defineRule, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'arch-scale-horizontally',
  section: 'misc',
  tip: 'Scale horizontally.',
  title: 'Services run on several smaller machines, not one big box',
  kind: 'heuristic',
  severity: 'info',
  needs: ['autoscaling.groups', 'ec2.instances', 'ec2.instanceTypes'],
  options: z.object({
    /** An instance with at least this many vCPUs (or bare metal) is a "large box". */
    largeInstanceVcpus: z.number().int().positive().default(48),
    /** Tag keys naming the service an instance belongs to; the first one present is used. */
    serviceTag: z.array(z.string()).default(['app', 'Name']),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'PERF02-BP05', coverage: 'partial',
      note: 'Flags groups that cannot scale out and single large instances; scaling policies are checked by other rules.',
    },
  ],
  docs: {
    rationale:
      'Many smaller machines survive the loss of one and can grow one step at a time; a single large machine is a ' +
      'single point of failure that can only grow by downtime.',
    checks:
      'Auto Scaling groups with MaxSize of 1 or less cannot scale out. Running instances outside any fleet or IaC ' +
      'stack with at least largeInstanceVcpus vCPUs, or bare metal, are a "single large box" unless another running ' +
      'instance carries the same service tag (first of serviceTag present). Both are warnings at info severity, never ' +
      'a failure: databases and licensed software are legitimate exceptions.',
    remediation:
      'Run the service as an Auto Scaling group of smaller instances behind a load balancer, with MaxSize above the ' +
      'steady state.',
    cli: 'aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --max-size 4',
    outdated: 'Still valid. The article\'s "100 t1.micro" example uses a retired previous-generation type.',
    links: [
      'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_adapt_to_changes_autoscale_adapt.html',
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/what-is-amazon-ec2-auto-scaling.html',
    ],
  },
  messages: {
    cannotScaleOut: '{{name}} has MaxSize {{maxSize}}: it can replace an instance but never scale out',
    canScaleOut: '{{name}} can scale out to {{maxSize}} instances',
    notLarge: '{{name}} ({{type}}{{vcpus}}) is not a large box',
    sharesService: '{{name}} ({{type}}) shares service {{service}} with {{peers}} other instance(s)',
    singleLargeBox:
      '{{name}} is a single large box ({{type}}, {{size}}) with no other instance {{peers}}: consider several smaller instances in an Auto Scaling group',
  },
  *check({ autoscaling, ec2 }, { options }) {
    for (const g of autoscaling.groups) {
      const evidence = { MinSize: g.MinSize ?? null, MaxSize: g.MaxSize ?? null, DesiredCapacity: g.DesiredCapacity ?? null };
      if (typeof g.MaxSize === 'number' && g.MaxSize <= 1) yield warn(g, 'cannotScaleOut', { name: g.AutoScalingGroupName, maxSize: g.MaxSize }, { evidence });
      else yield pass(g, 'canScaleOut', { name: g.AutoScalingGroupName, maxSize: g.MaxSize ?? '?' }, { evidence });
    }
    const types = new Map(ec2.instanceTypes.map((t) => [t.InstanceType, t]));
    const running = ec2.instances.filter((i) => i.State?.Name === 'running');
    const service = (tags: typeof running[number]['Tags']) => {
      for (const key of options.serviceTag) {
        const v = tagValue(tags, key);
        if (v) return { key, value: v };
      }
      return undefined;
    };
    for (const i of running) {
      if (classifyInstance(i).ownership !== 'unmanaged') continue;
      const type = i.InstanceType ?? '';
      const vcpus = types.get(type)?.VCpuInfo?.DefaultVCpus ?? null;
      const metal = type.endsWith('.metal') || type.includes('.metal-') || types.get(type)?.BareMetal === true;
      const svc = service(i.Tags);
      const evidence = { InstanceType: type, DefaultVCpus: vcpus, bareMetal: metal, service: svc ? `${svc.key}=${svc.value}` : null };
      const large = metal || (vcpus !== null && vcpus >= options.largeInstanceVcpus);
      if (!large) {
        yield pass(i, 'notLarge', { name: i.InstanceId, type, vcpus: vcpus !== null ? `, ${vcpus} vCPUs` : '' }, { evidence });
        continue;
      }
      const peers = svc ? running.filter((o) => o !== i && tagValue(o.Tags, svc.key) === svc.value).map((o) => o.InstanceId) : [];
      if (peers.length) yield pass(i, 'sharesService', { name: i.InstanceId, type, service: `${svc!.key}=${svc!.value}`, peers: peers.length }, { evidence: { ...evidence, peers } });
      else
        yield warn(i, 'singleLargeBox', { name: i.InstanceId, type, size: metal ? 'bare metal' : `${vcpus} vCPUs`, peers: svc ? `tagged ${svc.key}=${svc.value}` : 'sharing a service tag' }, { evidence });
    }
  },
});
