import { join } from 'node:path';
import type { SubgraphDefinition } from '../../kit/definition';
import { loadTypeDefs } from '../../kit/type-defs';
import { setup, type NewpartnerContext } from './context';
import { resolvers } from './resolvers';
import { seedDemo } from './seed';

export const newpartner: SubgraphDefinition<NewpartnerContext> = {
  name: 'newpartner',
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql')),
  resolvers,
  migrationsDir: join(__dirname, 'migrations'),
  setup,
  seedDemo,
};
