import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeReservedInstancesCommand,
  DescribeKeyPairsCommand,
  EC2Client,
  type _InstanceType,
  paginateDescribeInstanceTypes,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  type LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { isFleetMember } from '../../snapshot/services/ec2.js';
import { isAccessDenied } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined, chunks } from '../util.js';

const ec2 = (ctx: CollectorContext) => ctx.client<EC2Client>('ec2');
const PAGE = { pageSize: 1000 };

export const collectors: ServiceCollectors = {
  async instances(ctx) {
    const client = await ec2(ctx);
    const reservations = await allPages(
      paginateDescribeInstances(
        { client, ...PAGE },
        { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] },
      ),
      (p) => p.Reservations,
    );
    return reservations.flatMap((r) =>
      (r.Instances ?? []).map((i) => ({
        ...i,
        OwnerId: r.OwnerId,
        Region: ctx.region,
        Arn: ctx.arn('ec2', `instance/${i.InstanceId}`),
      })),
    );
  },

  async securityGroups(ctx) {
    const client = await ec2(ctx);
    const groups = await allPages(paginateDescribeSecurityGroups({ client, ...PAGE }, {}), (p) => p.SecurityGroups);
    return groups.map((g) => ({ ...g, Region: ctx.region, Arn: ctx.arn('ec2', `security-group/${g.GroupId}`) }));
  },

  async networkInterfaces(ctx) {
    const client = await ec2(ctx);
    const enis = await allPages(paginateDescribeNetworkInterfaces({ client, ...PAGE }, {}), (p) => p.NetworkInterfaces);
    return enis.map((n) => ({ ...n, Region: ctx.region, Arn: ctx.arn('ec2', `network-interface/${n.NetworkInterfaceId}`) }));
  },

  // Only the prefix lists some security group references: most regions need no call at all.
  async managedPrefixLists(ctx) {
    const groups = await ctx.get('ec2.securityGroups');
    const ids = new Set<string>();
    for (const g of groups)
      for (const p of g.IpPermissions ?? []) for (const pl of p.PrefixListIds ?? []) if (pl.PrefixListId) ids.add(pl.PrefixListId);
    if (ids.size === 0) return [];
    const client = await ec2(ctx);
    const lists = await allPages(
      paginateDescribeManagedPrefixLists({ client, pageSize: 100 }, { PrefixListIds: [...ids] }),
      (p) => p.PrefixLists,
    );
    return Promise.all(
      lists.map(async (l) => ({
        ...l,
        Entries: await allPages(
          // MaxResults 1..100 for this call (more is InvalidParameterValue).
          paginateGetManagedPrefixListEntries({ client, pageSize: 100 }, { PrefixListId: l.PrefixListId! }),
          (p) => p.Entries,
        ),
        Region: ctx.region,
        Arn: l.PrefixListArn ?? ctx.arn('ec2', `prefix-list/${l.PrefixListId}`),
      })),
    );
  },

  async networkAcls(ctx) {
    const client = await ec2(ctx);
    const acls = await allPages(paginateDescribeNetworkAcls({ client, pageSize: 100 }, {}), (p) => p.NetworkAcls);
    return acls.map((a) => ({ ...a, Region: ctx.region, Arn: ctx.arn('ec2', `network-acl/${a.NetworkAclId}`) }));
  },

  // One call per instance and attribute (no batch form): fleet instances are skipped before calling,
  // and a local limit keeps the burst well under EC2's request rate.
  async instanceAttributes(ctx) {
    const instances = (await ctx.get('ec2.instances')).filter(
      (i) => (i.State?.Name === 'running' || i.State?.Name === 'stopped') && !isFleetMember(i),
    );
    if (instances.length === 0) return [];
    const client = await ec2(ctx);
    const limit = pLimit(10);
    const out = await Promise.all(
      instances.map(async (i) => {
        try {
          const [termination, shutdown] = await Promise.all([
            limit(() => client.send(new DescribeInstanceAttributeCommand({ InstanceId: i.InstanceId, Attribute: 'disableApiTermination' }))),
            limit(() =>
              client.send(new DescribeInstanceAttributeCommand({ InstanceId: i.InstanceId, Attribute: 'instanceInitiatedShutdownBehavior' })),
            ),
          ]);
          return {
            InstanceId: i.InstanceId,
            DisableApiTermination: termination.DisableApiTermination ?? null,
            InstanceInitiatedShutdownBehavior: shutdown.InstanceInitiatedShutdownBehavior ?? null,
            Region: ctx.region,
            Arn: i.Arn,
          };
        } catch (err) {
          // Terminated since DescribeInstances: nothing left to protect.
          if ((err as { name?: string }).name === 'InvalidInstanceID.NotFound') return undefined;
          // No permission at all fails the region once, not every instance.
          if (isAccessDenied(err)) throw err;
          ctx.recordError(err, { region: ctx.region, resource: i.Arn });
          return undefined;
        }
      }),
    );
    return out.filter((x) => x !== undefined);
  },

  // Single-shot (no pagination).
  async accountAttributes(ctx) {
    const client = await ec2(ctx);
    const { AccountAttributes = [] } = await client.send(new DescribeAccountAttributesCommand({}));
    return AccountAttributes.filter((a) => a.AttributeName).map((a) => ({
      ...a,
      AttributeName: a.AttributeName!,
      Region: ctx.region,
      Arn: ctx.arn('ec2', `account-attribute/${a.AttributeName}`),
    }));
  },

  // Single-shot (no pagination).
  async reservedInstances(ctx) {
    const client = await ec2(ctx);
    const { ReservedInstances = [] } = await client.send(
      new DescribeReservedInstancesCommand({ Filters: [{ Name: 'state', Values: ['active'] }] }),
    );
    return ReservedInstances.filter((r) => r.ReservedInstancesId).map((r) => ({
      ...r,
      ReservedInstancesId: r.ReservedInstancesId!,
      Region: ctx.region,
      Arn: ctx.arn('ec2', `reserved-instances/${r.ReservedInstancesId}`),
    }));
  },

  // Only the versions Auto Scaling groups launch from: one call per distinct (template, version).
  async launchTemplateVersions(ctx) {
    const groups = await ctx.get('autoscaling.groups');
    const wanted = groups.flatMap((g) => {
      const mixed = (g as { MixedInstancesPolicy?: { LaunchTemplate?: { LaunchTemplateSpecification?: typeof g.LaunchTemplate } } })
        .MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
      const spec = g.LaunchTemplate ?? mixed;
      if (!spec || (!spec.LaunchTemplateId && !spec.LaunchTemplateName)) return [];
      return [{ group: g.AutoScalingGroupName, id: spec.LaunchTemplateId || undefined, name: spec.LaunchTemplateName || undefined, version: spec.Version || '$Default' }];
    });
    if (wanted.length === 0) return [];
    const client = await ec2(ctx);
    const calls = new Map<string, Promise<LaunchTemplateVersion | undefined>>();
    const fetch = (w: (typeof wanted)[number]) => {
      const key = `${w.id ?? w.name}@${w.version}`;
      let p = calls.get(key);
      if (!p) {
        p = client
          .send(
            new DescribeLaunchTemplateVersionsCommand({
              ...(w.id ? { LaunchTemplateId: w.id } : { LaunchTemplateName: w.name }),
              Versions: [w.version],
            }),
          )
          .then((r) => r.LaunchTemplateVersions?.[0])
          .catch((err: { name?: string }) => {
            // A template deleted under the group: nothing to read, the group itself is broken.
            if (/NotFound/.test(err.name ?? '')) return undefined;
            throw err;
          });
        calls.set(key, p);
      }
      return p;
    };
    const out = await Promise.all(
      wanted.map(async (w) => {
        const v = await fetch(w);
        if (!v) return undefined;
        return {
          AutoScalingGroupName: w.group,
          RequestedVersion: w.version,
          LaunchTemplateId: v.LaunchTemplateId,
          LaunchTemplateName: v.LaunchTemplateName,
          VersionNumber: v.VersionNumber,
          DefaultVersion: v.DefaultVersion,
          LaunchTemplateData: {
            BlockDeviceMappings: v.LaunchTemplateData?.BlockDeviceMappings ?? [],
            ...(v.LaunchTemplateData?.Monitoring ? { Monitoring: v.LaunchTemplateData.Monitoring } : {}),
          },
          Region: ctx.region,
          Arn: ctx.arn('ec2', `launch-template/${v.LaunchTemplateId}`),
        };
      }),
    );
    return out.filter((x) => x !== undefined);
  },

  async addresses(ctx) {
    const client = await ec2(ctx);
    const { Addresses = [] } = await client.send(new DescribeAddressesCommand({}));
    return Addresses.map((a) => ({
      ...blankToUndefined(a, ['AssociationId', 'InstanceId', 'NetworkInterfaceId', 'NetworkInterfaceOwnerId']),
      Region: ctx.region,
      Arn: ctx.arn('ec2', `elastic-ip/${a.AllocationId ?? a.PublicIp}`),
    }));
  },

  async volumes(ctx) {
    const client = await ec2(ctx);
    const volumes = await allPages(paginateDescribeVolumes({ client, pageSize: 500 }, {}), (p) => p.Volumes);
    return volumes.map((v) => ({ ...v, Region: ctx.region, Arn: ctx.arn('ec2', `volume/${v.VolumeId}`) }));
  },

  async vpcs(ctx) {
    const client = await ec2(ctx);
    const vpcs = await allPages(paginateDescribeVpcs({ client, ...PAGE }, {}), (p) => p.Vpcs);
    return vpcs.map((v) => ({ ...v, Region: ctx.region, Arn: ctx.arn('ec2', `vpc/${v.VpcId}`) }));
  },

  // Single-shot: DescribeKeyPairs has no pagination.
  async keyPairs(ctx) {
    const client = await ec2(ctx);
    const { KeyPairs = [] } = await client.send(new DescribeKeyPairsCommand({}));
    return KeyPairs.map((k) => ({
      ...blankToUndefined(k, ['KeyPairId', 'KeyType', 'CreateTime']),
      Region: ctx.region,
      // The IAM/ARN form of a key pair names it by KeyName, not KeyPairId.
      Arn: ctx.arn('ec2', `key-pair/${k.KeyName}`),
    }));
  },

  async subnets(ctx) {
    const client = await ec2(ctx);
    const subnets = await allPages(paginateDescribeSubnets({ client, ...PAGE }, {}), (p) => p.Subnets);
    return subnets.map((s) => ({ ...s, Region: ctx.region, Arn: s.SubnetArn || ctx.arn('ec2', `subnet/${s.SubnetId}`) }));
  },

  // Only the types this region's instances use (DescribeInstanceTypes takes at most 100 names a call).
  async instanceTypes(ctx) {
    const used = [...new Set((await ctx.get('ec2.instances')).flatMap((i) => (i.InstanceType ? [i.InstanceType] : [])))].sort();
    if (used.length === 0) return [];
    const client = await ec2(ctx);
    const batches = await Promise.all(
      chunks(used, 100).map((InstanceTypes) =>
        allPages(paginateDescribeInstanceTypes({ client }, { InstanceTypes: InstanceTypes as _InstanceType[] }), (p) => p.InstanceTypes),
      ),
    );
    return batches.flat().map((t) => ({
      ...t,
      InstanceType: t.InstanceType!,
      Region: ctx.region,
      Arn: ctx.arn('ec2', `instance-type/${t.InstanceType}`),
    }));
  },

  async natGateways(ctx) {
    const client = await ec2(ctx);
    const gateways = await allPages(
      paginateDescribeNatGateways({ client, ...PAGE }, { Filter: [{ Name: 'state', Values: ['available'] }] }),
      (p) => p.NatGateways,
    );
    return gateways.map((n) => ({ ...n, Region: ctx.region, Arn: ctx.arn('ec2', `natgateway/${n.NatGatewayId}`) }));
  },

  async routeTables(ctx) {
    const client = await ec2(ctx);
    const tables = await allPages(paginateDescribeRouteTables({ client, pageSize: 100 }, {}), (p) => p.RouteTables);
    return tables.map((t) => ({ ...t, Region: ctx.region, Arn: ctx.arn('ec2', `route-table/${t.RouteTableId}`) }));
  },
};
