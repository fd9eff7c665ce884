import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, createBrotliDecompress, createGunzip, gunzipSync } from 'node:zlib';
import type { Transform } from 'node:stream';

/** An answer as it crossed the wire, and what a client that decompresses would read. */
export interface EncodedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent, still encoded. */
  wire: Buffer;
  /** The bytes after undoing content-encoding (the wire bytes when there is none). */
  decoded: Buffer;
  trailers: Record<string, string | undefined>;
  complete: boolean;
}

export function decode(wire: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(wire);
  if (encoding === 'br') return brotliDecompressSync(wire);
  if (encoding === undefined) return wire;
  throw new Error(`unexpected content-encoding ${encoding}`);
}

/** node:http, which shows what fetch hides: the encoding as sent, trailers, a cut-off transfer. */
export function fetchEncoded(url: string, headers: Record<string, string>, body?: string): Promise<EncodedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const wire = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        // A cut-off transfer cannot be decoded to its end; the test then reads it as a stream.
        const decoded = res.complete ? decode(wire, encoding) : Buffer.alloc(0);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          wire,
          decoded,
          trailers: { ...res.trailers },
          complete: res.complete,
        });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A response decoded as it arrives: the test waits for the text it needs, never for a time. */
export interface DecodingResponse {
  headers: IncomingHttpHeaders;
  until(ready: (text: string) => boolean): Promise<string>;
  /** Resolves when the transfer ends: the text decoded so far, the trailers, whether it completed. */
  finished(): Promise<{ text: string; trailers: Record<string, string | undefined>; complete: boolean }>;
}

export function openDecoding(url: string, headers: Record<string, string>): Promise<DecodingResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res: IncomingMessage) => {
      const encoding = res.headers['content-encoding'];
      const decoder: Transform = encoding === 'br' ? createBrotliDecompress() : createGunzip();
      let text = '';
      let waiters: { ready: (text: string) => boolean; resolve: (text: string) => void }[] = [];
      decoder.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const ready = waiters.filter((waiter) => waiter.ready(text));
        waiters = waiters.filter((waiter) => !ready.includes(waiter));
        for (const waiter of ready) waiter.resolve(text);
      });
      res.on('data', (chunk: Buffer) => decoder.write(chunk));
      const ended = new Promise<{ text: string; trailers: Record<string, string | undefined>; complete: boolean }>(
        (done) => {
          const finish = () => done({ text, trailers: { ...res.trailers }, complete: res.complete });
          // A cut-off compressed stream makes the decoder fail at its end, after what it could decode.
          decoder.once('end', finish);
          decoder.once('error', finish);
          res.once('close', () => decoder.end());
        },
      );
      resolve({
        headers: res.headers,
        until: (ready) =>
          ready(text) ? Promise.resolve(text) : new Promise((done) => waiters.push({ ready, resolve: done })),
        finished: () => ended,
      });
    });
    req.on('error', reject);
    req.end();
  });
}
