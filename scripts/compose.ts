import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_FILE } from '../schema/compose';

// `npm run compose` rewrites the committed supergraph; `npm run compose -- --check` only compares.
const fresh = composeSupergraph();
if (process.argv.includes('--check')) {
  if (readFileSync(SUPERGRAPH_FILE, 'utf8') !== fresh) {
    process.stderr.write('schema/supergraph.graphql is out of date: run `npm run compose` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write('schema/supergraph.graphql matches a fresh composition.\n');
} else {
  writeFileSync(SUPERGRAPH_FILE, fresh);
  process.stdout.write(`Wrote ${SUPERGRAPH_FILE}\n`);
}
