import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A partner's network path on loopback that keeps a copy of every byte: it forwards each request
 * unchanged (so the gateway's signature still verifies) and records the request's and the
 * answer's body as they crossed, for a test that reads what a party received.
 */
export async function wireRecorder(targetUrl: string) {
  const exchanges: { request: string; response: string }[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const response = await fetch(targetUrl, { method: req.method ?? 'POST', headers, body });
    const answer = Buffer.from(await response.arrayBuffer());
    exchanges.push({ request: body.toString('utf8'), response: answer.toString('utf8') });
    res
      .writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
      .end(answer);
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    exchanges,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
