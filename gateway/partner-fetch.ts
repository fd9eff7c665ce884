import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;

export interface PartnerFetchOptions {
  maxSockets: number;
  timeoutMs: number;
  tls?: { ca: Buffer; cert?: Buffer; key?: Buffer };
}

export class PartnerTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * A fetch for partner calls on node:http with a bounded pool of keep-alive sockets. Measured
 * (bench/README.md): make-fetch-happen's agent and stream layers cost a quarter of the gateway's
 * CPU per profile request. It stays on node:http so OpenTelemetry's http instrumentation still
 * traces and propagates every partner call. The whole exchange is bounded by `timeoutMs`.
 */
export function partnerFetch({ maxSockets, timeoutMs, tls }: PartnerFetchOptions): Fetcher {
  const agent = tls ? new HttpsAgent({ keepAlive: true, maxSockets, ...tls }) : new HttpAgent({ keepAlive: true, maxSockets });
  const send = tls ? httpsRequest : httpRequest;
  return (url: string, init: FetcherRequestInit = {}) =>
    new Promise((resolve, reject) => {
      const body = init.body ?? '';
      const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
      const req = send(url, { method: init.method ?? 'POST', headers, agent }, (res) => {
        readAll(res).then((bytes) => {
          clearTimeout(timer);
          // A Buffer is a Uint8Array; only TypeScript's ArrayBufferLike generics keep it from being a BodyInit.
          resolve(new Response(bytes as unknown as Uint8Array<ArrayBuffer>, { status: res.statusCode ?? 502, statusText: res.statusMessage ?? '', headers: headersOf(res) }));
        }, fail);
      });
      const timer = setTimeout(() => req.destroy(new PartnerTimeoutError(timeoutMs)), timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(body);
    });
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
