import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSchema } from '../schema/check/check';
import { formatReport } from '../schema/check/report';

/**
 * `npm run schema:check -- <subgraph> <candidate.graphql>`: would this schema compose, break a
 * client or a trusted document? Without arguments, the whole tree is checked (CI, `npm test`).
 * Exit 0 when safe, 1 with a report when not, 2 on wrong usage or when it cannot run.
 */
const USAGE =
  'Usage: npm run schema:check -- [<subgraph> <candidate-schema.graphql>] [--supergraph <file>]\n' +
  '  no arguments         check every subgraph schema in the tree against the committed supergraph\n' +
  "  <subgraph> <file>    check one subgraph's candidate schema (a new name checks a joining partner)\n" +
  '  --supergraph <file>  compare with this supergraph instead of schema/supergraph.graphql\n';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({ options: { supergraph: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    usage((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length === 1 || positionals.length > 2)
    usage('Give both the subgraph name and the candidate schema file, or neither.');
  const [name, file] = positionals;
  const files = [file, values.supergraph].filter((path): path is string => path !== undefined);
  for (const path of files) if (!existsSync(path)) usage(`No such file: ${path}`);
  let result;
  try {
    result = checkSchema({
      candidate: name && file ? { name, schemaFile: resolve(file) } : undefined,
      supergraphFile: values.supergraph && resolve(values.supergraph),
    });
  } catch (error) {
    // An unreadable baseline or manifest: nothing was checked, so this is no verdict on the schema.
    process.stderr.write(`The schema check could not run: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(formatReport(result));
  process.exit(result.safe ? 0 : 1);
}

main();
