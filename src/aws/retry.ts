/**
 * The retry strategy of every client the factory makes: the SDK's adaptive mode (retry throttling and
 * transient errors with exponential backoff and a retry budget, and slow the client down with a
 * token bucket whose rate follows the throttling it meets, CUBIC-style), as a RetryStrategyV2, the
 * SDK's public extension point (`retryStrategy` in a client's configuration).
 *
 * Why not the SDK's own AdaptiveRetryStrategy: when aws-tips stops a call early (its retry window is
 * over, the breaker gave its service up, --deadline passed), the SDK abandons the call's wait, but its
 * timers (a backoff of up to 20 s, a token bucket queue at 0.5 requests/s) run on and keep the process
 * alive for tens of seconds after the report is written. Here every wait is an unref'd timer: an
 * abandoned wait never holds the process. The numbers are the SDK's (@smithy/core retry, 2026 defaults).
 */

/** The parts of @smithy/types RetryErrorInfo this strategy reads. */
interface RetryErrorInfo {
  errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  retryAfterHint?: Date;
}

interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

const MAX_DELAY_MS = 20_000;
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;
const INITIAL_CAPACITY = 500;
const COST = 14;
const THROTTLING_COST = 5;
const NO_RETRY_INCREMENT = 1;

/** A wait that never keeps the process alive on its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function token(count: number, cost?: number): Token {
  // The delay is waited here, not by the SDK's retry middleware (whose timer would hold the process).
  return { getRetryCount: () => count, getRetryDelay: () => 0, getRetryCost: () => cost };
}

/** The SDK's DefaultRateLimiter (CUBIC congestion control on throttling), with unref'd waits. */
class RateLimiter {
  private readonly beta = 0.7;
  private readonly minCapacity = 1;
  private readonly minFillRate = 0.5;
  private readonly scaleConstant = 0.4;
  private readonly smooth = 0.8;
  private enabled = false;
  private availableTokens = 0;
  private lastMaxRate = 0;
  private measuredTxRate = 0;
  private requestCount = 0;
  private fillRate = this.minFillRate;
  private lastThrottleTime = now();
  private lastTimestamp = 0;
  private lastTxRateBucket = Math.floor(now());
  private maxCapacity = this.minCapacity;
  private timeWindow = 0;

  async getSendToken(): Promise<void> {
    if (!this.enabled) return;
    this.refill();
    while (this.availableTokens < 1) {
      await sleep(((1 - this.availableTokens) / this.fillRate) * 1000);
      this.refill();
    }
    this.availableTokens -= 1;
  }

  update(throttled: boolean): void {
    this.updateMeasuredRate();
    let rate: number;
    if (throttled) {
      const rateToUse = this.enabled ? Math.min(this.measuredTxRate, this.fillRate) : this.measuredTxRate;
      this.lastMaxRate = rateToUse;
      this.timeWindow = precise(Math.pow((this.lastMaxRate * (1 - this.beta)) / this.scaleConstant, 1 / 3));
      this.lastThrottleTime = now();
      rate = precise(rateToUse * this.beta);
      this.enabled = true;
    } else {
      this.timeWindow = precise(Math.pow((this.lastMaxRate * (1 - this.beta)) / this.scaleConstant, 1 / 3));
      rate = precise(this.scaleConstant * Math.pow(now() - this.lastThrottleTime - this.timeWindow, 3) + this.lastMaxRate);
    }
    const newRate = Math.min(rate, 2 * this.measuredTxRate);
    this.refill();
    this.fillRate = Math.max(newRate, this.minFillRate);
    this.maxCapacity = Math.max(newRate, this.minCapacity);
    this.availableTokens = Math.min(this.availableTokens, this.maxCapacity);
  }

  private refill(): void {
    const t = now();
    if (!this.lastTimestamp) {
      this.lastTimestamp = t;
      return;
    }
    this.availableTokens = Math.min(this.maxCapacity, this.availableTokens + (t - this.lastTimestamp) * this.fillRate);
    this.lastTimestamp = t;
  }

  private updateMeasuredRate(): void {
    const bucket = Math.floor(now() * 2) / 2;
    this.requestCount += 1;
    if (bucket > this.lastTxRateBucket) {
      const current = this.requestCount / (bucket - this.lastTxRateBucket);
      this.measuredTxRate = precise(current * this.smooth + this.measuredTxRate * (1 - this.smooth));
      this.requestCount = 0;
      this.lastTxRateBucket = bucket;
    }
  }
}

const now = () => Date.now() / 1000;
const precise = (n: number) => parseFloat(n.toFixed(8));

/** Adaptive retries for one client: at most maxAttempts attempts per call, within a shared retry budget. */
export class AdaptiveRetry {
  readonly mode = 'adaptive';
  private capacity = INITIAL_CAPACITY;
  private readonly limiter = new RateLimiter();

  constructor(private readonly maxAttempts: number) {}

  async acquireInitialRetryToken(_scope: string): Promise<Token> {
    await this.limiter.getSendToken();
    return token(0);
  }

  async refreshRetryTokenForRetry(previous: Token, info: RetryErrorInfo): Promise<Token> {
    const throttled = info.errorType === 'THROTTLING';
    this.limiter.update(throttled);
    const cost = throttled ? THROTTLING_COST : COST;
    const retryable = throttled || info.errorType === 'TRANSIENT';
    const count = previous.getRetryCount();
    if (!retryable || count + 1 >= this.maxAttempts || this.capacity < cost) throw new Error('No retry token available');
    this.capacity -= cost;
    let delay = Math.floor(Math.random() * Math.min((throttled ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS) * 2 ** count, MAX_DELAY_MS));
    if (info.retryAfterHint instanceof Date) delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), delay + 5_000));
    await sleep(delay);
    await this.limiter.getSendToken();
    return token(count + 1, cost);
  }

  recordSuccess(t: Token): void {
    this.limiter.update(false);
    this.capacity = Math.min(INITIAL_CAPACITY, this.capacity + (t.getRetryCost() ?? NO_RETRY_INCREMENT));
  }
}
