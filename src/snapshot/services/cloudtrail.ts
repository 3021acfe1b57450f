import { z } from 'zod';
import { dataset, date, item, optBool, optStr, str, tags } from '../dataset.js';

const fieldSelector = z.looseObject({
  Field: optStr,
  Equals: z.array(z.string()).nullish(),
  NotEquals: z.array(z.string()).nullish(),
  StartsWith: z.array(z.string()).nullish(),
});

export const cloudtrail = {
  trails: dataset({
    identity: { id: 'Name', tags: { dataset: 'cloudtrail.trailTags' } },
    scope: 'global',
    operations: [
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:GetEventSelectors',
      's3:GetBucketVersioning',
    ],
    description:
      'Trails, deduplicated across regions by TrailARN, with status and event selectors from the home region, ' +
      'and the versioning of their S3 bucket (BucketVersioning null, with a note, when it could not be read). ' +
      'Status null: the trail could not be read (a collection error names it).',
    schema: z.array(
      item({
        Name: optStr,
        TrailARN: str,
        HomeRegion: optStr,
        IsMultiRegionTrail: optBool,
        IsOrganizationTrail: optBool,
        S3BucketName: optStr,
        LogFileValidationEnabled: optBool,
        IncludeGlobalServiceEvents: optBool,
        KmsKeyId: optStr,
        Status: z.looseObject({ IsLogging: optBool, LatestDeliveryError: optStr, LatestDeliveryTime: date }).nullish(),
        EventSelectors: z
          .array(
            z.looseObject({
              ReadWriteType: optStr,
              IncludeManagementEvents: optBool,
              ExcludeManagementEventSources: z.array(z.string()).nullish(),
            }),
          )
          .nullish(),
        AdvancedEventSelectors: z
          .array(z.looseObject({ Name: optStr, FieldSelectors: z.array(fieldSelector).nullish() }))
          .nullish(),
        BucketVersioning: z.looseObject({ Status: optStr, MFADelete: optStr }).nullish(),
        /** Why a part could not be read (e.g. the bucket is in another account). */
        Notes: z.array(z.string()).nullish(),
      }),
    ),
  }),
  eventDataStores: dataset({
    identity: { id: 'Name' },
    scope: 'regional',
    operations: ['cloudtrail:ListEventDataStores', 'cloudtrail:GetEventDataStore'],
    description:
      'CloudTrail Lake event data stores of each region (ListEventDataStores), each read with GetEventDataStore for ' +
      'its Status, MultiRegionEnabled, OrganizationEnabled and AdvancedEventSelectors (the listing\'s copies of these ' +
      'fields are deprecated). A store whose GetEventDataStore failed is left out, with a collection error naming it.',
    schema: z.array(
      item({
        EventDataStoreArn: str,
        Name: optStr,
        Status: optStr,
        MultiRegionEnabled: optBool,
        OrganizationEnabled: optBool,
        AdvancedEventSelectors: z
          .array(z.looseObject({ Name: optStr, FieldSelectors: z.array(fieldSelector).nullish() }))
          .nullish(),
      }),
    ),
  }),
  trailTags: dataset({
    identity: { id: (t) => String(t.TrailARN).split('/').pop(), tags: { field: 'Tags' } },
    scope: 'global',
    operations: ['cloudtrail:ListTags'],
    dependsOn: ['cloudtrail.trails'],
    description:
      "Tags of every trail (ListTags in the trail's home region, 20 ARNs a call); collected only for suppressions by tag.",
    schema: z.array(item({ TrailARN: str, Tags: tags })),
  }),
} as const;
