import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import { UsageError, registerSecrets } from '../errors.js';
import { formatDuration } from '../flag-values.js';
import { credentialChain } from './credentials.js';
import { AdaptiveRetry } from './retry.js';
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
  /** A call starts no retry later than this after its first attempt (default RETRY_WINDOW_SECONDS). */
  retryWindowSeconds?: number;
  /** Calls in a row throttled (or timed out) past their retries before a service is given up in a region (default BREAKER_THRESHOLD). */
  breakerThreshold?: number;
  /** --deadline: from the factory's creation; calls not answered by then fail with DeadlineExceeded. */
  deadlineMs?: number;
  /** What --deadline said, for the error message ("90s"). */
  deadlineLabel?: string;
  /** One-line notes for stderr, without the `aws-tips: ` prefix (default: written to stderr). */
  note?: (line: string) => void;
}

/** Retries of one call stop this many seconds after its first attempt (that attempt still ends within --timeout). */
export const RETRY_WINDOW_SECONDS = 15;
/** After this many calls in a row throttled (or timed out) past their retries, a service is given up in that region. */
export const BREAKER_THRESHOLD = 3;
/** More attempts than this per call are not useful (the retry window ends them first): AWS_MAX_ATTEMPTS is capped here. */
export const MAX_ATTEMPTS_CAP = 20;

const defaultNote = (line: string) => {
  process.stderr.write(`aws-tips: ${line}\n`);
};

/**
 * The SDK's standard variable: lowers (or raises) the retry budget without a flag. Any whole number
 * of 1 or more, as the SDK and the AWS CLI accept; above MAX_ATTEMPTS_CAP it is capped, with a note.
 */
export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env, note: (line: string) => void = defaultNote): number | undefined {
  const raw = env.AWS_MAX_ATTEMPTS;
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`AWS_MAX_ATTEMPTS: expected a whole number of 1 or more, got "${raw}"`);
  if (n > MAX_ATTEMPTS_CAP) {
    note(`AWS_MAX_ATTEMPTS=${n}: using ${MAX_ATTEMPTS_CAP} attempts per call, the most aws-tips makes (each call also stops retrying after ${RETRY_WINDOW_SECONDS} s)`);
    return MAX_ATTEMPTS_CAP;
  }
  return n;
}

const THROTTLE_CODES = /Throttl|RequestLimitExceeded|SlowDown|TooManyRequests|RequestThrottled|PriorRequestNotComplete|BandwidthLimitExceeded/;

function errorCode(err: unknown): string {
  const e = (err ?? {}) as { name?: string; Code?: string; code?: string };
  return String(e.Code ?? e.name ?? e.code ?? 'Error');
}

/** A throttling answer (by code, or HTTP 429). */
export function isThrottle(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLE_CODES.test(e.name ?? '') || THROTTLE_CODES.test(e.Code ?? '') || e.$metadata?.httpStatusCode === 429;
}

/** An attempt that got no answer within --timeout (or a connection that timed out). */
function isTimeout(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; code?: string };
  return e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || e.name === 'RequestTimeout';
}

/**
 * An error aws-tips makes up in place of an answer: a call not sent (the service is given up in that
 * region, the deadline passed). Shaped like an SDK error: `name`/`Code` is the code, `$operation` the call.
 */
export class CallNotMadeError extends Error {
  readonly Code: string;
  $operation?: string;
  constructor(code: string, message: string, operation?: string) {
    super(message);
    this.name = code;
    this.Code = code;
    if (operation) this.$operation = operation;
  }
}

/** Per service and region: calls throttled (or timed out) past their retries in a row; open = given up. */
interface Breaker {
  streak: number;
  lastCode?: string;
  open?: { code: string; message: string };
  readonly controller: AbortController;
}

/** One call (first attempt, retries, backoff) as the attempt middleware sees it. */
interface CallState {
  firstAttemptAt?: number;
  inFlight: boolean;
  windowOver: boolean;
  lastError?: unknown;
  timer?: NodeJS.Timeout;
  /** Ends the call now: the SDK stops (abortSignal), the caller gets `reason`. */
  stop(reason: unknown): void;
}

/** The SDK hands a call's abortSignal to every middleware in this context entry (@smithy/types SMITHY_CONTEXT_KEY). */
const SMITHY_CONTEXT_KEY = '__smithy_context';

type Send = (command: unknown, options?: unknown, cb?: unknown) => Promise<unknown>;

/** An endpoint provider that answers the given URL whatever the parameters (S3 Control against an emulator). */
function s3ControlEndpoint(endpointUrl: string): () => { url: URL } {
  return () => ({ url: new URL(endpointUrl) });
}

export class ClientFactory {
  readonly stats = new CallStats();
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly global: LimitFunction;
  private readonly perService = new Map<string, LimitFunction>();
  private readonly breakers = new Map<string, Breaker>();
  private readonly calls = new WeakMap<AbortSignal, CallState>();
  private readonly deadline = new AbortController();
  private readonly deadlineTimer?: NodeJS.Timeout;
  private readonly note: (line: string) => void;
  private credentials: Promise<unknown> | undefined;
  /** Calls in progress, and what keeps the process alive while there are any (see send()). */
  private live = 0;
  private keepAlive?: NodeJS.Timeout;

  /** Attempts per call (first try + retries): --max-attempts, else AWS_MAX_ATTEMPTS, else 8. */
  readonly maxAttempts: number;
  readonly retryWindowMs: number;
  readonly breakerThreshold: number;

  constructor(private readonly opts: ClientFactoryOptions) {
    this.note = opts.note ?? defaultNote;
    // Every call in progress listens to the deadline: no leak warning past 10.
    setMaxListeners(0, this.deadline.signal);
    this.global = pLimit(opts.maxConcurrency ?? 48);
    this.maxAttempts = opts.maxAttempts ?? maxAttemptsFromEnv(process.env, this.note) ?? 8;
    this.retryWindowMs = (opts.retryWindowSeconds ?? RETRY_WINDOW_SECONDS) * 1000;
    this.breakerThreshold = opts.breakerThreshold ?? BREAKER_THRESHOLD;
    if (opts.deadlineMs !== undefined) {
      const label = opts.deadlineLabel ?? formatDuration(opts.deadlineMs);
      this.deadlineTimer = setTimeout(() => this.deadline.abort(`not collected within --deadline ${label}`), opts.deadlineMs);
      this.deadlineTimer.unref();
    }
    registerSecrets(process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN);
  }

  /** Whether --deadline has passed. */
  get deadlinePassed(): boolean {
    return this.deadline.signal.aborted;
  }

  private credentialProvider(): Promise<unknown> {
    if (this.opts.credentials) return Promise.resolve(this.opts.credentials);
    this.credentials ??= credentialChain({
      profile: this.opts.profile,
      endpointUrl: this.opts.endpointUrl,
      timeoutMs: (this.opts.timeoutSeconds ?? 30) * 1000,
      note: this.note,
    });
    return this.credentials;
  }

  /** One client per service and region, created on first use. */
  client<T = SdkClient>(service: SdkServiceKey, region: string): Promise<T> {
    const key = `${service}@${region}`;
    let p = this.clients.get(key);
    if (!p) this.clients.set(key, (p = this.create(service, region)));
    return p as Promise<T>;
  }

  private breaker(key: string): Breaker {
    let b = this.breakers.get(key);
    if (!b) {
      b = { streak: 0, controller: new AbortController() };
      // Every call of that service in progress listens to it (hundreds on a large account): no leak warning.
      setMaxListeners(0, b.controller.signal);
      this.breakers.set(key, b);
    }
    return b;
  }

  private async create(service: SdkServiceKey, region: string): Promise<SdkClient> {
    const info: ServiceInfo = SDK_SERVICES[service];
    const Client = await info.load();
    const timeoutMs = (this.opts.timeoutSeconds ?? 30) * 1000;
    const client = new Client({
      region,
      credentials: await this.credentialProvider(),
      // Adaptive retries (the SDK's algorithm) whose waits never keep the process alive once a call is given up.
      retryStrategy: new AdaptiveRetry(this.maxAttempts),
      maxAttempts: this.maxAttempts,
      // throwOnRequestTimeout: without it the handler only logs when requestTimeout passes, and a hung call never ends.
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000), throwOnRequestTimeout: true },
      ...(this.opts.endpointUrl ? { endpoint: this.opts.endpointUrl } : {}),
      ...(service === 's3' ? { followRegionRedirects: true, forcePathStyle: !!this.opts.endpointUrl } : {}),
      // S3 Control's endpoint rules put the account id in front of the host ({AccountId}.s3-control.<region>...),
      // a custom endpoint's too: 123456789012.localhost does not resolve, 123456789012.127.0.0.1 is no URL at all,
      // and `disableHostPrefix` does not help (the rules, not a host prefix trait, add it). With --endpoint-url the
      // request goes to that URL as given; the account id still travels in the x-amz-account-id header, which is
      // what emulators (moto) read. Against AWS the rules apply unchanged.
      ...(service === 's3control' && this.opts.endpointUrl ? { endpointProvider: s3ControlEndpoint(this.opts.endpointUrl) } : {}),
    });
    const limit = this.serviceLimit(service, info.maxConcurrency);
    const stats = this.stats;
    const allowed = this.opts.allowedOperations;
    const prefix = info.iamPrefix;
    const global = this.global;
    const calls = this.calls;
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
    // after a throttle holds none, so one throttled service cannot park every slot); counts attempts, throttles, bytes;
    // ends the call's retries once its retry window is over.
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const entry = stats.entry(`${prefix}:${(context.commandName ?? '').replace(/Command$/, '')}`);
          const signal = (context as Record<string, { abortSignal?: AbortSignal } | undefined>)[SMITHY_CONTEXT_KEY]?.abortSignal;
          const call = signal ? calls.get(signal) : undefined;
          entry.attempts += 1;
          try {
            const out = await limit(() =>
              global(() => {
                if (call) this.attemptStarts(call);
                return next(args);
              }),
            );
            entry.bytes += Number(out.response?.headers?.['content-length'] ?? 0) || 0;
            return out;
          } catch (err) {
            if (isThrottle(err)) entry.throttles += 1;
            if (call) {
              call.lastError = err;
              // The window closed during this attempt: no retry (the SDK sees the aborted signal and throws err).
              if (call.windowOver) call.stop(err);
            }
            throw err;
          } finally {
            if (call) call.inFlight = false;
          }
        },
      { step: 'finalizeRequest', name: 'awsTipsAttemptCounter', priority: 'low' },
    );
    const send = client.send.bind(client) as Send;
    (client as unknown as { send: Send }).send = (command, options, cb) =>
      typeof options === 'function' || cb !== undefined
        ? send(command, options, cb)
        : this.send(send, command, options, { service, region, prefix });
    return client;
  }

  /** The first attempt of a call opens its retry window. */
  private attemptStarts(call: CallState): void {
    call.inFlight = true;
    if (call.firstAttemptAt !== undefined) return;
    call.firstAttemptAt = Date.now();
    call.timer = setTimeout(() => {
      call.windowOver = true;
      // Backing off or waiting for a send token: stop now, with the last answer. On the wire: when it ends.
      if (!call.inFlight) call.stop(call.lastError ?? new CallNotMadeError('RetryWindowExceeded', `no answer within the retry window of ${formatDuration(this.retryWindowMs)}`));
    }, this.retryWindowMs);
    call.timer.unref();
  }

  /**
   * Every call: refused at once when the deadline has passed or its service is given up in that region;
   * otherwise sent with an abort signal that the retry window, the breaker and the deadline can pull.
   */
  private async send(
    send: Send,
    command: unknown,
    options: unknown,
    where: { service: string; region: string; prefix: string },
  ): Promise<unknown> {
    const operation = `${where.prefix}:${String((command as { constructor?: { name?: string } })?.constructor?.name ?? '').replace(/Command$/, '')}`;
    assertAllowed(operation, this.opts.allowedOperations);
    const breaker = this.breaker(`${where.service}@${where.region}`);
    if (this.deadline.signal.aborted) throw new CallNotMadeError('DeadlineExceeded', String(this.deadline.signal.reason), operation);
    if (breaker.open) throw new CallNotMadeError(breaker.open.code, breaker.open.message, operation);

    const controller = new AbortController();
    let rejectStop: (reason: unknown) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (rejectStop = reject));
    stopped.catch(() => undefined);
    let stoppedBy: 'window' | 'us' | undefined;
    const call: CallState = {
      inFlight: false,
      windowOver: false,
      stop: (reason) => {
        if (controller.signal.aborted) return;
        stoppedBy ??= 'window';
        controller.abort(reason);
        rejectStop(reason);
      },
    };
    const onDeadline = () => {
      stoppedBy = 'us';
      call.stop(new CallNotMadeError('DeadlineExceeded', String(this.deadline.signal.reason), operation));
    };
    const onBreaker = () => {
      stoppedBy = 'us';
      call.stop(new CallNotMadeError(breaker.open!.code, breaker.open!.message, operation));
    };
    this.deadline.signal.addEventListener('abort', onDeadline, { once: true });
    breaker.controller.signal.addEventListener('abort', onBreaker, { once: true });
    this.calls.set(controller.signal, call);
    // The retry strategy waits on unref'd timers (a call given up must not hold the process for its backoff):
    // while any call is in progress, this timer holds it instead.
    if (this.live++ === 0) this.keepAlive = setInterval(() => undefined, 60_000);
    const given = (options ?? {}) as { abortSignal?: AbortSignal };
    if (given.abortSignal) given.abortSignal.addEventListener('abort', () => call.stop(given.abortSignal!.reason), { once: true });
    try {
      // Whatever send gives (a test double may return a value or throw): a promise.
      const sent = (async () => send(command, { ...given, abortSignal: controller.signal }))();
      sent.catch(() => undefined);
      const out = await Promise.race([sent, stopped]);
      breaker.streak = 0;
      return out;
    } catch (err) {
      if (stoppedBy !== 'us') this.record(breaker, err, where);
      if (err && typeof err === 'object') (err as { $operation?: string }).$operation ??= operation;
      throw err;
    } finally {
      if (--this.live === 0) clearInterval(this.keepAlive);
      clearTimeout(call.timer);
      this.deadline.signal.removeEventListener('abort', onDeadline);
      breaker.controller.signal.removeEventListener('abort', onBreaker);
    }
  }

  /**
   * The breaker: a call that ends throttled (or timed out) after its retries adds one to the streak of
   * its service in that region, any other answer resets it; at the threshold the service is given up
   * there: calls in progress stop, later ones fail at once with CircuitOpen.
   */
  private record(breaker: Breaker, err: unknown, where: { service: string; region: string }): void {
    const throttled = isThrottle(err);
    if (!throttled && !isTimeout(err)) {
      breaker.streak = 0;
      return;
    }
    breaker.streak += 1;
    breaker.lastCode = errorCode(err);
    if (breaker.streak < this.breakerThreshold || breaker.open) return;
    breaker.open = {
      code: 'CircuitOpen',
      message: `not sent: ${where.service} ${throttled ? 'throttled' : 'timed out'} ${breaker.streak} calls in a row in ${where.region} after their retries (${breaker.lastCode}); aws-tips gave up on it there`,
    };
    breaker.controller.abort();
  }

  private serviceLimit(service: string, max: number | undefined): LimitFunction {
    let l = this.perService.get(service);
    if (!l) this.perService.set(service, (l = pLimit(max ?? 1_000)));
    return l;
  }

  destroy(): void {
    clearTimeout(this.deadlineTimer);
    for (const p of this.clients.values()) p.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }
}
