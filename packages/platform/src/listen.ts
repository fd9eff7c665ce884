import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  port: number;
  url: string;
  /**
   * Stops accepting and lets in-flight requests finish; after `graceMs` the connections still
   * open are cut, so a hanging request cannot hold up a shutdown.
   */
  close(graceMs?: number): Promise<void>;
}

/** Files for mutual TLS: our certificate and key, and the CA that signs our callers' certificates. */
export interface TlsFiles {
  cert: string;
  key: string;
  clientCa: string;
}

/**
 * How long a caller may take to send a request. Node's defaults (60 s for the headers, 300 s for
 * the whole request) let a slow client hold a socket and its memory for minutes (slowloris). Our
 * callers are the gateway on a fast network and clients of the gateway whose bodies are at most
 * 1 MB, so 10 s for the headers and 30 s for the whole request leave a wide margin. Timing out
 * answers 408 and closes the connection; answering takes as long as it takes.
 */
export interface RequestTimeouts {
  headersMs: number;
  requestMs: number;
}
export const REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };

/** Another process listens on the port: the caller names the variable that moves it. */
export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(readonly port: number) {
    super(`port ${port} is in use`);
  }
}

/** The one line a person starting a server reads when its port is taken. */
export const portInUseLine = (name: string, error: PortInUseError, variable: string) =>
  `${name}: port ${error.port} is in use (PORT_IN_USE); stop what listens there, or set ${variable} to a free port (0 picks one)\n`;

/** Port 0 picks a free port: tests start whole federations side by side this way. */
export function listen(
  handler: RequestListener,
  port: number,
  host = '127.0.0.1',
  tls: TlsFiles | null = null,
  timeouts: RequestTimeouts = REQUEST_TIMEOUTS,
): Promise<Listening> {
  // Node checks the timeouts on an interval (30 s by default), which would stretch a 10 s limit to 40 s.
  const limits = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
  };
  const server: Server = tls
    ? createTlsServer(
        {
          cert: readFileSync(tls.cert),
          key: readFileSync(tls.key),
          ca: readFileSync(tls.clientCa),
          requestCert: true,
          rejectUnauthorized: true,
          ...limits,
        },
        handler,
      )
    : createServer(limits, handler);
  // The gateway keeps connections alive; our timeout must outlast its idle timeout.
  server.keepAliveTimeout = 65_000;
  const drain = drainKeepAlive(server);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      const shownHost = ['0.0.0.0', '::', '127.0.0.1'].includes(host) ? 'localhost' : host;
      resolve({
        server,
        port: actual,
        url: `${tls ? 'https' : 'http'}://${shownHost}:${actual}`,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            drain();
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * From the first moment of a shutdown, every answer says `Connection: close` and its socket
 * closes once it is sent, and a socket that goes idle is closed at once: keep-alive clients move
 * on to another replica instead of being served until the grace period cuts them mid-request.
 */
function drainKeepAlive(server: Server): () => void {
  let draining = false;
  const open = new Set<ServerResponse>();
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    draining = true;
    for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
  };
}
