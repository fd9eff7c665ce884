import { decodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { decodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import type { FigureSource } from '@buurtgraaf/subgraph-kit/compact-rows';
import { decodePopulationFigures, type PopulationFigure } from '@buurtgraaf/subgraph-kit/population-figures';

// The owners' figures as the gateway passes them in through @requires. A partner that did not
// answer (or does not share a field with this caller) leaves its field null or absent.

export type Source = FigureSource;
export type PopulationFigures = PopulationFigure;

export interface FacilityCountFigures {
  kind: string;
  count: number;
  source: Source;
}

/** Who a combined figure adds up (asked for only where the advice cites its partners). */
export interface Covered {
  coverage?: { included: { id: string; name: string }[] } | null;
}

export interface CareDemandFigures extends Covered {
  year: number;
  targetGroup: string;
  clients: number | null;
  suppressed: boolean;
  source: Source;
}

export interface SocialHousingFigures extends Covered {
  year: number;
  careSuitable: number;
  averageWaitingMonths: number | null;
  source: Source;
}

export interface AreaFigures {
  code: string;
  name: string;
  populationHistory?: PopulationFigures[] | null;
  /** populationHistory in its compact form, as the municipality sends it for the bulk pulls. */
  populationFigures?: string | null;
  facilityCounts?: FacilityCountFigures[] | null;
  careDemandSeries?: CareDemandFigures[] | null;
  /** careDemandSeries in its compact form, as the combiner sends it for the bulk pulls. */
  careDemandFigures?: string | null;
  socialHousingHistory?: SocialHousingFigures[] | null;
  /** socialHousingHistory in its compact form, likewise. */
  socialHousingFigures?: string | null;
}

export interface NeighbourhoodFigures extends AreaFigures {
  district?: AreaFigures | null;
  municipality?: AreaFigures | null;
}

export interface MunicipalityFigures extends AreaFigures {
  districts: AreaFigures[];
  neighbourhoods: (AreaFigures & { district: { code: string } })[];
}

/**
 * The area with its population history and its combined care and housing series read from their
 * compact forms, where that is what the gateway passed in. Null, or anything that is not exactly
 * the format, reads as the owner not answering, never as a guessed figure.
 */
export const withSeries = <Area extends AreaFigures>(area: Area): Area => ({
  ...area,
  ...(area.populationFigures !== undefined && {
    populationHistory: decodePopulationFigures(area.populationFigures),
  }),
  ...(area.careDemandFigures !== undefined && {
    careDemandSeries: decodeCareFigures(area.careDemandFigures) as CareDemandFigures[] | null,
  }),
  ...(area.socialHousingFigures !== undefined && {
    socialHousingHistory: decodeHousingFigures(area.socialHousingFigures) as SocialHousingFigures[] | null,
  }),
});

export type MissingReason =
  | 'SUPPRESSED'
  | 'NOT_PUBLISHED'
  | 'NO_DATA'
  | 'PARTNER_UNAVAILABLE'
  | 'ZERO_BASE'
  | 'TOO_FEW_YEARS';

/** A derived figure: a value, or null with the reason it is missing. Never a guess. */
export interface Figure {
  value: number | null;
  missing: MissingReason | null;
  source: Source | null;
}

export const missing = (reason: MissingReason): Figure => ({ value: null, missing: reason, source: null });
export const known = (value: number, source: Source): Figure => ({ value, missing: null, source });

const SOURCE_RANK: Record<Source, number> = { CBS: 0, PARTNER: 1, GENERATED: 2 };

/** A figure built from several is as generated as its most generated part. */
export function weakestSource(sources: readonly (Source | null)[]): Source | null {
  let weakest: Source | null = null;
  for (const source of sources) {
    if (source && (!weakest || SOURCE_RANK[source] > SOURCE_RANK[weakest])) weakest = source;
  }
  return weakest;
}

/** Combines figures: the first missing one decides the reason, so the user learns what to ask about. */
export function combine(parts: readonly Figure[], compute: (...values: number[]) => number | null): Figure {
  const gap = parts.find((part) => part.value === null);
  if (gap) return missing(gap.missing ?? 'NO_DATA');
  const value = compute(...parts.map((part) => part.value as number));
  if (value === null) return missing('ZERO_BASE');
  return { value, missing: null, source: weakestSource(parts.map((part) => part.source)) };
}

export const ratio = (scale: number) => (numerator: number, denominator: number) =>
  denominator === 0 ? null : (numerator / denominator) * scale;

export const round = (value: number, decimals = 1) => Math.round(value * 10 ** decimals) / 10 ** decimals;
