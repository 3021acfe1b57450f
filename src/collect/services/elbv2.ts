import {
  DescribeCapacityReservationCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks, perResource } from '../util.js';

const elbv2 = (ctx: CollectorContext) => ctx.client<ElasticLoadBalancingV2Client>('elbv2');
/** Deleted since it was listed (the SDK names the error; the wire code lacks "Exception"). */
const LB_GONE = ['LoadBalancerNotFoundException', 'LoadBalancerNotFound'];
const LISTENER_GONE = ['ListenerNotFoundException', 'ListenerNotFound'];
const TG_GONE = ['TargetGroupNotFoundException', 'TargetGroupNotFound'];

export const collectors: ServiceCollectors = {
  async loadBalancers(ctx) {
    const client = await elbv2(ctx);
    const lbs = await allPages(paginateDescribeLoadBalancers({ client, pageSize: 400 }, {}), (p) => p.LoadBalancers);
    return lbs.map((lb) => ({ ...lb, Region: ctx.region, Arn: lb.LoadBalancerArn! }));
  },

  // A load balancer deleted since the listing is skipped; another failure spoils that load balancer only.
  async listeners(ctx) {
    const client = await elbv2(ctx);
    const lbs = await ctx.get('elbv2.loadBalancers');
    const perLb = await Promise.all(
      lbs.map(async (lb) => {
        try {
          return await allPages(paginateDescribeListeners({ client, pageSize: 400 }, { LoadBalancerArn: lb.LoadBalancerArn }), (p) => p.Listeners);
        } catch (err) {
          if (!isNotConfigured(err, LB_GONE)) ctx.recordError(err, { region: ctx.region, resource: lb.LoadBalancerArn });
          return [];
        }
      }),
    );
    return perLb.flat().map((l) => ({ ...l, Region: ctx.region, Arn: l.ListenerArn! }));
  },

  // Rules matter only for plaintext HTTP listeners (a rule-level redirect to HTTPS); others are skipped.
  // A listener (or its load balancer) deleted since the listing is skipped. Another failure is recorded
  // against the listener's load balancer: that is where the verdict its rules decide is given.
  async listenerRules(ctx) {
    const client = await elbv2(ctx);
    const listeners = await ctx.get('elbv2.listeners');
    const perListener = await Promise.all(
      listeners
        .filter((l) => l.Protocol === 'HTTP')
        .map(async (l) => {
          try {
            return await allPages(paginateDescribeRules({ client, pageSize: 400 }, { ListenerArn: l.ListenerArn }), (p) =>
              (p.Rules ?? []).map((r) => ({ ...r, ListenerArn: l.ListenerArn })),
            );
          } catch (err) {
            if (!isNotConfigured(err, [...LISTENER_GONE, ...LB_GONE]))
              ctx.recordError(err, { region: ctx.region, resource: l.LoadBalancerArn });
            return [];
          }
        }),
    );
    return perListener.flat().map((r) => ({ ...r, Region: ctx.region, Arn: r.RuleArn! }));
  },

  async tags(ctx) {
    const client = await elbv2(ctx);
    const arns = (await ctx.get('elbv2.loadBalancers')).map((lb) => lb.LoadBalancerArn);
    const batches = await Promise.all(
      chunks(arns, 20).map((ResourceArns) => client.send(new DescribeTagsCommand({ ResourceArns }))),
    );
    return batches.flatMap((b) =>
      (b.TagDescriptions ?? []).map((t) => ({ ResourceArn: t.ResourceArn!, Tags: t.Tags ?? [], Region: ctx.region, Arn: t.ResourceArn! })),
    );
  },

  // Target groups deleted since the listing are left out of the answer; a failed batch spoils its groups only.
  async targetGroupTags(ctx) {
    const client = await elbv2(ctx);
    const arns = (await ctx.get('elbv2.targetGroups')).map((g) => g.TargetGroupArn);
    const batches = await Promise.all(
      chunks(arns, 20).map(async (ResourceArns) => {
        try {
          return (await client.send(new DescribeTagsCommand({ ResourceArns }))).TagDescriptions ?? [];
        } catch (err) {
          for (const resource of ResourceArns) ctx.recordError(err, { region: ctx.region, resource });
          return [];
        }
      }),
    );
    return batches.flat().map((t) => ({ ResourceArn: t.ResourceArn!, Tags: t.Tags ?? [], Region: ctx.region, Arn: t.ResourceArn! }));
  },

  // Only ALBs and NLBs take LCU reservations; a load balancer deleted since the listing is skipped.
  async capacityReservations(ctx) {
    const client = await elbv2(ctx);
    const lbs = (await ctx.get('elbv2.loadBalancers')).filter((lb) => lb.Type === 'application' || lb.Type === 'network');
    const out = await Promise.all(
      lbs.map(async (lb) => {
        try {
          const r = await client.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
          const { $metadata: _m, ...rest } = r;
          return { ...rest, LoadBalancerArn: lb.LoadBalancerArn, Region: ctx.region, Arn: lb.LoadBalancerArn };
        } catch (err) {
          if (isNotConfigured(err, LB_GONE)) return undefined;
          throw err;
        }
      }),
    );
    return out.filter((x) => x !== undefined);
  },

  // One call per load balancer / target group: a deleted one is skipped, another failure spoils that one only.
  async loadBalancerAttributes(ctx) {
    const client = await elbv2(ctx);
    return perResource(ctx, await ctx.get('elbv2.loadBalancers'), LB_GONE, async (lb) => {
      const r = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
      return { LoadBalancerArn: lb.LoadBalancerArn, Attributes: r.Attributes ?? [], Region: ctx.region, Arn: lb.LoadBalancerArn };
    });
  },

  async targetGroupAttributes(ctx) {
    const client = await elbv2(ctx);
    return perResource(ctx, await ctx.get('elbv2.targetGroups'), TG_GONE, async (tg) => {
      const r = await client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }));
      return { TargetGroupArn: tg.TargetGroupArn, Attributes: r.Attributes ?? [], Region: ctx.region, Arn: tg.TargetGroupArn };
    });
  },

  async targetGroups(ctx) {
    const client = await elbv2(ctx);
    const groups = await allPages(paginateDescribeTargetGroups({ client, pageSize: 400 }, {}), (p) => p.TargetGroups);
    return groups.map((g) => ({ ...g, Region: ctx.region, Arn: g.TargetGroupArn! }));
  },
};
