import { GetDetectorCommand, GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { describeAwsError } from '../errors.js';
import type { ServiceCollectors } from '../types.js';
import { allPages, withoutMetadata } from '../util.js';

/** GetDetector on a detector deleted since ListDetectors (GuardDuty has no NotFound code for it). */
function isGone(err: unknown): boolean {
  const { code, message } = describeAwsError(err);
  return code === 'BadRequestException' && /detectorId is not owned by the current account/i.test(message);
}

export const collectors: ServiceCollectors = {
  // No detector (an empty list) means GuardDuty is off in the region. A detector deleted since the
  // listing is gone (GuardDuty is then off). Any other GetDetector failure fails the region: an account
  // has at most one detector per region, so the region's GuardDuty verdict rests on it, and an error
  // scoped to the detector's ARN would let that verdict read "not enabled".
  async detectors(ctx) {
    const client = await ctx.client<GuardDutyClient>('guardduty');
    const ids = await allPages(paginateListDetectors({ client, pageSize: 50 }, {}), (p) => p.DetectorIds);
    const detectors = await Promise.all(
      ids.map(async (DetectorId) => {
        try {
          const detector = withoutMetadata(await client.send(new GetDetectorCommand({ DetectorId })));
          return { ...detector, DetectorId, Region: ctx.region, Arn: ctx.arn('guardduty', `detector/${DetectorId}`) };
        } catch (err) {
          if (isGone(err)) return undefined;
          throw err;
        }
      }),
    );
    return detectors.filter((d) => d !== undefined);
  },
};
