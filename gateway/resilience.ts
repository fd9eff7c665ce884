import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, type IPolicy } from 'cockatiel';
import type { BreakerState, PartnerObserver } from './observer';

export interface ResilienceOptions {
  /** Extra attempts after a transient failure (connection error, 502, 503, 504). */
  retries: number;
  /** First backoff; it doubles with jitter per attempt. */
  retryBaseMs: number;
  /** Consecutive failed fetches after which the breaker opens and calls fail fast. */
  breakerFailures: number;
  /** How long an open breaker waits before it lets one trial call through. */
  breakerHalfOpenMs: number;
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const TRANSIENT_STATUS = new Set([502, 503, 504]);

/** Only what is likely to pass on a second try; a timeout is not retried (it would only add up). */
export function isTransient(error: Error): boolean {
  if (error instanceof BrokenCircuitError) return false;
  const code = (error as { code?: string }).code;
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  return (code !== undefined && TRANSIENT_CODES.has(code)) || (status !== undefined && TRANSIENT_STATUS.has(status));
}

function isClientError(error: Error): boolean {
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  return status !== undefined && status >= 400 && status < 500;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Per partner: bounded retries with exponential backoff inside a circuit breaker (cockatiel), so
 * a partner that is down costs callers nothing until it is tried again, and closes by itself.
 * Every query the gateway sends is a read, so retrying it is safe.
 */
export function partnerPolicy(partner: string, options: ResilienceOptions, observer: PartnerObserver): IPolicy {
  const retries = retry(handleWhen(isTransient), {
    maxAttempts: options.retries,
    backoff: new ExponentialBackoff({ initialDelay: options.retryBaseMs, maxDelay: options.retryBaseMs * 16 }),
  });
  // A 4xx is the request's fault (or configuration), not the partner being down: counting it
  // would let one client open the breaker for everyone.
  const breaker = circuitBreaker(handleWhen((error) => !isClientError(error)), {
    halfOpenAfter: options.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(options.breakerFailures),
  });
  breaker.onStateChange((state) => observer.breakerChanged(partner, STATES[state]));
  return wrap(retries, breaker);
}
