import type { AreaInsightsView } from './area-insights';
import { evaluate, format, type CriterionResult } from './criteria';
import { round, weakestSource, type MissingReason, type NeighbourhoodFigures, type Source } from './figures';
import type { ScoringModel } from './scoring-model';

export interface Candidate {
  rank: number;
  destination: string;
  label: string;
  score: number;
  coverage: number;
  criteria: (CriterionResult & { points: number })[];
  reasons: string[];
}

export interface Advice {
  candidates: Candidate[];
  missingInputs: { input: string; reason: MissingReason; effect: string }[];
  model: string;
  summary: string;
  source: Source;
  basedOn: string[];
}

/**
 * Scores every destination of the model: the weighted average of its criteria on 0 to 100,
 * where a criterion whose inputs are missing counts as 0 (never guessed). Best first; equal
 * scores keep the model's order, so the ranking is deterministic.
 */
export function adviseDestination(
  model: ScoringModel,
  insights: AreaInsightsView,
  floorArea: number,
  figures: NeighbourhoodFigures,
): Advice {
  const scored = model.destinations.map((destination, order) => {
    const results = destination.criteria.map((criterion) => evaluate(criterion, destination, insights, floorArea));
    const totalWeight = results.reduce((total, result) => total + result.weight, 0);
    const criteria = results.map((result) => ({
      ...result,
      points: round(((result.value ?? 0) * result.weight * 100) / totalWeight, 1),
    }));
    const available = results
      .filter((result) => result.value !== null)
      .reduce((total, result) => total + result.weight, 0);
    const score = round(
      (results.reduce((total, result) => total + (result.value ?? 0) * result.weight, 0) * 100) / totalWeight,
      1,
    );
    const reasons = [...criteria].sort((a, b) => b.weight - a.weight).map((result) => result.reason);
    return {
      order,
      destination: destination.destination,
      label: destination.label,
      score,
      coverage: round(available / totalWeight, 2),
      criteria,
      reasons,
    };
  });
  const ranked = scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ order: _, ...candidate }, index) => ({ rank: index + 1, ...candidate }));
  const missingInputs = gapsOf(ranked);
  return {
    candidates: ranked,
    missingInputs,
    model: `${model.model} ${model.version} (${model.agreedBy})`,
    summary: summarise(ranked, insights, missingInputs.length),
    source: sourceOf(figures),
    basedOn: partnersOf(figures),
  };
}

/** The corporations and care providers whose figures the combined series of the neighbourhood add up. */
function partnersOf(figures: NeighbourhoodFigures): string[] {
  const named = new Map<string, string>();
  for (const entry of [...(figures.socialHousingHistory ?? []), ...(figures.careDemandSeries ?? [])]) {
    for (const partner of entry.coverage?.included ?? []) named.set(partner.id, `${partner.name} (${partner.id})`);
  }
  return [...named.values()];
}

function gapsOf(candidates: Candidate[]): Advice['missingInputs'] {
  const gaps = new Map<string, { reason: MissingReason; labels: Set<string> }>();
  for (const candidate of candidates) {
    for (const result of candidate.criteria) {
      if (!result.missingInput || !result.missing) continue;
      const entry = gaps.get(result.missingInput) ?? { reason: result.missing, labels: new Set<string>() };
      entry.labels.add(candidate.label);
      gaps.set(result.missingInput, entry);
    }
  }
  return [...gaps].map(([input, { reason, labels }]) => ({
    input,
    reason,
    effect: `Counts as 0 for ${[...labels].join(', ')}: ${labels.size === 1 ? 'that candidate' : 'those candidates'} may rank lower than the neighbourhood warrants.`,
  }));
}

function summarise(ranked: Candidate[], insights: AreaInsightsView, gaps: number): string {
  const [best, next] = ranked;
  if (!best) return 'The scoring model has no destinations.';
  const runnerUp = next ? `, then ${next.label.toLowerCase()} (${format(next.score)})` : '';
  const caveat =
    gaps === 0
      ? 'All inputs were available.'
      : `${gaps} input${gaps === 1 ? ' was' : 's were'} missing; see missingInputs.`;
  return `For this building in ${insights.name}: ${best.label.toLowerCase()} scores highest (${format(best.score)} of 100)${runnerUp}. ${caveat}`;
}

/** The advice is as generated as the most generated figure anyone supplied for it. */
function sourceOf(figures: NeighbourhoodFigures): Source {
  const sources: (Source | null)[] = [];
  for (const area of [figures, figures.district, figures.municipality]) {
    for (const series of [
      area?.populationHistory,
      area?.facilityCounts,
      area?.careDemandSeries,
      area?.socialHousingHistory,
    ]) {
      for (const entry of series ?? []) sources.push(entry.source);
    }
  }
  return weakestSource(sources) ?? 'CBS';
}
