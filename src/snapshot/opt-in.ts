import { datasetDef } from './registry.js';
import type { OptIn } from './dataset.js';
import type { Config } from '../config/schema.js';

/** The opt-ins enabled by the flags (`--enable-cost-explorer`) or the config file (`enable: [cost-explorer]`). */
export function enabledOptIns(flags: { enableCostExplorer?: boolean }, config: Pick<Config, 'enable'>): OptIn[] {
  return [...new Set<OptIn>([...(flags.enableCostExplorer ? ['cost-explorer' as const] : []), ...(config.enable ?? [])])];
}

/** The datasets of `keys` that may be collected with these opt-ins enabled: opt-in datasets of other opt-ins drop out. */
export function enabledDatasets<K extends string>(keys: Iterable<K>, optIns: readonly OptIn[] = []): K[] {
  return [...keys].filter((k) => {
    const optIn = datasetDef(k).optIn;
    return !optIn || optIns.includes(optIn);
  });
}
