import type { Snapshot, Slice } from '../snapshot/schema.js';
import { escapeControl } from '../report/text.js';

/**
 * What `collect` says on stderr once the snapshot is written: the file, its size, the account, regions and
 * datasets, then one line per dataset and region that could not be collected (a failure on single resources
 * counts them). Returns the lines and whether something is missing (exit 3 unless --allow-incomplete).
 */
export function collectSummary(snapshot: Snapshot, file: string, bytes: number, rules: number): { lines: string[]; missing: number } {
  const datasets: string[] = [];
  const failed = new Map<string, { operation: string; code: string; resources: number; region: boolean }>();
  for (const [service, value] of Object.entries(snapshot)) {
    if (service === 'meta' || service === 'schemaVersion' || !value || typeof value !== 'object') continue;
    const slice = value as Slice;
    for (const name of Object.keys(slice)) if (name !== 'errors') datasets.push(`${service}.${name}`);
    for (const e of slice.errors ?? []) {
      const key = `${e.dataset} in ${e.region}`;
      const seen = failed.get(key) ?? { operation: e.operation, code: e.code, resources: 0, region: false };
      if (e.resource) seen.resources += 1;
      else seen.region = true;
      failed.set(key, seen);
    }
  }
  const size = bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  const m = snapshot.meta;
  const lines = [
    `wrote ${escapeControl(file)} (${size}): account ${escapeControl(m.accountId)}, ${m.regions.length} region(s) (${m.regions.map(escapeControl).join(', ')}), ${datasets.length} dataset(s) for ${rules} rule(s)`,
  ];
  for (const [key, f] of [...failed].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`not collected: ${escapeControl(key)}: ${escapeControl(f.operation)} ${escapeControl(f.code)}${f.region ? '' : ` (${f.resources} resource(s))`}`);
  if (failed.size) lines.push(`${failed.size} dataset/region part(s) not collected: auditing this snapshot reports them as not checked`);
  return { lines, missing: failed.size };
}
