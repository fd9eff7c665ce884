import pino, { type Logger } from 'pino';

export type LogLine = Record<string, unknown>;

export interface MemoryLog {
  logger: Logger;
  /** Every line so far, parsed, in order. */
  lines: LogLine[];
  /** The first line (already written or still to come) that `matches`; waits for it, no timer. */
  next(matches: (line: LogLine) => boolean): Promise<LogLine>;
}

/** A pino logger writing its JSON lines into an array, as the real one writes them to stdout. */
export function memoryLogger(level = 'info'): MemoryLog {
  const lines: LogLine[] = [];
  const waiting: { matches: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  const logger = pino(
    { level },
    {
      write(text: string) {
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of waiting.filter(({ matches }) => matches(line))) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      },
    },
  );
  const next = (matches: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => {
      const found = lines.find(matches);
      if (found) resolve(found);
      else waiting.push({ matches, resolve });
    });
  return { logger, lines, next };
}
