import { renderFor, SUBGRAPHS, type PartnerEntry } from '../../schema/subgraphs';
import { care, settingsOf as careSettingsOf } from '../../subgraphs/care/subgraph';
import { combiner, settingsOf as combinerSettingsOf } from '../../subgraphs/combiner/subgraph';
import { housing } from '../../subgraphs/housing/subgraph';
import { insights, settings as insightsSettings } from '../../subgraphs/insights/subgraph';
import { parseEnv } from '@buurtgraaf/platform';
import type { AnySubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { municipality, settings as municipalitySettings } from '../../subgraphs/municipality/subgraph';
import { envPrefix } from '@buurtgraaf/protocol';

/** The first partner of a kind in schema/partners.json: what a test means by "the corporation". */
export const firstOf = (kind: string) => {
  const entry = SUBGRAPHS.find((partner) => partner.kind === kind);
  if (!entry) throw new Error(`schema/partners.json has no partner of kind ${kind}`);
  return entry.name;
};

export const HOUSING = firstOf('housing');
export const CARE = firstOf('care');

/** A housing corporation's or care provider's definition, by partner id. */
export const housingOf = (id = HOUSING) => housing(renderFor(id));
export const careOf = (id = CARE) => care(renderFor(id));
/** A care provider's settings from an environment written without its prefix ({ DISCLOSURE_THRESHOLD: '20' }). */
export const careSettings = (env: Record<string, string> = {}, id = CARE) =>
  parseEnv(
    careSettingsOf(envPrefix(id)),
    Object.fromEntries(Object.entries(env).map(([key, value]) => [`${envPrefix(id)}_${key}`, value])),
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own context and settings
type Started = { definition: AnySubgraphDefinition<any, any>; extra: unknown };

/** The definition and settings a partner of the partners file runs with, as its main.ts would build them. */
export function partnerDefinition(
  entry: PartnerEntry,
  env: NodeJS.ProcessEnv,
  all: readonly PartnerEntry[] = SUBGRAPHS,
): Started {
  switch (entry.kind) {
    case 'municipality':
      return { definition: municipality, extra: parseEnv(municipalitySettings, env) };
    case 'housing':
      return { definition: housing(renderFor(entry.name, all)), extra: {} };
    case 'care':
      return {
        definition: care(renderFor(entry.name, all)),
        extra: parseEnv(careSettingsOf(envPrefix(entry.name)), env),
      };
    case 'insights':
      return { definition: insights, extra: parseEnv(insightsSettings, env) };
    case 'combiner':
      return {
        definition: combiner(renderFor(entry.name, all)),
        extra: parseEnv(combinerSettingsOf(envPrefix(entry.name)), env),
      };
    default:
      throw new Error(`The tests do not know partner kind ${entry.kind}`);
  }
}
