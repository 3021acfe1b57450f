import { z } from 'zod';
import { hasTagSpec } from '../../src/aws-model/instances.js';
import { defineRule, fail, info, pass } from '../../src/rule.js';

const IDLE_INSTANCE_STATES = new Set(['stopped', 'stopping']);

export default defineRule({
  id: 'ec2-eip-unassociated',
  section: 'ec2-vpc',
  tip: "Don't keep unassociated Elastic IPs.",
  title: 'Elastic IPs are associated with something that runs',
  kind: 'automatic',
  severity: 'low',
  needs: ['ec2.addresses', 'ec2.instances', 'ec2.networkInterfaces'],
  options: z.object({
    /** Addresses carrying this tag ("key=value" or "key") are kept on purpose and reported as INFO. */
    reserveTag: z.string().default('aws-tips:reserved=true'),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'COST04-BP03', coverage: 'partial',
      note: 'Checks one resource type (Elastic IPs idle or on stopped instances).',
    },
  ],
  docs: {
    rationale:
      'An Elastic IP that is not associated, or is associated with a stopped instance or a detached network ' +
      'interface, is paid for and does nothing.',
    checks:
      'Each Elastic IP: FAIL when it has no association, or is associated with an instance that is stopped/stopping ' +
      'or with a network interface whose status is "available" (attached to nothing). Addresses tagged with ' +
      '`reserveTag` and BYOIP addresses (PublicIpv4Pool other than "amazon") are INFO instead.',
    remediation: 'Release the address, or tag it with the reserve tag if a partner allow-lists it.',
    cli: 'aws ec2 release-address --allocation-id eipalloc-...',
    outdated:
      'Still valid, and broader: since 2024-02-01 every public IPv4 address is billed, associated or not, so an idle ' +
      'Elastic IP is pure waste.',
    links: [
      'https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/working-with-eips.html',
    ],
  },
  messages: {
    inUse: '{{name}} is in use ({{target}})',
    reserved: '{{name}} {{idle}}; kept on purpose (tagged {{tag}})',
    byoip: '{{name}} {{idle}}; it is a BYOIP address from pool {{pool}} (no AWS IPv4 charge, but it wastes the pool)',
    idle: '{{name}} {{idle}}: it is billed while idle',
  },
  *check({ ec2 }, { options }) {
    const instances = new Map(ec2.instances.map((i) => [`${i.Region}/${i.InstanceId}`, i]));
    const enis = new Map(ec2.networkInterfaces.map((n) => [`${n.Region}/${n.NetworkInterfaceId}`, n]));
    for (const a of ec2.addresses) {
      const name = `${a.PublicIp ?? '?'}${a.AllocationId ? ` (${a.AllocationId})` : ''}`;
      const eni = a.NetworkInterfaceId ? enis.get(`${a.Region}/${a.NetworkInterfaceId}`) : undefined;
      const instanceId = a.InstanceId || eni?.Attachment?.InstanceId || undefined;
      const instance = instanceId ? instances.get(`${a.Region}/${instanceId}`) : undefined;
      const evidence = {
        AssociationId: a.AssociationId || null,
        InstanceId: instanceId ?? null,
        InstanceState: instance?.State?.Name ?? null,
        NetworkInterfaceId: a.NetworkInterfaceId || null,
        NetworkInterfaceStatus: eni?.Status ?? null,
        PublicIpv4Pool: a.PublicIpv4Pool ?? null,
      };
      let idle: string | undefined;
      if (!a.AssociationId) idle = 'is allocated but not associated';
      else if (instance && IDLE_INSTANCE_STATES.has(instance.State?.Name ?? ''))
        idle = `is associated with instance ${instanceId}, which is ${instance.State!.Name}`;
      else if (eni?.Status === 'available')
        idle = `is associated with network interface ${eni.NetworkInterfaceId}, which is not attached (available)`;

      if (!idle) {
        const target = instanceId ? `instance ${instanceId}` : `interface ${a.NetworkInterfaceId ?? '?'}`;
        yield pass(a, 'inUse', { name, target }, { evidence });
      } else if (hasTagSpec(a.Tags, options.reserveTag)) {
        yield info(a, 'reserved', { name, idle, tag: options.reserveTag }, { evidence });
      } else if (a.PublicIpv4Pool && a.PublicIpv4Pool !== 'amazon') {
        yield info(a, 'byoip', { name, idle, pool: a.PublicIpv4Pool }, { evidence });
      } else {
        yield fail(a, 'idle', { name, idle }, { evidence });
      }
    }
  },
});
