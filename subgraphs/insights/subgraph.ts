import { join } from 'node:path';
import { existingFile } from '@buurtgraaf/platform';
import type { StatelessSubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { loadTypeDefs } from '@buurtgraaf/subgraph-kit/type-defs';
import { setup, type InsightsContext, type InsightsSettings } from './context';
import { resolvers } from './resolvers';

/** The scoring model's weights: the committed demo file unless the partners point elsewhere. */
export const settings = {
  INSIGHTS_SCORING_FILE: existingFile
    .default(join(__dirname, 'scoring.json'))
    .describe(
      'the destination scoring model the partners agreed on; a file with any mistake stops start-up, naming each',
    ),
};

export const insights: StatelessSubgraphDefinition<InsightsContext, InsightsSettings> = {
  name: 'insights',
  stateless: true,
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql')),
  policyFile: join(__dirname, 'policy.json'),
  resolvers,
  setup,
  // Municipality.insights for the whole country carries every owner's series of every area: ~70 MB.
  maxRequestSize: '200mb',
};
