import { ClientFactory } from '../../src/aws/clients.js';
import { allOperations } from '../../src/aws/operations.js';
import { collect } from '../../src/collect/index.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { snapshotSchema } from '../../src/snapshot/schema.js';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2026-11-01T12:00:00Z');

/** A client factory with fixed test credentials, no retries, every declared operation allowed. */
export function testFactory(extra: { endpointUrl?: string; maxAttempts?: number } = {}): ClientFactory {
  return new ClientFactory({
    allowedOperations: allOperations(),
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: extra.maxAttempts ?? 1,
    ...(extra.endpointUrl ? { endpointUrl: extra.endpointUrl } : {}),
  });
}

/**
 * Runs the real collect() for some datasets (mock the SDK clients with aws-sdk-client-mock first)
 * and checks the result against the snapshot schema.
 */
export async function collectWith(
  keys: string[],
  opts: { regions?: string[]; factory?: ClientFactory } = {},
): Promise<Snapshot> {
  const factory = opts.factory ?? testFactory();
  const snapshot = await collect(keys, {
    factory,
    regions: opts.regions ?? ['us-east-1'],
    globalRegion: 'us-east-1',
    accountId: ACCOUNT,
    partition: 'aws',
    toolVersion: 'test',
    now: NOW,
  });
  const parsed = snapshotSchema.safeParse(snapshot);
  if (!parsed.success) throw new Error(`collected snapshot is invalid: ${JSON.stringify(parsed.error.issues[0])}`);
  return snapshot;
}

/** An SDK-shaped service error, as aws-sdk-client-mock's rejects() needs it. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}
