// @apollo/subgraph does not export its resolver-map type from the package root; partners import
// it from here so that deep import lives in one place.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
export type { GraphQLResolverMap as Resolvers };
import type { DocumentNode } from 'graphql';
import type { Database, Queryable } from './database';

interface DefinitionBase<Context extends object> {
  /** The partner's id: its subgraph name and, in capitals, the prefix of its settings. */
  name: string;
  /** The folder under subgraphs/ with its code and default policy, when several partners share it (default: name). */
  kind?: string;
  /** The field `PARTNER` stands for in the schema and policy of a kind with several members (kit/partner-sdl.ts). */
  partnerField?: string | undefined;
  typeDefs: DocumentNode;
  /** The policy file the partner's folder ships; <PREFIX>_POLICY_FILE points elsewhere. */
  policyFile: string;
  resolvers: GraphQLResolverMap<Context>;
  /**
   * Largest request body the subgraph accepts (default 20mb, a whole-country `_entities` call);
   * a subgraph that receives owners' figures through @requires needs more.
   */
  maxRequestSize?: string;
}

/**
 * What a partner writes to join the federation: its schema, its resolvers and how to build the
 * per-request context (loaders). Everything else (HTTP, errors, health) comes from the kit.
 */
export interface SubgraphDefinition<Context extends object, Extra = Record<string, unknown>>
  extends DefinitionBase<Context> {
  /** Absolute path of the folder with NNNN_name.sql migrations. */
  migrationsDir: string;
  /**
   * Called once at start-up with the database and the subgraph's own settings; returns the
   * factory for a fresh context per request (loaders must never share a cache across callers).
   */
  setup(db: Queryable, extra: Extra): () => Context;
  /** Loads the Utrecht demo data when the database has none; returns false when data was there. */
  seedDemo?(db: Database): Promise<boolean>;
  /**
   * Optional start-up work after migrations and demo seeding and before the first request, with
   * the same settings as setup (care recomputes its suppression flags when its rule changed).
   */
  prepare?(db: Database, extra: Extra): Promise<void>;
}

/**
 * A subgraph that keeps no data of its own: it derives figures from the owners' fields the gateway
 * passes in (`@requires`), so no database is opened, migrated or seeded for it.
 */
export interface StatelessSubgraphDefinition<Context extends object, Extra = Record<string, unknown>>
  extends DefinitionBase<Context> {
  stateless: true;
  setup(extra: Extra): () => Context;
}

export type AnySubgraphDefinition<Context extends object, Extra = Record<string, unknown>> =
  | SubgraphDefinition<Context, Extra>
  | StatelessSubgraphDefinition<Context, Extra>;

export function isStateless<C extends object, E>(
  definition: AnySubgraphDefinition<C, E>,
): definition is StatelessSubgraphDefinition<C, E> {
  return 'stateless' in definition && definition.stateless;
}
