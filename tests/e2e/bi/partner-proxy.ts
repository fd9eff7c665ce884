import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Rule = (body: string) => boolean;

export interface PartnerProxy {
  url: string;
  /** Requests whose body matches wait until release(); the test decides when a page may go on. */
  hold(rule: Rule | null): void;
  /** Resolves once a request is being held (at once when one is). */
  nextHeld(): Promise<void>;
  release(): void;
  /** Requests whose body matches get their connection dropped, as if the partner went down. */
  fail(rule: Rule | null): void;
  readonly failed: number;
  /** Requests passed on to the partner so far: how many calls an export cost it. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/**
 * A partner's network path that the test steers by what a request asks for (its body), not by
 * timing: it forwards unchanged (so signatures verify), holds, or drops the connection.
 */
export async function partnerProxy(targetUrl: string): Promise<PartnerProxy> {
  let holdRule: Rule | null = null;
  let failRule: Rule | null = null;
  let failed = 0;
  let forwarded = 0;
  let held: (() => void)[] = [];
  let waiters: (() => void)[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const text = body.toString('utf8');
    if (failRule?.(text)) {
      failed += 1;
      return void req.socket.destroy();
    }
    if (holdRule?.(text)) {
      await new Promise<void>((resolve) => {
        held.push(resolve);
        for (const waiter of waiters) waiter();
        waiters = [];
      });
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    forwarded += 1;
    const response = await fetch(targetUrl, { method: req.method ?? 'POST', headers, body });
    res
      .writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await response.arrayBuffer()));
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    const waiting = held;
    held = [];
    for (const resolve of waiting) resolve();
  };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    hold: (rule) => void (holdRule = rule),
    nextHeld: () => (held.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    release() {
      holdRule = null;
      release();
    },
    fail: (rule) => void (failRule = rule),
    get failed() {
      return failed;
    },
    get forwarded() {
      return forwarded;
    },
    async close() {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
