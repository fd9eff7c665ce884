import { decodeRows, encodeRows, type RowFormat } from './compact-rows';
import { SHARE_GROUPS } from './secure-sum/parties';

/**
 * A care series as one string (./compact-rows.ts): a provider's disclosed figures for the combining
 * subgraph, and the combined series for insights. On top of the row format: cells oldest year
 * first and target groups alphabetically, each once, and a count present exactly when it is not
 * hidden (`hidden` as bits: 1 clients, 2 waiting list), so a suppressed count cannot ride along.
 */
export interface CareFigure {
  year: number;
  targetGroup: string;
  clients: number | null;
  waitingList: number | null;
  suppressed: boolean;
  waitingListSuppressed: boolean;
  source: string;
}

const CARE: RowFormat = {
  version: 'v1',
  columns: [
    { kind: 'year' },
    { kind: 'enum', values: SHARE_GROUPS },
    { kind: 'count', nullable: true },
    { kind: 'count', nullable: true },
    { kind: 'count' },
    { kind: 'enum', values: ['CBS', 'PARTNER', 'GENERATED'] },
  ],
  maxRows: SHARE_GROUPS.length * 200,
};

const groupOf = (targetGroup: string) => SHARE_GROUPS.indexOf(targetGroup as (typeof SHARE_GROUPS)[number]);
const cellOf = (figure: { year: number; targetGroup: string }) =>
  figure.year * SHARE_GROUPS.length + groupOf(figure.targetGroup);
/** A hidden count is absent and a shown one present: the one invariant disclosure guarantees. */
const consistent = (figure: CareFigure) =>
  figure.suppressed === (figure.clients === null) && figure.waitingListSuppressed === (figure.waitingList === null);

/** Throws on a figure the format cannot carry: the sender's bug, better an error than a wrong figure. */
export function encodeCareFigures(figures: readonly CareFigure[]): string {
  const inconsistent = figures.find((figure) => !consistent(figure));
  if (inconsistent)
    throw new RangeError(`A count beside its hidden flag in ${inconsistent.year} ${inconsistent.targetGroup}`);
  const ordered = [...figures].sort((a, b) => cellOf(a) - cellOf(b));
  return encodeRows(
    CARE,
    ordered.map((figure) => [
      figure.year,
      figure.targetGroup,
      figure.clients,
      figure.waitingList,
      (figure.suppressed ? 1 : 0) | (figure.waitingListSuppressed ? 2 : 0),
      figure.source,
    ]),
  );
}

/** The figures, or null when the text is not well-formed: a count beside its hidden flag, a cell twice, cells out of order. */
export function decodeCareFigures(text: unknown): CareFigure[] | null {
  const rows = decodeRows(CARE, text);
  if (rows === null) return null;
  const figures: CareFigure[] = [];
  for (const [year, targetGroup, clients, waitingList, hidden, source] of rows) {
    const bits = hidden as number;
    const figure = {
      year: year as number,
      targetGroup: targetGroup as string,
      clients: clients as number | null,
      waitingList: waitingList as number | null,
      suppressed: (bits & 1) === 1,
      waitingListSuppressed: (bits & 2) === 2,
      source: source as string,
    };
    const previous = figures.at(-1);
    if (bits > 3 || !consistent(figure) || (previous && cellOf(previous) >= cellOf(figure))) return null;
    figures.push(figure);
  }
  return figures;
}
