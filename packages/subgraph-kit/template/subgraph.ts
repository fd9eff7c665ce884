import { join } from 'node:path';
import { z } from 'zod';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { loadTypeDefs } from '@buurtgraaf/subgraph-kit/type-defs';
import { setup, type NewpartnerContext, type NewpartnerSettings } from './context';
import { resolvers } from './resolvers';
import { seedDemo } from './seed';

/** The disclosure rule for the counts this partner publishes; the defaults follow CBS practice. */
export const settings = {
  NEWPARTNER_DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).default(10),
  NEWPARTNER_DISCLOSURE_ROUND_TO: z.coerce.number().int().min(1).default(5),
};

export const newpartner: SubgraphDefinition<NewpartnerContext, NewpartnerSettings> = {
  name: 'newpartner',
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql')),
  policyFile: join(__dirname, 'policy.json'),
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
  setup,
  seedDemo,
};
