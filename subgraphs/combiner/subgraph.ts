import { join } from 'node:path';
import type { StatelessSubgraphDefinition } from '../kit/definition';
import type { PartnerRef } from '../kit/partner-sdl';
import { loadTypeDefs, type RenderFor } from '../kit/type-defs';
import { resolvers } from './resolvers';

type Context = { partners: readonly PartnerRef[] };

/**
 * The combining subgraph: stateless, it adds up what every corporation and care provider already
 * published to the caller. It is rendered for the partners file it runs with, which must be the
 * one the supergraph was composed from (npm run compose:check says when they differ).
 */
export const combiner = (partner: RenderFor): StatelessSubgraphDefinition<Context> => ({
  name: partner.self?.id ?? 'combiner',
  kind: 'combiner',
  stateless: true,
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql'), partner),
  resolvers,
  setup: () => () => ({ partners: partner.partners }),
  // A whole-country pull carries every partner's series of every area.
  maxRequestSize: '200mb',
});
