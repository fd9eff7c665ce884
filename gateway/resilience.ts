import type { BreakerState, PartnerObserver } from './observer';

export interface ResilienceOptions {
  /** Extra attempts after a transient failure (connection error, 502, 503, 504). */
  retries: number;
  /** First backoff; it doubles with jitter per attempt. */
  retryBaseMs: number;
  /** Consecutive failed or slow fetches after which the breaker opens and calls fail fast. */
  breakerFailures: number;
  /** How long an open breaker waits before it lets one trial call through. */
  breakerHalfOpenMs: number;
  /** Most calls to one partner at once; more fail fast, so one slow partner cannot hold every client. */
  maxInFlight: number;
}

/** Why a call was not sent: the breaker is open, its one trial is under way, or the partner has enough calls in flight. */
export class CallRefusedError extends Error {}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const TRANSIENT_STATUS = new Set([502, 503, 504]);

const statusOf = (error: Error) =>
  (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;

/** Only what is likely to pass on a second try; a timeout is not retried (it would only add up). */
export function isTransient(error: Error): boolean {
  const code = (error as { code?: string }).code;
  const status = statusOf(error);
  return (code !== undefined && TRANSIENT_CODES.has(code)) || (status !== undefined && TRANSIENT_STATUS.has(status));
}

export type Outcome = 'success' | 'failure' | 'neutral';
export interface Ticket {
  generation: number;
}

/**
 * One partner's circuit breaker and bulkhead. Closed: calls pass, and `breakerFailures`
 * consecutive failures (a slow answer counts as one) open it. Open: calls fail at once until
 * `breakerHalfOpenMs` has passed; then one trial call goes through and its outcome closes or
 * reopens it. A trial still under way after `breakerHalfOpenMs` (it went out while the partner
 * hung) lets the next call be a trial too, so a partner that is back is used within about that
 * time rather than after the hung trial's deadline. Every change of state starts a new generation, and an outcome is only counted in
 * the generation its call started in: a timeout of a call sent long before the partner came
 * back cannot reopen the breaker its trial just closed.
 */
export class PartnerBreaker {
  private state: BreakerState = 'closed';
  private generation = 0;
  private failures = 0;
  private openedAt = 0;
  private trialUnderWay = false;
  private trialStartedAt = 0;
  private inFlight = 0;

  constructor(
    private readonly partner: string,
    private readonly options: ResilienceOptions,
    private readonly observer: PartnerObserver,
  ) {}

  enter(now = performance.now()): Ticket {
    if (this.state === 'open' && now - this.openedAt >= this.options.breakerHalfOpenMs) this.change('half-open');
    if (this.state === 'open') throw new CallRefusedError(`the ${this.partner} breaker is open`);
    if (this.state === 'half-open') {
      if (this.trialUnderWay && now - this.trialStartedAt < this.options.breakerHalfOpenMs)
        throw new CallRefusedError(`the ${this.partner} breaker waits for its trial call`);
      this.trialUnderWay = true;
      this.trialStartedAt = now;
    } else if (this.inFlight >= this.options.maxInFlight) {
      throw new CallRefusedError(`${this.inFlight} calls to ${this.partner} are already under way`);
    }
    this.inFlight += 1;
    return { generation: this.generation };
  }

  leave(ticket: Ticket, outcome: Outcome, now = performance.now()): void {
    this.inFlight -= 1;
    if (ticket.generation !== this.generation) return;
    if (this.state === 'half-open') {
      this.trialUnderWay = false;
      if (outcome === 'success') this.change('closed');
      else if (outcome === 'failure') this.open(now);
      return;
    }
    if (outcome === 'success') this.failures = 0;
    else if (outcome === 'failure' && (this.failures += 1) >= this.options.breakerFailures) this.open(now);
  }

  private open(now: number): void {
    this.openedAt = now;
    this.change('open');
  }

  private change(state: BreakerState): void {
    this.state = state;
    this.generation += 1;
    this.failures = 0;
    this.trialUnderWay = false;
    this.observer.breakerChanged(this.partner, state);
  }
}

/** Exponential backoff with full jitter: the n-th retry waits up to base × 2^n, at most 16 × base. */
export const backoffMs = (attempt: number, baseMs: number) => Math.random() * baseMs * 2 ** Math.min(attempt, 4);
