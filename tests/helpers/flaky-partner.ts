import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'pass' | 'hang' | 'unavailable' | 'down';

/**
 * A stand-in for a partner's network path: it forwards requests to the real subgraph unchanged
 * (so signatures still verify), or hangs, answers 503, or drops the connection, as a test says.
 */
export async function flakyPartner(targetUrl: string) {
  let mode: Mode = 'pass';
  let failuresLeft = Infinity;
  const state = { attempts: 0 };
  const hanging = new Set<ServerResponse>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    state.attempts += 1;
    const current = failuresLeft > 0 ? mode : 'pass';
    if (current !== 'pass') failuresLeft -= 1;
    if (current === 'hang') return void hanging.add(res);
    if (current === 'down') return void req.socket.destroy();
    if (current === 'unavailable') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const response = await fetch(targetUrl, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) });
    res
      .writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await response.arrayBuffer()));
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    state,
    /** From now on behave like `next`; with `times`, only for that many requests. */
    set(next: Mode, times = Infinity) {
      mode = next;
      failuresLeft = times;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
