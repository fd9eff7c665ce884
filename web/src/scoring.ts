/**
 * Re-ranking on the page: the agreed model's marks (0 to 1 per criterion, from destinationAdvice)
 * with the weights multiplied by what the table chooses. The model itself does not change; the
 * page shows the agreed ranking next to this one.
 */
export interface CriterionScore {
  criterion: string;
  subject: string | null;
  weight: number;
  value: number | null;
  points: number;
  reason: string;
  missing: string | null;
}

export interface Candidate {
  rank: number;
  destination: string;
  label: string;
  score: number;
  coverage: number;
  reasons: string[];
  criteria: CriterionScore[];
}

export interface Ranked extends Candidate {
  ownScore: number;
  ownRank: number;
}

/** multipliers by criterion kind; 1 everywhere is the agreed model. */
export function rerank(candidates: Candidate[], multipliers: Record<string, number>): Ranked[] {
  const scored = candidates.map((candidate, order) => {
    let weight = 0;
    let points = 0;
    for (const criterion of candidate.criteria) {
      const w = criterion.weight * (multipliers[criterion.criterion] ?? 1);
      weight += w;
      // A criterion whose inputs were missing counts as 0, as in the model.
      points += w * (criterion.value ?? 0);
    }
    const ownScore = weight > 0 ? Math.round((points / weight) * 1000) / 10 : 0;
    return { ...candidate, ownScore, order };
  });
  // Equal scores keep the model's order, as the model does.
  const sorted = [...scored].sort((a, b) => b.ownScore - a.ownScore || a.order - b.order);
  return sorted.map(({ order: _order, ...candidate }, index) => ({ ...candidate, ownRank: index + 1 }));
}

export const isAgreed = (multipliers: Record<string, number>) => Object.values(multipliers).every((m) => m === 1);
