import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS } from '../schema/subgraphs';
import { nextSteps } from './scaffold/next-steps';
import { registerSubgraph } from './scaffold/register';
import { scaffoldSubgraph, ScaffoldError } from './scaffold/scaffold';

/**
 * `npm run subgraph:new -- <name> [--port N] [--register]`: a new partner's folder, copied from
 * subgraphs/kit/template with its example renamed. Exit 1 when the name or port cannot be used,
 * 2 on wrong usage.
 */
const USAGE = 'Usage: npm run subgraph:new -- <name> [--port N] [--register]\n' +
  '  <name>       lower-case letters and digits, for example youthcare\n' +
  '  --port N     its default port (default: one above the highest registered port)\n' +
  '  --register   also add it to schema/subgraphs.ts\n';
const ROOT = join(__dirname, '..');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({ options: { port: { type: 'string' }, register: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || !positionals[0]) fail(USAGE, 2);
  const name = positionals[0];
  if (values.port !== undefined && !/^\d+$/.test(values.port)) fail(`--port takes a number, not "${values.port}".\n${USAGE}`, 2);
  const port = values.port === undefined ? undefined : Number(values.port);
  try {
    const scaffolded = scaffoldSubgraph({ name, port, root: ROOT, registered: SUBGRAPHS });
    if (values.register) registerSubgraph(join(ROOT, 'schema', 'subgraphs.ts'), name, scaffolded.port);
    process.stdout.write(nextSteps(name, scaffolded, values.register));
  } catch (error) {
    if (error instanceof ScaffoldError) fail(error.message, 1);
    throw error;
  }
}

main();
