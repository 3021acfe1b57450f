import { z } from 'zod';
import { dataset, item, optBool, optNum, optStr, str, tags } from '../dataset.js';

const list = <T extends z.ZodType>(of: T) => z.looseObject({ Quantity: optNum, Items: z.array(of).nullish() }).nullish();

export const cloudfront = {
  distributions: dataset({
    identity: { id: 'Id', tags: { dataset: 'cloudfront.distributionTags' } },
    scope: 'global',
    operations: ['cloudfront:ListDistributions'],
    description:
      'CloudFront distributions: domain, alternate domain names, enabled, and origins (CustomHeaders dropped: they ' +
      'often carry origin-verification secrets).',
    schema: z.array(
      item({
        Id: str,
        ARN: optStr,
        DomainName: optStr,
        Status: optStr,
        Enabled: optBool,
        Staging: optBool,
        Comment: optStr,
        WebACLId: optStr,
        PriceClass: optStr,
        Aliases: list(z.string()),
        Origins: list(
          z.looseObject({
            Id: optStr,
            DomainName: optStr,
            OriginPath: optStr,
            S3OriginConfig: z.looseObject({ OriginAccessIdentity: optStr }).nullish(),
            CustomOriginConfig: z.looseObject({ OriginProtocolPolicy: optStr }).nullish(),
            OriginAccessControlId: optStr,
          }),
        ),
      }),
    ),
  }),
  distributionTags: dataset({
    identity: { id: 'Id', tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['cloudfront:ListTagsForResource'],
    dependsOn: ['cloudfront.distributions'],
    description: 'Tags of every distribution (ListTagsForResource, one call each); collected only for suppressions by tag.',
    schema: z.array(item({ Id: str, Tags: tags })),
  }),
} as const;
