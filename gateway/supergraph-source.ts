import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@buurtgraaf/platform';

/**
 * Serves the committed supergraph file and, when `pollMs` > 0, swaps in a new version as soon as
 * the file changes: the gateway builds the new schema and query planner first and switches
 * atomically; requests already running finish on the schema they started with. A file that does
 * not parse or compose is rejected with a log line while the old schema keeps serving.
 */
export function supergraphFromFile(
  file: string,
  pollMs: number,
  logger: Logger,
): SupergraphManager & { accepted(): string } {
  // What the gateway serves: the file as last accepted, never a version it rejected.
  let current = '';
  return {
    accepted: () => current,
    async initialize({ update }) {
      current = readFileSync(file, 'utf8');
      if (pollMs > 0) {
        watchFile(file, { interval: pollMs }, () => {
          let next: string;
          try {
            next = readFileSync(file, 'utf8');
          } catch (error) {
            logger.error({ err: error, file }, 'supergraph file unreadable; the current schema keeps serving');
            return;
          }
          if (next === current) return;
          try {
            update(next);
            current = next;
            logger.info({ file }, 'supergraph updated');
          } catch (error) {
            logger.error({ err: error, file }, 'new supergraph rejected; the current schema keeps serving');
          }
        });
      }
      return { supergraphSdl: current, cleanup: async () => unwatchFile(file) };
    },
  };
}
