import { readFileSync, writeFileSync } from 'node:fs';
import { ScaffoldError } from './scaffold';

// An entry of the SUBGRAPHS list: `  { name: 'care', port: 4003 },` (other properties may follow).
const ENTRY = /^([ \t]*)\{ name: '[a-z0-9]+', port: \d+\b.*\},?[ \t]*$/gm;

/**
 * Adds `{ name, port }` after the last partner in schema/subgraphs.ts. The file is the one list
 * the composition, `npm start` and the gateway read, so it is edited as text, in place.
 */
export function registerSubgraph(subgraphsFile: string, name: string, port: number): void {
  const source = readFileSync(subgraphsFile, 'utf8');
  const last = [...source.matchAll(ENTRY)].at(-1);
  if (!last || last.index === undefined) {
    throw new ScaffoldError(`Could not find the list of subgraphs in ${subgraphsFile}; add { name: '${name}', port: ${port} } to it yourself.`);
  }
  const end = last.index + last[0].length;
  const separator = last[0].trimEnd().endsWith(',') ? '' : ',';
  const entry = `${last[1] ?? ''}{ name: '${name}', port: ${port} },`;
  writeFileSync(subgraphsFile, `${source.slice(0, end).trimEnd()}${separator}\n${entry}${source.slice(end)}`);
}
