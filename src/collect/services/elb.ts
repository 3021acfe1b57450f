import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks, perResource } from '../util.js';

const elb = (ctx: CollectorContext) => ctx.client<ElasticLoadBalancingClient>('elb');
/** Deleted since it was listed. */
const LB_GONE = ['LoadBalancerNotFound', 'AccessPointNotFound', 'AccessPointNotFoundException'];

export const collectors: ServiceCollectors = {
  async loadBalancers(ctx) {
    const client = await elb(ctx);
    const lbs = await allPages(paginateDescribeLoadBalancers({ client, pageSize: 400 }, {}), (p) => p.LoadBalancerDescriptions);
    return lbs.map((lb) => ({
      ...lb,
      LoadBalancerName: lb.LoadBalancerName!,
      Region: ctx.region,
      Arn: ctx.arn('elasticloadbalancing', `loadbalancer/${lb.LoadBalancerName}`),
    }));
  },

  // One call per load balancer: a deleted one is skipped, another failure spoils that one only.
  async loadBalancerAttributes(ctx) {
    const client = await elb(ctx);
    return perResource(ctx, await ctx.get('elb.loadBalancers'), LB_GONE, async (lb) => {
      const r = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: lb.LoadBalancerName }));
      const a = r.LoadBalancerAttributes ?? {};
      return {
        LoadBalancerName: lb.LoadBalancerName,
        CrossZoneLoadBalancing: a.CrossZoneLoadBalancing,
        ConnectionDraining: a.ConnectionDraining,
        Region: ctx.region,
        Arn: lb.Arn,
      };
    });
  },

  async tags(ctx) {
    const client = await elb(ctx);
    const names = (await ctx.get('elb.loadBalancers')).map((lb) => lb.LoadBalancerName);
    const batches = await Promise.all(
      chunks(names, 20).map((LoadBalancerNames) => client.send(new DescribeTagsCommand({ LoadBalancerNames }))),
    );
    return batches.flatMap((b) =>
      (b.TagDescriptions ?? []).map((t) => ({
        LoadBalancerName: t.LoadBalancerName!,
        Tags: t.Tags ?? [],
        Region: ctx.region,
        Arn: ctx.arn('elasticloadbalancing', `loadbalancer/${t.LoadBalancerName}`),
      })),
    );
  },
};
