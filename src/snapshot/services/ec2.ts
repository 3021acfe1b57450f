import { z } from 'zod';
import { dataset, date, item, optBool, optNum, optStr, str, tags } from '../dataset.js';

const ipPermission = z.looseObject({
  IpProtocol: optStr,
  FromPort: optNum,
  ToPort: optNum,
  IpRanges: z.array(z.looseObject({ CidrIp: optStr, Description: optStr })).nullish(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: optStr, Description: optStr })).nullish(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: optStr, Description: optStr })).nullish(),
  UserIdGroupPairs: z
    .array(z.looseObject({ GroupId: optStr, UserId: optStr, VpcPeeringConnectionId: optStr, Description: optStr }))
    .nullish(),
});
export type IpPermission = z.infer<typeof ipPermission>;

/**
 * Tag keys AWS (or a fleet manager) puts on the instances it launches and replaces: Auto Scaling, EKS node groups,
 * Karpenter, Spot and EC2 Fleet, EMR, Elastic Beanstalk. Such an instance is a fleet member.
 */
export const FLEET_MEMBER_TAG_KEYS = [
  'aws:autoscaling:groupName',
  'eks:nodegroup-name',
  'karpenter.sh/nodepool',
  'karpenter.sh/provisioner-name',
  'aws:ec2spot:fleet-request-id',
  'aws:ec2:fleet-id',
  'aws:elasticmapreduce:job-flow-id',
  'elasticbeanstalk:environment-name',
] as const;

/** A fleet member, in AWS terms: it carries a fleet manager's tag, or it is a Spot instance. */
export function isFleetMember(instance: { Tags?: { Key?: string | null }[] | null; InstanceLifecycle?: string | null }): boolean {
  return instance.InstanceLifecycle === 'spot' || (instance.Tags ?? []).some((t) => (FLEET_MEMBER_TAG_KEYS as readonly (string | null | undefined)[]).includes(t.Key));
}

export const ec2 = {
  instances: dataset({
    identity: { id: 'InstanceId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeInstances'],
    description: 'Instances that are not terminated (DescribeInstances, flattened from reservations).',
    schema: z.array(
      item({
        InstanceId: str,
        InstanceType: optStr,
        State: z.looseObject({ Name: optStr }).nullish(),
        IamInstanceProfile: z.looseObject({ Arn: optStr, Id: optStr }).nullish(),
        Tags: tags,
        LaunchTime: date,
        InstanceLifecycle: optStr,
        VpcId: optStr,
        SubnetId: optStr,
        KeyName: optStr,
        PublicIpAddress: optStr,
        Placement: z.looseObject({ AvailabilityZone: optStr, Tenancy: optStr }).nullish(),
        Monitoring: z.looseObject({ State: optStr }).nullish(),
        OwnerId: optStr,
        MaintenanceOptions: z.looseObject({ AutoRecovery: optStr }).nullish(),
        Platform: optStr,
        PlatformDetails: optStr,
        RootDeviceName: optStr,
        BlockDeviceMappings: z
          .array(
            z.looseObject({
              DeviceName: optStr,
              Ebs: z.looseObject({ VolumeId: optStr, AttachTime: date, DeleteOnTermination: optBool }).nullish(),
            }),
          )
          .nullish(),
      }),
    ),
  }),
  securityGroups: dataset({
    identity: { id: 'GroupId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeSecurityGroups'],
    description: 'Security groups with their ingress and egress permissions.',
    schema: z.array(
      item({
        GroupId: str,
        GroupName: optStr,
        VpcId: optStr,
        OwnerId: optStr,
        Description: optStr,
        IpPermissions: z.array(ipPermission).nullish(),
        IpPermissionsEgress: z.array(ipPermission).nullish(),
        Tags: tags,
      }),
    ),
  }),
  networkInterfaces: dataset({
    identity: { id: 'NetworkInterfaceId', tags: { field: 'TagSet' } },
    scope: 'regional',
    operations: ['ec2:DescribeNetworkInterfaces'],
    description: 'Elastic network interfaces: what each security group and Elastic IP is attached to.',
    schema: z.array(
      item({
        NetworkInterfaceId: str,
        VpcId: optStr,
        InterfaceType: optStr,
        Status: optStr,
        RequesterManaged: optBool,
        RequesterId: optStr,
        Description: optStr,
        Attachment: z.looseObject({ InstanceId: optStr, InstanceOwnerId: optStr, Status: optStr }).nullish(),
        Groups: z.array(z.looseObject({ GroupId: optStr, GroupName: optStr })).nullish(),
        /** The interface's addresses (route53-alias-over-cname matches A records against load balancer IPs). */
        PrivateIpAddress: optStr,
        PrivateIpAddresses: z
          .array(z.looseObject({ PrivateIpAddress: optStr, Association: z.looseObject({ PublicIp: optStr, AllocationId: optStr }).nullish() }))
          .nullish(),
        Association: z.looseObject({ PublicIp: optStr, AllocationId: optStr, IpOwnerId: optStr }).nullish(),
        Ipv6Addresses: z.array(z.looseObject({ Ipv6Address: optStr })).nullish(),
      }),
    ),
  }),
  managedPrefixLists: dataset({
    identity: { id: 'PrefixListId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'],
    dependsOn: ['ec2.securityGroups'],
    description: 'Managed prefix lists referenced by a security group, with their entries.',
    schema: z.array(
      item({
        PrefixListId: str,
        PrefixListName: optStr,
        OwnerId: optStr,
        Entries: z.array(z.looseObject({ Cidr: optStr, Description: optStr })).nullish(),
      }),
    ),
  }),
  networkAcls: dataset({
    identity: { id: 'NetworkAclId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeNetworkAcls'],
    description: 'Network ACLs with their entries and subnet associations.',
    schema: z.array(
      item({
        NetworkAclId: str,
        VpcId: optStr,
        IsDefault: optBool,
        Entries: z
          .array(
            z.looseObject({
              RuleNumber: optNum,
              Protocol: optStr,
              RuleAction: optStr,
              Egress: optBool,
              CidrBlock: optStr,
              Ipv6CidrBlock: optStr,
              PortRange: z.looseObject({ From: optNum, To: optNum }).nullish(),
            }),
          )
          .nullish(),
        Associations: z.array(z.looseObject({ SubnetId: optStr })).nullish(),
      }),
    ),
  }),
  instanceAttributes: dataset({
    identity: { id: 'InstanceId' },
    scope: 'regional',
    operations: ['ec2:DescribeInstanceAttribute'],
    dependsOn: ['ec2.instances'],
    description:
      'Termination protection and shutdown behaviour (DescribeInstanceAttribute disableApiTermination and ' +
      'instanceInitiatedShutdownBehavior) of running and stopped instances that are not fleet members (isFleetMember): ' +
      'a fleet replaces its instances, so their protection is not read.',
    schema: z.array(
      item({
        InstanceId: str,
        DisableApiTermination: z.looseObject({ Value: optBool }).nullish(),
        InstanceInitiatedShutdownBehavior: z.looseObject({ Value: optStr }).nullish(),
      }),
    ),
  }),
  accountAttributes: dataset({
    identity: { id: 'AttributeName' },
    scope: 'regional',
    operations: ['ec2:DescribeAccountAttributes'],
    description: 'EC2 account attributes (supported-platforms, default-vpc, legacy max-instances...), one item per attribute.',
    schema: z.array(
      item({
        AttributeName: str,
        AttributeValues: z.array(z.looseObject({ AttributeValue: optStr })).nullish(),
      }),
    ),
  }),
  reservedInstances: dataset({
    identity: { id: 'ReservedInstancesId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeReservedInstances'],
    description: 'Active reserved instances (DescribeReservedInstances, state=active).',
    schema: z.array(
      item({
        ReservedInstancesId: str,
        InstanceType: optStr,
        InstanceCount: optNum,
        Scope: optStr,
        AvailabilityZone: optStr,
        ProductDescription: optStr,
        InstanceTenancy: optStr,
        OfferingClass: optStr,
        OfferingType: optStr,
        State: optStr,
        Start: date,
        End: date,
        Tags: tags,
      }),
    ),
  }),
  launchTemplateVersions: dataset({
    identity: { id: (v) => v.LaunchTemplateName || v.LaunchTemplateId },
    scope: 'regional',
    operations: ['ec2:DescribeLaunchTemplateVersions'],
    dependsOn: ['autoscaling.groups'],
    description:
      'The launch template versions Auto Scaling groups launch from (LaunchTemplate or MixedInstancesPolicy), ' +
      'one item per group with the version it requests ($Default, $Latest or a number).',
    schema: z.array(
      item({
        AutoScalingGroupName: str,
        RequestedVersion: optStr,
        LaunchTemplateId: optStr,
        LaunchTemplateName: optStr,
        VersionNumber: optNum,
        DefaultVersion: optBool,
        LaunchTemplateData: z
          .looseObject({
            BlockDeviceMappings: z
              .array(
                z.looseObject({
                  DeviceName: optStr,
                  Ebs: z.looseObject({ DeleteOnTermination: optBool, VolumeSize: optNum, VolumeType: optStr, SnapshotId: optStr }).nullish(),
                }),
              )
              .nullish(),
            /** Detailed monitoring of the instances the template launches (absent = basic). */
            Monitoring: z.looseObject({ Enabled: optBool }).nullish(),
          })
          .nullish(),
      }),
    ),
  }),
  addresses: dataset({
    identity: { id: (a) => a.AllocationId || a.PublicIp, tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeAddresses'],
    description: 'Elastic IP addresses.',
    schema: z.array(
      item({
        PublicIp: optStr,
        AllocationId: optStr,
        AssociationId: optStr,
        InstanceId: optStr,
        NetworkInterfaceId: optStr,
        NetworkInterfaceOwnerId: optStr,
        Domain: optStr,
        PublicIpv4Pool: optStr,
        Tags: tags,
      }),
    ),
  }),
  volumes: dataset({
    identity: { id: 'VolumeId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeVolumes'],
    description: 'EBS volumes.',
    schema: z.array(
      item({
        VolumeId: str,
        State: optStr,
        Size: optNum,
        Tags: tags,
        Attachments: z.array(z.looseObject({ InstanceId: optStr, State: optStr })).nullish(),
      }),
    ),
  }),
  vpcs: dataset({
    identity: { id: 'VpcId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeVpcs'],
    description: 'VPCs.',
    schema: z.array(item({ VpcId: str, IsDefault: optBool, CidrBlock: optStr, OwnerId: optStr, Tags: tags })),
  }),
  keyPairs: dataset({
    identity: { id: (k) => k.KeyName || k.KeyPairId, tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeKeyPairs'],
    description: 'EC2 SSH key pairs (DescribeKeyPairs); CreateTime is absent for very old key pairs.',
    schema: z.array(
      item({ KeyPairId: optStr, KeyName: optStr, KeyType: optStr, KeyFingerprint: optStr, CreateTime: date, Tags: tags }),
    ),
  }),
  subnets: dataset({
    identity: { id: 'SubnetId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeSubnets'],
    description: 'Subnets with their VPC and Availability Zone.',
    schema: z.array(
      item({
        SubnetId: str,
        VpcId: optStr,
        AvailabilityZone: optStr,
        AvailabilityZoneId: optStr,
        CidrBlock: optStr,
        MapPublicIpOnLaunch: optBool,
        DefaultForAz: optBool,
        OwnerId: optStr,
        Tags: tags,
      }),
    ),
  }),
  instanceTypes: dataset({
    identity: { id: 'InstanceType' },
    scope: 'regional',
    operations: ['ec2:DescribeInstanceTypes'],
    dependsOn: ['ec2.instances'],
    description: 'Instance types in use by this region\'s instances (DescribeInstanceTypes): vCPUs, memory, bare metal.',
    schema: z.array(
      item({
        InstanceType: str,
        VCpuInfo: z.looseObject({ DefaultVCpus: optNum }).nullish(),
        MemoryInfo: z.looseObject({ SizeInMiB: optNum }).nullish(),
        BareMetal: optBool,
        CurrentGeneration: optBool,
      }),
    ),
  }),
  natGateways: dataset({
    identity: { id: 'NatGatewayId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeNatGateways'],
    description: 'NAT gateways that are available, with their subnet.',
    schema: z.array(
      item({
        NatGatewayId: str,
        SubnetId: optStr,
        VpcId: optStr,
        State: optStr,
        ConnectivityType: optStr,
        /** zonal (default) | regional. */
        AvailabilityMode: optStr,
        Tags: tags,
      }),
    ),
  }),
  routeTables: dataset({
    identity: { id: 'RouteTableId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['ec2:DescribeRouteTables'],
    description: 'Route tables with their routes and subnet associations (Main = the VPC default table).',
    schema: z.array(
      item({
        RouteTableId: str,
        VpcId: optStr,
        Routes: z
          .array(
            z.looseObject({
              DestinationCidrBlock: optStr,
              DestinationIpv6CidrBlock: optStr,
              DestinationPrefixListId: optStr,
              NatGatewayId: optStr,
              GatewayId: optStr,
              State: optStr,
            }),
          )
          .nullish(),
        Associations: z.array(z.looseObject({ SubnetId: optStr, Main: optBool, GatewayId: optStr })).nullish(),
        Tags: tags,
      }),
    ),
  }),
} as const;
