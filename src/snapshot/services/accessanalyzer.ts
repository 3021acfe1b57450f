import { z } from 'zod';
import { dataset, date, item, optStr } from '../dataset.js';

export const accessanalyzer = {
  analyzers: dataset({
    identity: { id: 'name', tags: { field: 'tags' } },
    scope: 'regional',
    operations: ['access-analyzer:ListAnalyzers'],
    description: 'IAM Access Analyzer analyzers of the region, of every type, with their status (ListAnalyzers).',
    schema: z.array(
      item({
        arn: optStr,
        name: optStr,
        type: optStr,
        status: optStr,
        createdAt: date,
        lastResourceAnalyzedAt: date,
        statusReason: z.looseObject({ code: optStr }).nullish(),
        tags: z.record(z.string(), z.string()).nullish(),
      }),
    ),
  }),
} as const;
