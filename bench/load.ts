import autocannon from 'autocannon';
import type { Target } from './contenders';

export interface ProfileResult {
  rps: number;
  p50: number;
  p99: number;
  valid: number;
  invalid: number;
  firstError: string | null;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
}

/**
 * Many clients asking for profiles of random neighbourhoods (autocannon). Only answers that pass
 * the check count towards requests per second; one that does not is reported with the first reason.
 */
export async function profileLoad(
  target: Target,
  codes: readonly string[],
  { connections, durationS }: LoadOptions,
): Promise<ProfileResult> {
  let valid = 0;
  let invalid = 0;
  let firstError: string | null = null;
  const fail = (reason: string) => {
    invalid += 1;
    firstError ??= reason;
  };
  const result = await autocannon({
    url: target.url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest(request, context) {
          const code = codes[Math.floor(Math.random() * codes.length)] ?? '';
          context.code = code;
          return { ...request, ...target.request(code) };
        },
        onResponse(status, body, context) {
          if (status !== 200) return fail(`HTTP ${status}: ${body.slice(0, 200)}`);
          try {
            const reason = target.checkProfile(body, String(context.code));
            if (reason) fail(reason);
            else valid += 1;
          } catch (error) {
            fail(`not JSON: ${(error as Error).message}`);
          }
        },
      },
    ],
  });
  if (result.errors + result.timeouts > 0) fail(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  return { rps: valid / result.duration, p50: result.latency.p50, p99: result.latency.p99, valid, invalid, firstError };
}

/**
 * Asks once for every code, a few at a time, and checks each answer: in cached mode this fills the
 * stand-ins with exactly the requests the timed run will send, so none of them reaches a database.
 */
export async function askEach(target: Target, codes: readonly string[], concurrency = 8): Promise<void> {
  const queue = [...codes];
  const worker = async () => {
    for (let code = queue.pop(); code !== undefined; code = queue.pop()) {
      const { body, headers } = target.request(code);
      const response = await fetch(target.url, { method: 'POST', headers, body });
      const reason = target.checkProfile(await response.text(), code);
      if (reason) throw new Error(`warm-up answer for ${code} rejected: ${reason}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export interface BulkRun {
  ms: number;
  /** Size of the JSON answer; `encoding` says whether it travelled compressed. */
  bytes: number;
  encoding: string | null;
  /** Server-Timing of the answer, when the contender sends one (the floor does). */
  timing: string | null;
}

/**
 * One whole-country pull, timed from sending to the last byte, then checked: the Indicators query,
 * or the insights query for a contender that takes part in that workload.
 */
export async function bulkRequest(
  target: Target,
  expected: number,
  workload: 'bulk' | 'insights' = 'bulk',
): Promise<BulkRun> {
  const pull = workload === 'insights' ? target.insights : { request: () => target.request(), check: target.checkBulk };
  if (!pull) throw new Error('this contender takes no part in the insights workload');
  const { body, headers } = pull.request();
  const started = performance.now();
  // A whole-country pull is no interactive request: it says how long it means to wait
  // (Prefer: wait, RFC 7240), as README tells bulk clients to. Peers ignore the header.
  const response = await fetch(target.url, { method: 'POST', headers: { ...headers, prefer: 'wait=60' }, body });
  const text = await response.text();
  const ms = performance.now() - started;
  const reason =
    response.status === 200 ? pull.check(text, expected) : `HTTP ${response.status}: ${text.slice(0, 200)}`;
  if (reason) throw new Error(`${workload} answer rejected: ${reason}`);
  return {
    ms,
    bytes: Buffer.byteLength(text),
    encoding: response.headers.get('content-encoding'),
    timing: response.headers.get('server-timing'),
  };
}
