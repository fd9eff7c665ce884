import type { Caller } from './trust/authenticate';

/** What the gateway keeps per client request; data sources add the partners they called. */
export interface GatewayContext {
  caller: Caller;
  partnersCalled: Set<string>;
  /** When the operation must be answered (performance.now() clock); every partner call inherits it. */
  deadline?: Deadline;
}

export interface Deadline {
  at: number;
  /** The whole budget; a partner call that takes more than half of it counts as slow. */
  budgetMs: number;
}

/** The operation's deadline; an operation that brought none (the BI router's pages) gets the bulk budget from its first partner call. */
export function deadlineOf(context: Partial<GatewayContext> | undefined, bulkBudgetMs: number): Deadline {
  if (!context) return { at: performance.now() + bulkBudgetMs, budgetMs: bulkBudgetMs };
  return (context.deadline ??= { at: performance.now() + bulkBudgetMs, budgetMs: bulkBudgetMs });
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
