import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface PartnerFetchOptions {
  maxSockets: number;
  timeoutMs: number;
  tls?: { ca: Buffer; cert?: Buffer; key?: Buffer };
}

export interface PartnerReply {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

export type PartnerPost = (url: string, body: string, headers: Record<string, string>) => Promise<PartnerReply>;

export class PartnerTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * One POST to a partner on node:http with a bounded pool of keep-alive sockets, the answer read
 * as one string. Measured (bench/README.md): make-fetch-happen's layers, and later the fetch
 * Request/Response/Headers objects around each call, were a large share of the gateway's CPU per
 * profile request. It stays on node:http so OpenTelemetry's http instrumentation still traces and
 * propagates every partner call. The whole exchange is bounded by `timeoutMs`.
 */
export function partnerPost({ maxSockets, timeoutMs, tls }: PartnerFetchOptions): PartnerPost {
  const agent = tls ? new HttpsAgent({ keepAlive: true, maxSockets, ...tls }) : new HttpAgent({ keepAlive: true, maxSockets });
  const send = tls ? httpsRequest : httpRequest;
  return (url, body, headers) =>
    new Promise((resolve, reject) => {
      const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
        readAll(res).then((text) => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 502, statusText: res.statusMessage ?? '', contentType: res.headers['content-type'] ?? '', body: text });
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

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
