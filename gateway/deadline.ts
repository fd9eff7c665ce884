/**
 * Every operation has a deadline that its partner calls inherit: a hung partner then costs a
 * client at most its budget, not the partner timeout. Interactive /graphql operations get
 * GATEWAY_DEADLINE_MS (5 s). A client that means to wait longer (a whole-country pull takes
 * about 8 s) says so the standard way, `Prefer: wait=<seconds>` (RFC 7240), up to
 * GATEWAY_BULK_DEADLINE_MS; operations the gateway runs itself (the BI router's pages) get that
 * bulk budget too.
 */
export interface Deadline {
  /** When the operation must be answered, on the performance.now() clock. */
  at: number;
  /** The whole budget; a partner call that takes more than half of it counts as slow. */
  budgetMs: number;
}

const WAIT = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i;

/** The budget a /graphql request gets: the interactive one, or what its Prefer header asks for within the bulk one. */
export function requestDeadline(
  prefer: string | undefined,
  interactiveMs: number,
  bulkMs: number,
  now = performance.now(),
): Deadline {
  const asked = prefer ? WAIT.exec(prefer)?.[1] : undefined;
  const budgetMs =
    asked === undefined
      ? interactiveMs
      : Math.min(Math.max(Number(asked) * 1000, 1_000), Math.max(bulkMs, interactiveMs));
  return { at: now + budgetMs, budgetMs };
}

/** The operation's deadline; one that brought none (the BI router's pages) gets the bulk budget from its first partner call. */
export function deadlineOf(context: { deadline?: Deadline } | undefined, bulkMs: number): Deadline {
  if (!context) return { at: performance.now() + bulkMs, budgetMs: bulkMs };
  return (context.deadline ??= { at: performance.now() + bulkMs, budgetMs: bulkMs });
}
