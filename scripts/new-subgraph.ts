import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PARTNERS_FILE, SUBGRAPHS } from '../schema/subgraphs';
import { nextSteps, nextStepsForMember } from './scaffold/next-steps';
import { registerPartner } from './scaffold/register';
import { choosePort, scaffoldSubgraph, ScaffoldError } from './scaffold/scaffold';
import { memberIdProblem } from './scaffold/subgraph-name';

/**
 * `npm run subgraph:new`: joining the federation.
 * - `-- <id> --kind <kind> --name "<organisation>"`: another organisation of a kind the federation
 *   has (a third housing corporation): an entry in schema/partners.json, no code.
 * - `-- <name>`: a new kind of partner: a folder rendered from packages/subgraph-kit/template, and its entry.
 * Exit 1 when the name or port cannot be used, 2 on wrong usage.
 */
const USAGE =
  'Usage: npm run subgraph:new -- <id> --kind <kind> --name "<organisation>" [--areas GM0344,WK034401] [--port N]\n' +
  '   or: npm run subgraph:new -- <name> [--port N]\n' +
  '  <id>         another organisation of an existing kind, for example housing-bouwlust\n' +
  '  <name>       a new kind of partner: lower-case letters and digits, for example youthcare\n' +
  "  --kind K     the kind it joins (housing, care): it runs that kind's subgraph with its own data\n" +
  "  --name N     the organisation's name, shown with its figures\n" +
  '  --areas A    the CBS municipality (GM) or district (WK) codes it serves, comma-separated (default: all)\n' +
  '  --port N     its default port (default: one above the highest registered port)\n';
const ROOT = join(__dirname, '..');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        kind: { type: 'string' },
        name: { type: 'string' },
        areas: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || !positionals[0]) fail(USAGE, 2);
  const id = positionals[0];
  if (values.port !== undefined && !/^\d+$/.test(values.port))
    fail(`--port takes a number, not "${values.port}".\n${USAGE}`, 2);
  const port = values.port === undefined ? undefined : Number(values.port);
  try {
    if (values.kind) {
      const problem = memberIdProblem(id, values.kind, SUBGRAPHS);
      if (problem) throw new ScaffoldError(problem);
      if (!values.name)
        throw new ScaffoldError(
          `Give the organisation's name with --name, for example --name "Woonstichting Bouwlust".`,
        );
      const areas = values.areas
        ?.split(',')
        .map((area) => area.trim())
        .filter(Boolean);
      const chosen = choosePort(port, SUBGRAPHS);
      registerPartner(PARTNERS_FILE, {
        id,
        kind: values.kind,
        name: values.name,
        port: chosen,
        ...(areas ? { areas } : {}),
      });
      process.stdout.write(nextStepsForMember(id, values.kind, chosen));
      return;
    }
    const scaffolded = scaffoldSubgraph({ name: id, port, root: ROOT, registered: SUBGRAPHS });
    registerPartner(PARTNERS_FILE, { id, kind: id, name: values.name ?? id, port: scaffolded.port });
    process.stdout.write(nextSteps(id, scaffolded));
  } catch (error) {
    if (error instanceof ScaffoldError) fail(error.message, 1);
    throw error;
  }
}

main();
