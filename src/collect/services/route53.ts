import {
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  paginateListHostedZones,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import { isAccessDenied, isNotConfigured } from '../errors.js';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, chunks } from '../util.js';

const route53 = (ctx: CollectorContext) => ctx.client<Route53Client>('route53');

/** "/hostedzone/Z123" -> "Z123" */
export const shortZoneId = (id: string) => id.replace(/^\/?hostedzone\//, '');
const zoneArn = (partition: string, id: string) => `arn:${partition}:route53:::hostedzone/${shortZoneId(id)}`;

/** ListResourceRecordSets has no SDK paginator: follow NextRecordName/Type/Identifier while IsTruncated. */
export async function listRecordSets(client: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const out: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: RRType; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...start }));
    out.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return out;
    if (!page.NextRecordName) throw new Error(`ListResourceRecordSets for ${zoneId} is truncated without NextRecordName`);
    start = {
      StartRecordName: page.NextRecordName,
      ...(page.NextRecordType ? { StartRecordType: page.NextRecordType } : {}),
      ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
    };
  }
}

export const collectors: ServiceCollectors = {
  async hostedZones(ctx) {
    const client = await route53(ctx);
    const zones = await allPages(paginateListHostedZones({ client, pageSize: 100 }, {}), (p) => p.HostedZones);
    return zones.map((z) => ({ ...z, Id: z.Id!, Name: z.Name!, Region: 'global', Arn: zoneArn(ctx.partition, z.Id!) }));
  },

  // ListTagsForResources takes at most 10 zones a call. A failed call spoils the tags of its zones only.
  async hostedZoneTags(ctx) {
    const client = await route53(ctx);
    const zones = await ctx.get('route53.hostedZones');
    const out = await Promise.all(
      chunks(zones, 10).map(async (batch) => {
        try {
          const { ResourceTagSets = [] } = await client.send(
            new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: batch.map((z) => shortZoneId(z.Id)) }),
          );
          const tags = new Map(ResourceTagSets.map((s) => [shortZoneId(s.ResourceId ?? ''), s.Tags ?? []]));
          return batch.filter((z) => tags.has(shortZoneId(z.Id))).map((z) => ({ Id: z.Id, Tags: tags.get(shortZoneId(z.Id))!, Region: 'global', Arn: z.Arn }));
        } catch (err) {
          for (const z of batch) ctx.recordError(err, { resource: z.Arn });
          return [];
        }
      }),
    );
    return out.flat();
  },

  // One listing per zone, concurrently (the client factory caps Route 53 at 5 in flight).
  async recordSets(ctx) {
    const client = await route53(ctx);
    const zones = await ctx.get('route53.hostedZones');
    const perZone = await Promise.all(
      zones.map(async (z) => {
        const id = shortZoneId(z.Id);
        try {
          const records = await listRecordSets(client, id);
          return records.map(({ Region: latencyRegion, ...r }) => ({
            ...r,
            Name: r.Name!,
            Type: r.Type!,
            ...(latencyRegion ? { LatencyRegion: latencyRegion } : {}),
            HostedZoneId: id,
            ZoneName: z.Name,
            PrivateZone: z.Config?.PrivateZone === true,
            Region: 'global',
            Arn: `${zoneArn(ctx.partition, id)}/recordset/${r.Name}/${r.Type}${r.SetIdentifier ? `/${r.SetIdentifier}` : ''}`,
          }));
        } catch (err) {
          // Denied everywhere is one failure of the dataset; a zone deleted meanwhile is gone; others spoil that zone.
          if (isAccessDenied(err)) throw err;
          if (isNotConfigured(err, ['NoSuchHostedZone'])) return [];
          ctx.recordError(err, { region: 'global', resource: z.Arn });
          return [];
        }
      }),
    );
    return perZone.flat();
  },
};
