import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { ServiceCollectors } from '../types.js';
import { allPages, withoutMetadata } from '../util.js';

export const collectors: ServiceCollectors = {
  // No detector (an empty list) means GuardDuty is off in the region.
  async detectors(ctx) {
    const client = await ctx.client<GuardDutyClient>('guardduty');
    const ids = await allPages(paginateListDetectors({ client, pageSize: 50 }, {}), (p) => p.DetectorIds);
    return Promise.all(
      ids.map(async (DetectorId) => {
        const detector = withoutMetadata(await client.send(new GetDetectorCommand({ DetectorId })));
        return { ...detector, DetectorId, Region: ctx.region, Arn: ctx.arn('guardduty', `detector/${DetectorId}`) };
      }),
    );
  },
};
