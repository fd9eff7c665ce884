import { join } from 'node:path';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { OWN_FIELD } from '@buurtgraaf/subgraph-kit/partner-sdl';
import { loadTypeDefs, type RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';
import { setup, type HousingContext } from './context';
import { resolversFor } from './resolvers';
import { seedDemo } from './seed';

/** One housing corporation's subgraph; every corporation runs this with its own entry in schema/partners.json. */
export const housing = (partner: RenderFor): SubgraphDefinition<HousingContext> => ({
  name: partner.self?.id ?? 'housing',
  kind: 'housing',
  partnerField: partner.self?.field,
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql'), partner),
  policyFile: join(__dirname, 'policy.json'),
  resolvers: resolversFor(partner.self?.field ?? OWN_FIELD),
  migrationsDir: join(__dirname, 'migrations'),
  setup,
  seedDemo: seedDemo(partner),
});
