import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { parse } from 'csv-parse/sync';
import { headersFor, type ConsumerName } from '../../helpers/trust';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** HTTP trailers after the last chunk; empty when the transfer was cut. */
  trailers: Record<string, string | undefined>;
  /** False when the connection closed before the final chunk: the client saw a truncated transfer. */
  complete: boolean;
}

export const as = (consumer: ConsumerName = 'analyst') => headersFor(consumer);

/** GET with node:http, which exposes what fetch hides: trailers and whether the transfer completed. */
export function getRaw(url: string, headers: Record<string, string> = as()): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          trailers: { ...res.trailers },
          complete: res.complete,
        });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    }).on('error', reject);
  });
}

/** A response being read chunk by chunk; the test waits for what it needs, never for a time. */
export interface OpenResponse {
  status: number;
  headers: IncomingHttpHeaders;
  received(): string;
  /** Resolves once what was received so far satisfies `ready`. */
  until(ready: (text: string) => boolean): Promise<string>;
  /** Resolves when the transfer ends, completely or not. */
  finished(): Promise<RawResponse>;
  /** Hangs up, as a user cancelling a refresh. */
  destroy(): void;
}

export function open(url: string, headers: Record<string, string> = as()): Promise<OpenResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let waiters: { ready: (text: string) => boolean; resolve: (text: string) => void }[] = [];
      const text = () => Buffer.concat(chunks).toString('utf8');
      const ended = new Promise<RawResponse>((done) => {
        const finish = () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text(),
            trailers: { ...res.trailers },
            complete: res.complete,
          });
        res.on('end', finish);
        res.on('error', finish);
        res.on('close', finish);
      });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        const now = text();
        const ready = waiters.filter((waiter) => waiter.ready(now));
        waiters = waiters.filter((waiter) => !ready.includes(waiter));
        for (const waiter of ready) waiter.resolve(now);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        received: text,
        until: (ready) =>
          ready(text()) ? Promise.resolve(text()) : new Promise((done) => waiters.push({ ready, resolve: done })),
        finished: () => ended,
        destroy: () => void res.destroy(),
      });
    }).on('error', reject);
  });
}

export type Row = Record<string, string>;

/** RFC 4180 as a strict parser reads it; throws on anything malformed (such as an unclosed quote). */
export function parseCsv(text: string, delimiter: ',' | ';' = ','): Row[] {
  return parse(text, {
    columns: true,
    delimiter,
    bom: true,
    record_delimiter: '\r\n',
    relax_column_count: false,
  }) as Row[];
}

export const parseJsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Lines of a CSV body after the header that end in CRLF: rows fully received so far. */
export const csvRowsIn = (text: string) => Math.max(0, text.split('\r\n').length - 2);
