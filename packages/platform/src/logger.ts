import pino, { type Logger } from 'pino';

export type { Logger };

/** One JSON line per event on stdout; `service` tells the processes of a local federation apart. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, base: { service } });
}
