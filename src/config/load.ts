import { existsSync, readFileSync } from 'node:fs';
import type { ScalarTag, Tags } from 'yaml';
import { UsageError, errorMessage, formatPath, zodLine } from '../errors.js';
import { configSchema, prototypeKeyPath, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = '.aws-tips.yml';

export function emptyConfig(): Config {
  return configSchema.parse({});
}

/**
 * YAML 1.1 timestamps (`%YAML 1.1`) stay the text written instead of becoming a Date: `expires` is a
 * calendar day, and a Date of `2027-01-31T23:00:00-05:00` is already 1 February. The schema then accepts
 * YYYY-MM-DD and refuses anything with a time or zone.
 */
const timestampsAsText = (tags: Tags): Tags =>
  tags.map((t) => (typeof t === 'object' && t.tag === 'tag:yaml.org,2002:timestamp' && !t.collection ? ({ ...t, resolve: (s: string) => s } as ScalarTag) : t));

/**
 * Reads and validates a config file. Rule options are checked later, against each rule's own schema. The YAML parser
 * loads only when there is a file to parse (an audit without one starts ~25 ms sooner).
 */
export async function loadConfig(file: string | undefined): Promise<{ config: Config; file?: string }> {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!path) return { config: emptyConfig() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  const { parse: parseYaml } = await import('./yaml.js');
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100, customTags: timestampsAsText }) ?? {};
  } catch (err) {
    throw new UsageError(`invalid config ${path}: ${errorMessage(err).split('\n')[0]}`);
  }
  // Before the schema: a record parse would silently drop a __proto__ key, and rule options are only
  // parsed later, against each rule's schema.
  const proto = prototypeKeyPath(data);
  if (proto) throw new UsageError(`invalid config ${path}: ${formatPath(proto.path)}: ${proto.message}`);
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`invalid config ${path}: ${zodLine(parsed.error)}`);
  return { config: parsed.data, file: path };
}
