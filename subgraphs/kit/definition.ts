// @apollo/subgraph does not export its resolver-map type from the package root; partners import
// it from here so that deep import lives in one place.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
export type { GraphQLResolverMap as Resolvers };
import type { DocumentNode } from 'graphql';
import type { Database, Queryable } from './database';

/**
 * What a partner writes to join the federation: its schema, its resolvers and how to build the
 * per-request context (loaders). Everything else (HTTP, errors, health) comes from the kit.
 */
export interface SubgraphDefinition<Context extends object, Extra = Record<string, unknown>> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Context>;
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
