import { join } from 'node:path';
import { z } from 'zod';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { OWN_FIELD } from '@buurtgraaf/subgraph-kit/partner-sdl';
import { loadTypeDefs, type RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';
import { prepare, ruleOf, setup, type CareContext, type CareSettings } from './context';
import { resolversFor } from './resolvers';
import { seedDemo } from './seed';
import { careParties, loadPairSecrets } from '@buurtgraaf/subgraph-kit/secure-sum';
import type { SecureSumSetup } from './share';
import { envPrefix } from '@buurtgraaf/protocol';

/**
 * The provider's disclosure rule; the defaults follow CBS practice for care figures. Every
 * provider sets its own, under its own prefix (CARE_STADSZORG_DISCLOSURE_THRESHOLD).
 */
export const settingsOf = (prefix: string) => ({
  [`${prefix}_DISCLOSURE_THRESHOLD`]: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe("this care provider's counts below this are suppressed (at least 1)"),
  [`${prefix}_DISCLOSURE_ROUND_TO`]: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe("this care provider's published counts are rounded to a multiple of this (at least 1)"),
  // The pair secrets of the secure sum (kit/secure-sum/secrets.ts); unset, the provider sends no share.
  [`${prefix}_PAIR_SECRETS_DIR`]: z
    .string()
    .min(1)
    .optional()
    .describe(
      "this care provider's secure-sum secrets: `<peer-id>.secret` for every other care provider and the combiner (each shared with that peer only), and `own.key` (its own noise key, shared with nobody); unset, it takes no part and combined cells it suppressed stay hidden (`SECURE_SUM_UNAVAILABLE`). A missing, short, duplicated or stale (partner no longer listed) secret stops start-up",
    ),
});

/**
 * The provider's part in the secure sum, checked at start-up: a secret for every other care
 * provider and for the combiner of the partners file, and its own noise key.
 */
export function secureSumOf(settings: CareSettings, prefix: string, partner: RenderFor): SecureSumSetup | null {
  const dir = settings[`${prefix}_PAIR_SECRETS_DIR`];
  if (typeof dir !== 'string' || !partner.self) return null;
  const self = partner.self.id;
  const peers = careParties(partner.partners).filter((id) => id !== self);
  const { ownKey, ...secrets } = loadPairSecrets(`${prefix}_PAIR_SECRETS_DIR`, dir, self, peers, true);
  return { secrets, ownKey: ownKey ?? '', partners: partner.partners };
}

/** One care provider's subgraph; every provider runs this with its own entry in schema/partners.json. */
export const care = (partner: RenderFor): SubgraphDefinition<CareContext, CareSettings> => {
  const name = partner.self?.id ?? 'care';
  const prefix = envPrefix(name);
  return {
    name,
    kind: 'care',
    partnerField: partner.self?.field,
    typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql'), partner),
    policyFile: join(__dirname, 'policy.json'),
    resolvers: resolversFor(partner.self?.field ?? OWN_FIELD),
    migrationsDir: join(__dirname, 'migrations'),
    setup: (db, settings) => setup(db, ruleOf(settings, prefix), secureSumOf(settings, prefix, partner)),
    seedDemo: seedDemo(partner),
    prepare: (db, settings) => prepare(db, ruleOf(settings, prefix)),
  };
};
