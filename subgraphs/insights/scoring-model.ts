import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@buurtgraaf/platform';
import { schemaEnum } from '@buurtgraaf/subgraph-kit/type-defs';
import { TARGET_GROUPS } from './indicators';

// The schema's enums are the one list of facility kinds and destinations the model may name.
const SCHEMA = join(__dirname, 'schema.graphql');
const FACILITY_KINDS = schemaEnum(SCHEMA, 'FacilityKind') as [string, ...string[]];
const DESTINATIONS = schemaEnum(SCHEMA, 'Destination') as [string, ...string[]];
const POPULATION_GROUPS = ['AGE_65_PLUS', 'AGE_15_TO_24', 'SINGLE_PERSON_HOUSEHOLDS'] as const;

const weight = z.number().positive().max(100);

const criterion = z.discriminatedUnion('criterion', [
  z.strictObject({ criterion: z.literal('CARE_DEMAND'), targetGroup: z.enum(TARGET_GROUPS), weight }),
  z.strictObject({ criterion: z.literal('CARE_DEMAND_TREND'), targetGroup: z.enum(TARGET_GROUPS), weight }),
  z.strictObject({ criterion: z.literal('FACILITY_GAP'), facilityKind: z.enum(FACILITY_KINDS), weight }),
  z.strictObject({ criterion: z.literal('CARE_HOUSING_SHORTAGE'), weight }),
  z.strictObject({ criterion: z.literal('HOUSING_WAITING_TIME'), weight }),
  z.strictObject({ criterion: z.literal('POPULATION_SHARE'), group: z.enum(POPULATION_GROUPS), weight }),
  z.strictObject({ criterion: z.literal('SIZE_FIT'), weight }),
]);

const destination = z
  .strictObject({
    destination: z.enum(DESTINATIONS),
    label: z.string().min(1).max(100),
    floorArea: z.strictObject({ min: z.number().int().positive(), max: z.number().int().positive() }),
    criteria: z.array(criterion).min(1),
  })
  .refine((entry) => entry.floorArea.min <= entry.floorArea.max, {
    message: 'floorArea.min must not exceed floorArea.max',
  });

const scoringModel = z
  .strictObject({
    model: z.string().min(1),
    version: z.string().min(1),
    agreedBy: z.string().min(1),
    destinations: z.array(destination).min(1),
  })
  .refine((model) => new Set(model.destinations.map((entry) => entry.destination)).size === model.destinations.length, {
    message: 'each destination may appear only once',
  });

export type ScoringModel = z.infer<typeof scoringModel>;
export type DestinationModel = ScoringModel['destinations'][number];
export type CriterionModel = DestinationModel['criteria'][number];

/** The weights the partners agreed on; a typo in them stops the service at start-up, naming every mistake. */
export function loadScoringModel(file: string): ScoringModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`INSIGHTS_SCORING_FILE ${file}: ${(error as Error).message}`]);
  }
  const parsed = scoringModel.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `INSIGHTS_SCORING_FILE ${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}
