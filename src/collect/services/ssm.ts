import { SSMClient, paginateDescribeInstanceInformation, paginateListAssociations } from '@aws-sdk/client-ssm';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages } from '../util.js';

const ssm = (ctx: CollectorContext) => ctx.client<SSMClient>('ssm');

export const collectors: ServiceCollectors = {
  async instanceInformation(ctx) {
    const client = await ssm(ctx);
    // MaxResults is 5..50 for this call.
    const nodes = await allPages(paginateDescribeInstanceInformation({ client, pageSize: 50 }, {}), (p) => p.InstanceInformationList);
    return nodes
      .filter((n) => n.InstanceId)
      .map((n) => ({
        ...n,
        InstanceId: n.InstanceId!,
        Region: ctx.region,
        // EC2 nodes are named by their instance ARN; hybrid nodes (mi-...) are SSM resources.
        Arn:
          n.ResourceType === 'ManagedInstance' || n.InstanceId!.startsWith('mi-')
            ? ctx.arn('ssm', `managed-instance/${n.InstanceId}`)
            : ctx.arn('ec2', `instance/${n.InstanceId}`),
      }));
  },

  async associations(ctx) {
    const client = await ssm(ctx);
    const list = await allPages(paginateListAssociations({ client, pageSize: 50 }, {}), (p) => p.Associations);
    return list
      .filter((a) => a.AssociationId)
      .map((a) => ({ ...a, AssociationId: a.AssociationId!, Region: ctx.region, Arn: ctx.arn('ssm', `association/${a.AssociationId}`) }));
  },
};
