import pLimit, { type LimitFunction } from 'p-limit';
import { UsageError, registerSecrets } from '../errors.js';
import { SDK_SERVICES, type SdkClient, type SdkServiceKey, type ServiceInfo } from './services.js';

/** The tool never changes an account: only these verbs may leave it (plus GenerateCredentialReport). */
const READ_VERBS = /^(Describe|List|Get)[A-Z]/;
const WRITE_EXCEPTIONS = new Set(['iam:GenerateCredentialReport']);

export class ReadOnlyViolation extends Error {
  constructor(operation: string, why: string) {
    super(`refused to send ${operation}: ${why} (aws-tips is read-only)`);
    this.name = 'ReadOnlyViolation';
  }
}

/**
 * Refuses anything but a read verb, and anything not declared by a dataset. `allowed` holds
 * "prefix:Operation" strings; the same list produces the IAM policy, so the two cannot drift.
 */
export function assertAllowed(operation: string, allowed: ReadonlySet<string>): void {
  const op = operation.slice(operation.indexOf(':') + 1);
  if (!READ_VERBS.test(op) && !WRITE_EXCEPTIONS.has(operation)) throw new ReadOnlyViolation(operation, 'not a read-only verb');
  if (!allowed.has(operation)) throw new ReadOnlyViolation(operation, 'not declared by any dataset');
}

export interface OperationStats {
  calls: number;
  attempts: number;
  throttles: number;
  errors: number;
  bytes: number;
}

export class CallStats {
  readonly byOperation = new Map<string, OperationStats>();
  entry(op: string): OperationStats {
    let e = this.byOperation.get(op);
    if (!e) this.byOperation.set(op, (e = { calls: 0, attempts: 0, throttles: 0, errors: 0, bytes: 0 }));
    return e;
  }
  /** Every operation that reached the network, for the read-only and least-privilege tests. */
  operations(): string[] {
    return [...this.byOperation.keys()].sort();
  }
}

export interface ClientFactoryOptions {
  profile?: string;
  endpointUrl?: string;
  timeoutSeconds?: number;
  maxAttempts?: number;
  maxConcurrency?: number;
  allowedOperations: ReadonlySet<string>;
  /** For tests: a fixed credential provider instead of the default chain. */
  credentials?: unknown;
}

/** The SDK's standard variable: lowers (or raises) the retry budget without a flag; 1..20. */
export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.AWS_MAX_ATTEMPTS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError(`AWS_MAX_ATTEMPTS: expected a whole number from 1 to 20, got "${raw}"`);
  return n;
}

const THROTTLE_CODES = /Throttl|RequestLimitExceeded|SlowDown|TooManyRequests|RequestThrottled|PriorRequestNotComplete/;

export class ClientFactory {
  readonly stats = new CallStats();
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly global: LimitFunction;
  private readonly perService = new Map<string, LimitFunction>();
  private credentials: unknown;

  /** Attempts per call (first try + retries): --max-attempts, else AWS_MAX_ATTEMPTS, else 8. */
  readonly maxAttempts: number;

  constructor(private readonly opts: ClientFactoryOptions) {
    this.global = pLimit(opts.maxConcurrency ?? 48);
    this.maxAttempts = opts.maxAttempts ?? maxAttemptsFromEnv() ?? 8;
    registerSecrets(process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN);
  }

  private async credentialProvider(): Promise<unknown> {
    if (this.opts.credentials) return this.opts.credentials;
    if (!this.credentials) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      const chain = fromNodeProviderChain(this.opts.profile ? { profile: this.opts.profile } : {});
      // Whatever the chain resolves is registered for redaction before any request can fail.
      this.credentials = async (options?: unknown) => {
        const c = await chain(options as never);
        registerSecrets(c.accessKeyId, c.secretAccessKey, c.sessionToken);
        return c;
      };
    }
    return this.credentials;
  }

  /** One client per service and region, created on first use. */
  client<T = SdkClient>(service: SdkServiceKey, region: string): Promise<T> {
    const key = `${service}@${region}`;
    let p = this.clients.get(key);
    if (!p) this.clients.set(key, (p = this.create(service, region)));
    return p as Promise<T>;
  }

  private async create(service: SdkServiceKey, region: string): Promise<SdkClient> {
    const info: ServiceInfo = SDK_SERVICES[service];
    const Client = await info.load();
    const timeoutMs = (this.opts.timeoutSeconds ?? 30) * 1000;
    const client = new Client({
      region,
      credentials: await this.credentialProvider(),
      retryMode: 'adaptive',
      maxAttempts: this.maxAttempts,
      // throwOnRequestTimeout: without it the handler only logs when requestTimeout passes, and a hung call never ends.
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000), throwOnRequestTimeout: true },
      ...(this.opts.endpointUrl ? { endpoint: this.opts.endpointUrl } : {}),
      ...(service === 's3' ? { followRegionRedirects: true, forcePathStyle: !!this.opts.endpointUrl } : {}),
    });
    const limit = this.serviceLimit(service, info.maxConcurrency);
    const stats = this.stats;
    const allowed = this.opts.allowedOperations;
    const prefix = info.iamPrefix;
    const global = this.global;
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const operation = `${prefix}:${(context.commandName ?? '').replace(/Command$/, '')}`;
        assertAllowed(operation, allowed);
        const entry = stats.entry(operation);
        entry.calls += 1;
        try {
          return await next(args);
        } catch (err) {
          entry.errors += 1;
          // Name the operation on the error: collection errors say which call (and permission) failed.
          if (err && typeof err === 'object') (err as { $operation?: string }).$operation ??= operation;
          throw err;
        }
      },
      { step: 'initialize', name: 'awsTipsReadOnlyGuard', priority: 'high' },
    );
    // Inside the retry loop: each attempt takes a concurrency slot only while it is on the wire (a call backing off
    // after a throttle holds none, so one throttled service cannot park every slot); counts attempts, throttles, bytes.
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const entry = stats.entry(`${prefix}:${(context.commandName ?? '').replace(/Command$/, '')}`);
          entry.attempts += 1;
          try {
            const out = await limit(() => global(() => next(args)));
            entry.bytes += Number(out.response?.headers?.['content-length'] ?? 0) || 0;
            return out;
          } catch (err) {
            const e = err as { name?: string; Code?: string };
            if (THROTTLE_CODES.test(e.name ?? '') || THROTTLE_CODES.test(e.Code ?? '')) entry.throttles += 1;
            throw err;
          }
        },
      { step: 'finalizeRequest', name: 'awsTipsAttemptCounter', priority: 'low' },
    );
    return client;
  }

  private serviceLimit(service: string, max: number | undefined): LimitFunction {
    let l = this.perService.get(service);
    if (!l) this.perService.set(service, (l = pLimit(max ?? 1_000)));
    return l;
  }

  destroy(): void {
    for (const p of this.clients.values()) p.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }
}
