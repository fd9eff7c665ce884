import { loadScoringModel, type ScoringModel } from './scoring-model';

export interface InsightsSettings {
  INSIGHTS_SCORING_FILE: string;
}

/** Start-up: the agreed weights, read and checked once. Per request there is nothing to cache. */
export function setup(settings: InsightsSettings) {
  const model: ScoringModel = loadScoringModel(settings.INSIGHTS_SCORING_FILE);
  return () => ({ model });
}

export type InsightsContext = ReturnType<ReturnType<typeof setup>>;
