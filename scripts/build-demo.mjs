// Builds fixtures/snapshots/demo.json from the partial snapshots in fixtures/demo/*.json: the demo
// account is assembled from per-area fragments so each area's resources sit next to each other.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../fixtures/demo/', import.meta.url);
const snapshot = {
  schemaVersion: 1,
  meta: {
    accountId: '111122223333',
    partition: 'aws',
    regions: ['eu-west-1', 'us-east-1'],
    globalRegion: 'us-east-1',
    collectedAt: '2026-11-01T09:00:00.000Z',
    toolVersion: 'demo',
    principal: 'arn:aws:sts::111122223333:assumed-role/SecurityAudit/demo',
  },
};
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const part = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  for (const [service, datasets] of Object.entries(part)) {
    const slice = (snapshot[service] ??= { errors: [] });
    for (const [name, value] of Object.entries(datasets)) {
      if (Array.isArray(value) && Array.isArray(slice[name]) && name !== 'errors') slice[name].push(...value);
      else if (name === 'errors') slice.errors.push(...value);
      else slice[name] = value;
    }
  }
}
writeFileSync(new URL('../fixtures/snapshots/demo.json', import.meta.url), `${JSON.stringify(snapshot, null, 1)}\n`);
console.log('fixtures/snapshots/demo.json written');
