import { join } from 'node:path';
import type { StatelessSubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { loadTypeDefs, type RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';
import { resolvers } from './resolvers';
import { z } from 'zod';
import { careParties, loadPairSecrets, type PairSecrets } from '@buurtgraaf/subgraph-kit/secure-sum';
import { type PartnerRef, envPrefix } from '@buurtgraaf/protocol';

type Context = { partners: readonly PartnerRef[]; secrets: PairSecrets | null };

/** The combiner's settings: its pair secrets with every care provider (unset: no secure sum). */
export const settingsOf = (prefix: string) => ({
  [`${prefix}_PAIR_SECRETS_DIR`]: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the combiner's secure-sum secrets: `<provider-id>.secret` for every care provider; unset, no combined count comes from the secure sum",
    ),
});
type Settings = Record<string, string | undefined>;

/** Checked at start-up: a secret for every care provider of the partners file, and no other. */
export function pairSecretsOf(settings: Settings, partner: RenderFor): PairSecrets | null {
  const self = partner.self?.id ?? 'combiner';
  const variable = `${envPrefix(self)}_PAIR_SECRETS_DIR`;
  const dir = settings[variable];
  if (!dir) return null;
  const peers = careParties(partner.partners).filter((id) => id !== self);
  const { ownKey: _, ...secrets } = loadPairSecrets(variable, dir, self, peers, false);
  return secrets;
}

/**
 * The combining subgraph: stateless, it adds up what every corporation and care provider already
 * published to the caller. It is rendered for the partners file it runs with, which must be the
 * one the supergraph was composed from (npm run compose:check says when they differ).
 */
export const combiner = (partner: RenderFor): StatelessSubgraphDefinition<Context, Settings> => ({
  name: partner.self?.id ?? 'combiner',
  kind: 'combiner',
  stateless: true,
  typeDefs: loadTypeDefs(join(__dirname, 'schema.graphql'), partner),
  policyFile: join(__dirname, 'policy.json'),
  resolvers,
  setup: (settings) => {
    const secrets = pairSecretsOf(settings ?? {}, partner);
    return () => ({ partners: partner.partners, secrets });
  },
  // A whole-country pull carries every partner's series of every area.
  maxRequestSize: '200mb',
});
