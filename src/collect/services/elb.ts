import {
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks } from '../util.js';

const elb = (ctx: CollectorContext) => ctx.client<ElasticLoadBalancingClient>('elb');

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
