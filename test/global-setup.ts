// Starts shared test services (moto) once for the whole run; see test/support/.
import { existsSync } from 'node:fs';

export default async function setup(): Promise<void | (() => Promise<void>)> {
  const path = new URL('./support/moto-global.ts', import.meta.url);
  if (!existsSync(path)) return;
  const mod = (await import(path.href)) as { default: () => Promise<void | (() => Promise<void>)> };
  return mod.default();
}
