export type Status = 'INCLUDED' | 'NONE' | 'UNAVAILABLE' | 'NOT_SHARED';
import { serves, type PartnerRef } from '@buurtgraaf/protocol';
export type Source = 'CBS' | 'PARTNER' | 'GENERATED';

export interface PartnerView {
  id: string;
  name: string;
}

/** One partner's answer for an area, as the gateway passed it in through @requires. */
export interface Contribution<Row> {
  partner: PartnerView;
  /** UNAVAILABLE, NOT_SHARED, or null when it answered (its rows may still be empty). */
  missing: 'UNAVAILABLE' | 'NOT_SHARED' | null;
  rows: Row[];
  /** Every year it has figures for in the area, also when the gateway narrowed `rows` to the years asked. */
  years: number[];
}

type Representation = Record<string, unknown> & { code: string };
type Envelope = Record<string, unknown>;

/**
 * How a kind's rows come out of one partner's envelope: its rows, null when its policy refused the
 * caller (the envelope without figures), or MALFORMED when what it sent is not figures at all.
 */
export type RowsOf<Row> = (envelope: Envelope) => Row[] | null | 'MALFORMED';

/**
 * The answers of every partner of a kind that serves the area, or that sent figures for it all
 * the same. A partner the gateway could not reach arrives without its field, or with null; one
 * whose policy refused the caller arrives with its envelope but without figures. Malformed figures
 * count as no answer: a partner is possibly compromised, and nothing it sent is guessed at.
 */
export function contributionsOf<Row>(
  area: Representation,
  kind: string,
  partners: readonly PartnerRef[],
  rowsOf: RowsOf<Row>,
): Contribution<Row>[] {
  const parts: Contribution<Row>[] = [];
  for (const partner of partners) {
    if (partner.kind !== kind) continue;
    const envelope = area[partner.field] as Envelope | null | undefined;
    const rows = envelope == null ? 'MALFORMED' : rowsOf(envelope);
    const view = { id: partner.id, name: partner.name };
    const part: Contribution<Row> =
      rows === 'MALFORMED'
        ? { partner: view, missing: 'UNAVAILABLE', rows: [], years: [] }
        : rows === null
          ? { partner: view, missing: 'NOT_SHARED', rows: [], years: [] }
          : { partner: view, missing: null, rows, years: yearsOf(envelope!.years, rows) };
    if (part.rows.length > 0 || serves(partner.areas, area.code)) parts.push(part);
  }
  return parts;
}

/** The years a partner says it has; the years of its rows when it does not say (an older partner). */
function yearsOf(said: unknown, rows: readonly unknown[]): number[] {
  if (Array.isArray(said)) return said.filter((year): year is number => Number.isInteger(year));
  return rows.map((row) => (row as { year?: unknown }).year).filter((year): year is number => Number.isInteger(year));
}

/** Every year any of the partners has figures for: what a `year` argument is checked against. */
export const yearsPresent = (parts: readonly Contribution<unknown>[]) => [
  ...new Set(parts.flatMap((part) => part.years)),
];

const SOURCE_RANK: Record<Source, number> = { CBS: 0, PARTNER: 1, GENERATED: 2 };

/** A figure made of several is as generated as its most generated part. */
export const weakestSource = (sources: readonly Source[]): Source =>
  sources.reduce<Source>((weakest, source) => (SOURCE_RANK[source] > SOURCE_RANK[weakest] ? source : weakest), 'CBS');

/** Who a combined cell covers: the partners with figures in it, and those serving the area that are missing. */
export function coverage(parts: readonly Contribution<unknown>[], included: readonly PartnerView[]) {
  const missing = parts
    .filter((part) => part.missing)
    .map((part) => ({ partner: part.partner, status: part.missing as Status }));
  return { complete: missing.length === 0, included, missing };
}

/** The status of one partner for one cell: missing, included, or answered without figures there. */
export const statusOf = (part: Contribution<unknown>, hasCell: boolean): Status =>
  part.missing ?? (hasCell ? 'INCLUDED' : 'NONE');
