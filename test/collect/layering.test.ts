import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Datasets describe AWS, rules judge it: a collector that imported a rule's helper would collect
// differently whenever a rule changed how it judges. EventBridge's event-pattern matching is AWS's own
// documented semantics (what a rule's pattern matches), used by the collector to list targets only for
// rules that can match an RDS event; it is the one model module a collector may read.
const ALLOWED = new Set(['../../aws-model/eventbridge.js']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('collectors', () => {
  it('import nothing from rules or their helpers (src/aws-model)', () => {
    const bad: string[] = [];
    for (const file of sources('src/collect')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        if ((spec.includes('aws-model/') || spec.includes('/rules/')) && !ALLOWED.has(spec)) bad.push(`${file}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
