import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderTemplate } from './render';
import { GENERATED_FILE, renderResolverTypes } from '../resolver-types/render';
import { subgraphNameProblem } from './subgraph-name';

export class ScaffoldError extends Error {}

export interface Registered {
  name: string;
  port: number;
  /** The folder the partner runs from; a new kind may not take a kind's name either. */
  kind?: string;
}

export interface ScaffoldOptions {
  name: string;
  /** Default: one above the highest port of the registered subgraphs. */
  port?: number;
  /** The repository to write into: the new folder is <root>/subgraphs/<name>. */
  root: string;
  registered: readonly Registered[];
}

export interface Scaffolded {
  dir: string;
  port: number;
  files: string[];
}

const GATEWAY_PORT = 4000;

export function choosePort(port: number | undefined, registered: readonly Registered[]): number {
  if (port === undefined) return Math.max(GATEWAY_PORT, ...registered.map((subgraph) => subgraph.port)) + 1;
  if (!Number.isInteger(port) || port < 1024 || port > 65535)
    throw new ScaffoldError(`--port must be a whole number from 1024 to 65535, not ${port}.`);
  const taken = port === GATEWAY_PORT ? 'the gateway' : registered.find((subgraph) => subgraph.port === port)?.name;
  if (taken)
    throw new ScaffoldError(`Port ${port} is already the default port of ${taken}; choose another with --port.`);
  return port;
}

/** Writes a new partner's folder from the template; refuses bad names and never overwrites. */
export function scaffoldSubgraph({ name, port, root, registered }: ScaffoldOptions): Scaffolded {
  const problem = subgraphNameProblem(
    name,
    registered.flatMap((subgraph) => [subgraph.name, subgraph.kind ?? subgraph.name]),
    root,
  );
  if (problem) throw new ScaffoldError(problem);
  const chosenPort = choosePort(port, registered);
  const files = renderTemplate(name, chosenPort);
  const dir = join(root, 'subgraphs', name);
  mkdirSync(dirname(dir), { recursive: true });
  // Not recursive: if the folder appeared since the name check, this fails instead of overwriting.
  mkdirSync(dir);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content, { flag: 'wx' });
  }
  // The resolver types name the folder they were generated for: generated again for the new one.
  writeFileSync(join(dir, GENERATED_FILE), renderResolverTypes(dir, `subgraphs/${name}`));
  return { dir, port: chosenPort, files: files.map((file) => file.path) };
}
