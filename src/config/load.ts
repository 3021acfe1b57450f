import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError, errorMessage, zodLine } from '../errors.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = '.aws-tips.yml';

export function emptyConfig(): Config {
  return configSchema.parse({});
}

/** Reads and validates a config file. Rule options are checked later, against each rule's own schema. */
export function loadConfig(file: string | undefined): { config: Config; file?: string } {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!path) return { config: emptyConfig() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${path}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw new UsageError(`invalid config ${path}: ${errorMessage(err).split('\n')[0]}`);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`invalid config ${path}: ${zodLine(parsed.error)}`);
  return { config: parsed.data, file: path };
}
