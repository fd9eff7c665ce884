import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface PartnerFetchOptions {
  maxSockets: number;
  /** Largest answer read from a partner; a longer one is cut off (issue 12, item 7). */
  maxResponseBytes: number;
  tls?: { ca: Buffer; cert?: Buffer; key?: Buffer };
}

export interface PartnerReply {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

/** One call; `timeoutMs` bounds the whole exchange and is what is left of the operation's deadline. */
export type PartnerPost = (
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
) => Promise<PartnerReply>;

export class PartnerTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A partner streaming more than the cap would take the gateway's memory with it. */
export class PartnerAnswerTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`answer larger than ${maxBytes} bytes`);
  }
}

/**
 * One POST to a partner on node:http with a bounded pool of keep-alive sockets, the answer read
 * as one string. Measured (bench/README.md): make-fetch-happen's layers, and later the fetch
 * Request/Response/Headers objects around each call, were a large share of the gateway's CPU per
 * profile request. It stays on node:http so OpenTelemetry's http instrumentation still traces and
 * propagates every partner call. The whole exchange is bounded by `timeoutMs`, the answer by `maxResponseBytes`.
 */
export function partnerPost({ maxSockets, maxResponseBytes, tls }: PartnerFetchOptions): PartnerPost {
  const agent = tls
    ? new HttpsAgent({ keepAlive: true, maxSockets, ...tls })
    : new HttpAgent({ keepAlive: true, maxSockets });
  const send = tls ? httpsRequest : httpRequest;
  return (url, body, headers, timeoutMs) =>
    new Promise((resolve, reject) => {
      const req = send(
        url,
        { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent },
        (res) => {
          readAll(res, maxResponseBytes).then((text) => {
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 502,
              statusText: res.statusMessage ?? '',
              contentType: res.headers['content-type'] ?? '',
              body: text,
            });
          }, fail);
        },
      );
      const timer = setTimeout(() => req.destroy(new PartnerTimeoutError(timeoutMs)), timeoutMs);
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(body);
    });
}

function readAll(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const tooLarge = () => {
      // Destroying the socket stops the partner's stream; the agent opens a fresh one next time.
      res.destroy();
      reject(new PartnerAnswerTooLargeError(maxBytes));
    };
    if (Number(res.headers['content-length'] ?? 0) > maxBytes) return tooLarge();
    res.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) tooLarge();
      else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    // Cut off mid-answer (the deadline destroyed the request): settle rather than wait forever.
    res.on('close', () => reject(new Error('the answer was cut off')));
  });
}
