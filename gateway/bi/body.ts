import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';
import { BROTLI_QUALITY, GZIP_LEVEL } from '../web/compression';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The body of a streamed export. It compresses itself rather than through the `compression`
 * middleware, which drops write callbacks and cannot say when a flush has reached the socket:
 * an export waits for both, to pace itself to the client and to cut a failed transfer only after
 * its last words went out.
 */
export interface ExportBody {
  /** Sends text now (flushed through the compressor); resolves when the client can take more. */
  send(text: string): Promise<void>;
  /** The last text, then the trailers after the final chunk. */
  end(text: string, trailers: Record<string, string> | null): void;
  /** The last text, then the connection is cut without the final chunk: a truncated transfer. */
  cut(text: string): void;
}

/** The same choice as the middleware: brotli, then gzip, where the client weighs them alike. */
export function negotiateEncoding(req: Request, enabled: boolean): Encoding {
  if (!enabled) return 'identity';
  const choice = new Negotiator(req).encoding(['br', 'gzip', 'identity'], { preferred: ['br', 'gzip'] });
  return choice === 'br' || choice === 'gzip' ? choice : 'identity';
}

export function exportBody(res: Response, encoding: Encoding): ExportBody {
  return encoding === 'identity' ? plainBody(res) : encodedBody(res, encoding);
}

function plainBody(res: Response): ExportBody {
  return {
    send: async (text) => {
      if (!res.write(text)) await drained(res);
    },
    end: (text, trailers) => {
      if (trailers) res.addTrailers(trailers);
      res.end(text);
    },
    cut: (text) => {
      const flushed = res.write(text, () => res.destroy());
      if (!flushed) res.destroy();
    },
  };
}

function encodedBody(res: Response, encoding: 'br' | 'gzip'): ExportBody {
  const encoder =
    encoding === 'br'
      ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
      : createGzip({ level: GZIP_LEVEL });
  const closed = new Promise<void>((resolve) => encoder.once('close', resolve));
  let written = Promise.resolve();
  encoder.on('data', (chunk: Buffer) => {
    written = new Promise((resolve) => {
      if (!res.write(chunk, () => resolve())) encoder.pause();
    });
  });
  // The encoder's flush waits while it holds unread output, so a slow client paces the export.
  res.on('drain', () => encoder.resume());
  res.once('close', () => encoder.destroy());
  encoder.on('error', () => res.destroy());
  const flushed = () => Promise.race([new Promise<void>((resolve) => encoder.flush(() => resolve())), closed]);
  return {
    send: async (text) => {
      encoder.write(text);
      await flushed();
      if (res.writableNeedDrain && !res.destroyed) await drained(res);
    },
    end: (text, trailers) => {
      encoder.once('end', () => {
        if (trailers) res.addTrailers(trailers);
        res.end();
      });
      encoder.end(text);
    },
    cut: (text) => {
      encoder.write(text);
      void flushed()
        .then(() => written)
        .then(() => res.destroy());
    },
  };
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
