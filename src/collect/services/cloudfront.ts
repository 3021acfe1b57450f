import { CloudFrontClient, ListTagsForResourceCommand, paginateListDistributions } from '@aws-sdk/client-cloudfront';
import type { ServiceCollectors } from '../types.js';
import { allPages, perResource } from '../util.js';

export const collectors: ServiceCollectors = {
  async distributions(ctx) {
    const client = await ctx.client<CloudFrontClient>('cloudfront');
    const dists = await allPages(paginateListDistributions({ client, pageSize: 100 }, {}), (p) => p.DistributionList?.Items);
    return dists.map((d) => ({
      Id: d.Id!,
      ARN: d.ARN,
      DomainName: d.DomainName,
      Status: d.Status,
      Enabled: d.Enabled,
      Staging: d.Staging,
      Comment: d.Comment,
      WebACLId: d.WebACLId,
      PriceClass: d.PriceClass,
      Aliases: d.Aliases,
      Origins: d.Origins && {
        Quantity: d.Origins.Quantity,
        Items: (d.Origins.Items ?? []).map(({ CustomHeaders: _secret, ...o }) => o),
      },
      Region: 'global',
      Arn: d.ARN ?? ctx.arn('cloudfront', `distribution/${d.Id}`, ''),
    }));
  },

  // One call per distribution. One deleted since the listing is left out; another failure spoils that
  // distribution's tags only.
  async distributionTags(ctx) {
    const client = await ctx.client<CloudFrontClient>('cloudfront');
    return perResource(ctx, await ctx.get('cloudfront.distributions'), ['NoSuchResource', 'NoSuchDistribution'], async (d) => {
      const { Tags } = await client.send(new ListTagsForResourceCommand({ Resource: d.Arn }));
      return { Id: d.Id, Tags: Tags?.Items ?? [], Region: 'global', Arn: d.Arn };
    });
  },
};
