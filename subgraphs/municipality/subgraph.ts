import { join } from 'node:path';
import { z } from 'zod';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { loadTypeDefs } from '@buurtgraaf/subgraph-kit/type-defs';
import { setup, type MunicipalityContext, type MunicipalitySettings } from './context';
import { resolvers } from './resolvers';
import { seedDemo } from './seed';

export const settings = {
  // 20,000 lets a whole-country pull (about 14,500 neighbourhoods) through in one page.
  MUNICIPALITY_MAX_PAGE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(20_000)
    .describe('largest `first` that `neighbourhoods` accepts, 1 to 100,000'),
};

export const municipality: SubgraphDefinition<MunicipalityContext, MunicipalitySettings> = {
  name: 'municipality',
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql')),
  policyFile: join(__dirname, 'policy.json'),
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
  setup,
  seedDemo,
};
