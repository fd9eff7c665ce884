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
      const answer = async () => {
        const body = await read(req);
        const key = body.toString('utf8');
        let answer = cache.get(key);
        if (!answer) cache.set(key, (answer = forward(target.url, req, body)));
        return answer.then(
          (result) => {
            if (result.status !== 200) cache.delete(key);
            return result;
          },
          (error: unknown) => {
            cache.delete(key);
            throw error;
          },
        );
      };
      // A partner that drops the connection (a keep-alive socket it closed just as it was reused)
      // fails this one request with 502, counted as an invalid answer; it used to be an unhandled
      // rejection that ended this process, and with it the whole run (bench of 4 December 15:08).
      void answer()
        .catch((error: Error) => ({
          status: 502,
          body: Buffer.from(JSON.stringify({ errors: [{ message: `bench cache proxy: ${error.message}` }] })),
        }))
        .then(({ status, body: bytes }) => {
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
          res.end(bytes);
        });
    }, 0);
    urls[name] = `${http.url}/graphql`;
  }
  process.send?.({ type: 'ready', url: JSON.stringify(urls) });
}

void main();
