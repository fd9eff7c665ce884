import type { Deadline } from './deadline';
import type { Caller } from './trust/authenticate';

/** What the gateway keeps per client request; data sources add the partners they called. */
export interface GatewayContext {
  caller: Caller;
  partnersCalled: Set<string>;
  /** When the operation must be answered (performance.now() clock); every partner call inherits it. */
  deadline?: Deadline;
}

export type FetchOutcome = 'ok' | 'error' | 'rejected-by-breaker';
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * How the connections to partners report what happens to them; metrics and logs listen.
 * Implementations must be cheap: they run on every partner fetch.
 */
export interface PartnerObserver {
  fetched(partner: string, durationMs: number, outcome: FetchOutcome): void;
  breakerChanged(partner: string, state: BreakerState): void;
}

export const NO_OBSERVER: PartnerObserver = { fetched: () => undefined, breakerChanged: () => undefined };
