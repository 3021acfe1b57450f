import { z } from 'zod';
import { arnResourceId } from '../../resource.js';
import { dataset, date, item, optStr } from '../dataset.js';

export const ssoadmin = {
  instances: dataset({
    identity: { id: (i) => i.Name || arnResourceId(String(i.Arn)) },
    scope: 'regional',
    operations: ['sso:ListInstances'],
    description:
      'IAM Identity Center instances visible from this region (ListInstances): only the home region of an ' +
      "instance owned by or delegated to this account lists it, so other regions answer none.",
    schema: z.array(
      item({
        InstanceArn: optStr,
        IdentityStoreId: optStr,
        OwnerAccountId: optStr,
        Name: optStr,
        Status: optStr,
        CreatedDate: date,
      }),
    ),
  }),
} as const;
