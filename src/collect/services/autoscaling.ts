import { AutoScalingClient, paginateDescribeAutoScalingGroups, paginateDescribePolicies } from '@aws-sdk/client-auto-scaling';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined } from '../util.js';

const autoscaling = (ctx: CollectorContext) => ctx.client<AutoScalingClient>('autoscaling');

export const collectors: ServiceCollectors = {
  async groups(ctx) {
    const client = await autoscaling(ctx);
    const groups = await allPages(
      paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {}),
      (p) => p.AutoScalingGroups,
    );
    return groups.map((g) => ({
      ...blankToUndefined(g, ['VPCZoneIdentifier', 'HealthCheckType', 'LaunchConfigurationName']),
      Region: ctx.region,
      Arn:
        g.AutoScalingGroupARN ||
        ctx.arn('autoscaling', `autoScalingGroup:*:autoScalingGroupName/${g.AutoScalingGroupName}`),
    }));
  },

  async policies(ctx) {
    const client = await autoscaling(ctx);
    // DescribePolicies returns at most 50 records a page.
    const policies = await allPages(paginateDescribePolicies({ client, pageSize: 50 }, {}), (p) => p.ScalingPolicies);
    return policies.map((p) => ({
      ...blankToUndefined(p, ['PolicyType', 'AdjustmentType']),
      Region: ctx.region,
      Arn: p.PolicyARN!,
    }));
  },
};
