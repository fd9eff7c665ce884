import { join } from 'node:path';
import { z } from 'zod';
import type { SubgraphDefinition } from '../kit/definition';
import { OWN_FIELD } from '../kit/partner-sdl';
import { loadTypeDefs, type RenderFor } from '../kit/type-defs';
import { envPrefix } from '../kit/subgraph-config';
import { prepare, ruleOf, setup, type CareContext, type CareSettings } from './context';
import { resolversFor } from './resolvers';
import { seedDemo } from './seed';

/**
 * The provider's disclosure rule; the defaults follow CBS practice for care figures. Every
 * provider sets its own, under its own prefix (CARE_STADSZORG_DISCLOSURE_THRESHOLD).
 */
export const settingsOf = (prefix: string) => ({
  [`${prefix}_DISCLOSURE_THRESHOLD`]: z.coerce.number().int().min(1).default(10),
  [`${prefix}_DISCLOSURE_ROUND_TO`]: z.coerce.number().int().min(1).default(5),
});

/** One care provider's subgraph; every provider runs this with its own entry in schema/partners.json. */
export const care = (partner: RenderFor): SubgraphDefinition<CareContext, CareSettings> => {
  const name = partner.self?.id ?? 'care';
  const prefix = envPrefix(name);
  return {
    name,
    kind: 'care',
    partnerField: partner.self?.field,
    typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql'), partner),
    resolvers: resolversFor(partner.self?.field ?? OWN_FIELD),
    migrationsDir: join(__dirname, 'migrations'),
    setup: (db, settings) => setup(db, ruleOf(settings, prefix)),
    seedDemo: seedDemo(partner),
    prepare: (db, settings) => prepare(db, ruleOf(settings, prefix)),
  };
};
