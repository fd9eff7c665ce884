import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Names that would collide with a folder, an environment variable prefix of the federation
// (GATEWAY_PORT, LOG_LEVEL, NODE_ENV, ...) or a GraphQL root type once written in capitals.
const RESERVED: Record<string, string> = {
  kit: 'the subgraph kit (@buurtgraaf/subgraph-kit) goes by this name',
  template: 'packages/subgraph-kit/template is what new subgraphs are made from',
  gateway: 'GATEWAY_* variables configure the gateway',
  subgraph: 'SUBGRAPH_* variables tell the gateway where partners are',
  supergraph: 'SUPERGRAPH_FILE configures the gateway',
  schema: 'schema/ holds the contract and the supergraph',
  log: 'LOG_LEVEL configures every process',
  node: 'NODE_ENV and NODE_OPTIONS belong to Node.js',
  otel: 'OTEL_* variables configure tracing',
  test: 'TEST_DATABASE_URL configures the tests',
  local: 'LOCAL_TRUST_DIR configures npm start',
  docker: 'DOCKER_HOST configures the tests',
  query: 'Query is the GraphQL root type',
  mutation: 'Mutation is a GraphQL root type',
  subscription: 'Subscription is a GraphQL root type',
};

/**
 * Why `name` cannot be a new subgraph, or null when it can. The name becomes a folder, the
 * prefix of the partner's variables (NAME_PORT), SQL names and GraphQL type names, so only
 * lower-case letters and digits are safe everywhere: a hyphen cannot appear in a shell variable
 * or a migration file name, and an underscore would make prefixes ambiguous.
 */
export function subgraphNameProblem(name: string, registered: readonly string[], root: string): string | null {
  if (name.includes('-') || name.includes('_')) {
    return `"${name}" cannot be used: the name becomes the prefix of environment variables (${name.toUpperCase()}_PORT) and of SQL names, where a hyphen or underscore breaks or confuses them. Write it as one word, for example "${name.replace(/[-_]/g, '')}".`;
  }
  if (!/^[a-z][a-z0-9]*$/.test(name)) {
    return `"${name}" cannot be used: a subgraph name is lower-case letters and digits, starting with a letter (for example "youthcare").`;
  }
  if (name.length < 2 || name.length > 30)
    return `"${name}" cannot be used: a subgraph name is 2 to 30 characters long.`;
  const reserved = RESERVED[name];
  if (reserved) return `"${name}" is reserved: ${reserved}.`;
  if (registered.includes(name)) return `"${name}" is already a subgraph of the federation (schema/partners.json).`;
  if (existsSync(join(root, 'subgraphs', name)))
    return `subgraphs/${name} already exists; it is never overwritten. Choose another name or remove that folder.`;
  return null;
}

/** "youthcare" -> "Youthcare", for GraphQL type names. */
export const pascalCase = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * Why `id` cannot join as another organisation of `kind`, or null when it can. Its id becomes
 * its subgraph name, the prefix of its variables (HOUSING_BOUWLUST_) and its field
 * (housing_bouwlust), so it starts with the kind: one glance tells what it is.
 */
export function memberIdProblem(
  id: string,
  kind: string,
  registered: readonly { name: string; kind: string }[],
): string | null {
  if (!registered.some((partner) => partner.kind === kind)) {
    const kinds = [...new Set(registered.map((partner) => partner.kind))].join(', ');
    return `There is no partner of kind "${kind}" to join; the kinds are ${kinds}. A new kind is scaffolded without --kind.`;
  }
  if (!new RegExp(`^${kind}-[a-z0-9]+(-[a-z0-9]+)*$`).test(id) || id.length > 40) {
    return `"${id}" cannot be used: an organisation of kind ${kind} is named ${kind}-<name>, lower-case letters and digits, for example ${kind}-bouwlust.`;
  }
  if (registered.some((partner) => partner.name === id))
    return `"${id}" is already a partner of the federation (schema/partners.json).`;
  return null;
}
