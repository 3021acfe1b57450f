import { z } from 'zod';
import { classifyInstance, hasTagSpec } from '../../src/aws-model/instances.js';
import { defineRule, fail, pass } from '../../src/rule.js';

export default defineRule({
  id: 'ec2-no-eip-on-servers',
  section: 'operations',
  tip: "Don't give servers static/elastic IPs.",
  title: 'Servers are reached through a load balancer, not an Elastic IP',
  kind: 'automatic',
  severity: 'low',
  needs: ['ec2.addresses', 'ec2.networkInterfaces', 'ec2.instances'],
  options: z.object({
    /** An instance or Elastic IP carrying this tag ("key=value" or "key") may keep its static IP. */
    allowEipTag: z.string().default('aws-tips:static-ip=approved'),
  }),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'EC2.9', coverage: 'partial',
      note: 'Flags only instances reached through an Elastic IP; auto-assigned public IPv4 addresses are not flagged.',
    },
  ],
  docs: {
    rationale:
      'A server with its own Elastic IP is a single point of failure that clients address directly; put servers ' +
      'behind a load balancer across zones so any one of them can be replaced.',
    checks:
      'Each associated Elastic IP: the target instance is the address InstanceId or the instance its network ' +
      'interface is attached to. No instance (NAT gateway, NLB, Global Accelerator, ...) passes. An instance target ' +
      'fails (low), medium when the instance belongs to a fleet (Auto Scaling, EKS, Spot Fleet, ...) because the ' +
      'address will not follow a replacement. The `allowEipTag` tag on the instance or the address allows it.',
    remediation:
      'Front the service with an ALB or NLB (an NLB can hold one Elastic IP per zone if a fixed IP is really needed) ' +
      'or Global Accelerator, then disassociate and release the address. Tag NAT, VPN or SFTP instances whose IP ' +
      'partners allow-list with the allow tag.',
    cli: 'aws ec2 disassociate-address --association-id eipassoc-...',
    outdated:
      'Still valid, and cost reinforces it: since 2024-02-01 every public IPv4 address is billed. Where a fixed ingress ' +
      'IP is required, use NLB Elastic IPs or Global Accelerator.',
    links: [
      'https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html',
    ],
  },
  messages: {
    notOnServer: '{{name}} is on {{target}}, not a server',
    allowedByTag: '{{name}} is on instance {{instance}}, allowed by tag {{tag}}',
    onFleetInstance: '{{name}} is on instance {{instance}}, which is part of a fleet ({{reason}}): the address will not follow a replacement instance',
    onServer: '{{name}} is a static IP on server {{instance}}; clients should reach it through a load balancer',
  },
  *check({ ec2 }, { options }) {
    const instances = new Map(ec2.instances.map((i) => [`${i.Region}/${i.InstanceId}`, i]));
    const enis = new Map(ec2.networkInterfaces.map((n) => [`${n.Region}/${n.NetworkInterfaceId}`, n]));
    for (const a of ec2.addresses) {
      if (!a.AssociationId) continue; // unassociated addresses are ec2-eip-unassociated's concern
      const name = `${a.PublicIp ?? '?'}${a.AllocationId ? ` (${a.AllocationId})` : ''}`;
      const eni = a.NetworkInterfaceId ? enis.get(`${a.Region}/${a.NetworkInterfaceId}`) : undefined;
      const instanceId = a.InstanceId || eni?.Attachment?.InstanceId || undefined;
      const evidence = { InstanceId: instanceId ?? null, NetworkInterfaceId: a.NetworkInterfaceId || null, InterfaceType: eni?.InterfaceType ?? null };
      if (!instanceId) {
        yield pass(a, 'notOnServer', { name, target: eni?.InterfaceType ? `a ${eni.InterfaceType} interface` : `interface ${a.NetworkInterfaceId ?? '?'}` }, { evidence });
        continue;
      }
      const instance = instances.get(`${a.Region}/${instanceId}`);
      if (hasTagSpec(a.Tags, options.allowEipTag) || hasTagSpec(instance?.Tags, options.allowEipTag)) {
        yield pass(a, 'allowedByTag', { name, instance: instanceId, tag: options.allowEipTag }, { evidence });
        continue;
      }
      const owner = instance ? classifyInstance(instance) : undefined;
      if (owner?.ownership === 'fleet')
        yield fail(a, 'onFleetInstance', { name, instance: instanceId, reason: owner.reason }, {
          severity: 'medium',
          evidence: { ...evidence, ownership: owner.ownership },
        });
      else
        yield fail(a, 'onServer', { name, instance: instanceId }, {
          evidence: { ...evidence, ownership: owner?.ownership ?? null },
        });
    }
  },
});
