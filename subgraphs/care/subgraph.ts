import { join } from 'node:path';
import { z } from 'zod';
import type { SubgraphDefinition } from '../kit/definition';
import { loadTypeDefs } from '../kit/type-defs';
import { prepare, setup, type CareContext, type CareSettings } from './context';
import { resolvers } from './resolvers';
import { seedDemo } from './seed';

/** The provider's disclosure rule; the defaults follow CBS practice for care figures. */
export const settings = {
  CARE_DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).default(10),
  CARE_DISCLOSURE_ROUND_TO: z.coerce.number().int().min(1).default(5),
};

export const care: SubgraphDefinition<CareContext, CareSettings> = {
  name: 'care',
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql')),
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
  setup,
  seedDemo,
  prepare,
};
