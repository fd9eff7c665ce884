// negotiator ships no types; this declares the one call the gateway makes (README, v1).
declare module 'negotiator' {
  import type { IncomingMessage } from 'node:http';
  class Negotiator {
    constructor(request: IncomingMessage);
    /** The best of `available` by the client's Accept-Encoding; `preferred` breaks ties in the client's weights. */
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
  export = Negotiator;
}
