import { Agent, request, type IncomingMessage } from 'node:http';
import { listen } from '@buurtgraaf/platform';
import { partnersFromEnv } from '../peers/signing';

/**
 * Cached mode: stands in for each partner and answers a request body it has seen before from
 * memory, so what is left to measure is the gateway's own work. A body not seen yet goes to the
 * real (signature-checking) partner once, with the contender's signature, and its answer is kept.
 * Entry point of a child process: partners in BENCH_PARTNERS; reports the stand-ins' URLs as JSON.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const read = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

function forward(target: string, req: IncomingMessage, body: Buffer): Promise<{ status: number; body: Buffer }> {
  const headers = { ...req.headers, host: new URL(target).host };
  return new Promise((resolve, reject) => {
    const out = request(
      target,
      { method: 'POST', headers, agent },
      (res) => void read(res).then((text) => resolve({ status: res.statusCode ?? 502, body: text }), reject),
    );
    out.on('error', reject);
    out.end(body);
  });
}

async function main() {
  const partners = partnersFromEnv();
  const urls: Record<string, string> = {};
  for (const [name, target] of Object.entries(partners)) {
    const cache = new Map<string, Promise<{ status: number; body: Buffer }>>();
    const http = await listen((req, res) => {
      void read(req).then(async (body) => {
        const key = body.toString('utf8');
        let answer = cache.get(key);
        if (!answer) cache.set(key, (answer = forward(target.url, req, body)));
        const { status, body: bytes } = await answer;
        if (status !== 200) cache.delete(key);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
        res.end(bytes);
      });
    }, 0);
    urls[name] = `${http.url}/graphql`;
  }
  process.send?.({ type: 'ready', url: JSON.stringify(urls) });
}

void main();
