import { SHARE_GROUPS } from './secure-sum/parties';

/**
 * A care provider's disclosed figures as one string, for the combining subgraph only.
 *
 * The object form (`series`: one object of seven fields per year and target group) made the
 * whole-country pulls carry 63 MB from the larger provider, every figure resolved, printed, parsed
 * by the gateway, printed again into the combiner's request and parsed there. This form carries the
 * same values, already disclosed, in about a tenth of the bytes and one field resolution per area.
 * The combiner decodes it strictly: a provider is possibly compromised, and a string that is not
 * exactly this format reads as no answer, never as figures.
 *
 * Format `v1` then one `;`-separated entry per year and group, oldest year first, groups in
 * SHARE_GROUPS order: `year,group,clients,waitingList,hidden,source` with group and source as
 * indexes, an empty count where it is hidden, and `hidden` as bits (1 clients, 2 waiting list).
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

const VERSION = 'v1';
const SOURCES = ['CBS', 'PARTNER', 'GENERATED'] as const;
/** Counts fit in 9 digits and years in 4: anything longer is not a figure this format carries. */
const ENTRY = /^(\d{4}),([0-3]),(\d{1,9})?,(\d{1,9})?,([0-3]),([0-2])$/;
/** Far more years than any provider holds (4 groups each): a bound on what one area may cost to decode. */
const MAX_ENTRIES = 4 * 200;

/** The longest text of MAX_ENTRIES entries: what is longer is refused before it is split. */
const MAX_LENGTH = VERSION.length + MAX_ENTRIES * ';9999,3,999999999,999999999,3,2'.length;

const groupOf = (figure: CareFigure) => SHARE_GROUPS.indexOf(figure.targetGroup as (typeof SHARE_GROUPS)[number]);

const carried = (count: number | null, hidden: boolean) =>
  hidden ? count === null : count !== null && Number.isInteger(count) && count >= 0 && count < 1e9;

/** Throws on a figure the format cannot carry: the provider's bug, better an error than a wrong figure. */
export function encodeCareFigures(figures: readonly CareFigure[]): string {
  let text = VERSION;
  const ordered = [...figures].sort((a, b) => a.year - b.year || groupOf(a) - groupOf(b));
  for (const figure of ordered) {
    const source = SOURCES.indexOf(figure.source as (typeof SOURCES)[number]);
    if (groupOf(figure) < 0 || source < 0 || !/^\d{4}$/.test(String(figure.year)))
      throw new RangeError(`No code for ${figure.year} ${figure.targetGroup} ${figure.source}`);
    if (!carried(figure.clients, figure.suppressed) || !carried(figure.waitingList, figure.waitingListSuppressed))
      throw new RangeError(`A count beside its hidden flag in ${figure.year} ${figure.targetGroup}`);
    const hidden = (figure.suppressed ? 1 : 0) | (figure.waitingListSuppressed ? 2 : 0);
    text += `;${figure.year},${groupOf(figure)},${figure.clients ?? ''},${figure.waitingList ?? ''},${hidden},${source}`;
  }
  return text;
}

/** The figures, or null when the text is not well-formed `v1`: a count beside its hidden flag, a cell twice, entries out of order. */
export function decodeCareFigures(text: unknown): CareFigure[] | null {
  if (typeof text !== 'string' || text.length > MAX_LENGTH) return null;
  const [version, ...entries] = text.split(';');
  if (version !== VERSION || entries.length > MAX_ENTRIES) return null;
  const figures: CareFigure[] = [];
  let previous = -1;
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match) return null;
    const [, year, group, clients, waitingList, hidden, source] = match as unknown as string[];
    const cell = Number(year) * SHARE_GROUPS.length + Number(group);
    const bits = Number(hidden);
    // Ordered and unique in one check; a hidden count must be absent and a shown one present.
    if (cell <= previous) return null;
    if (((bits & 1) === 1) !== (clients === undefined)) return null;
    if (((bits & 2) === 2) !== (waitingList === undefined)) return null;
    previous = cell;
    figures.push({
      year: Number(year),
      targetGroup: SHARE_GROUPS[Number(group)]!,
      clients: clients === undefined ? null : Number(clients),
      waitingList: waitingList === undefined ? null : Number(waitingList),
      suppressed: (bits & 1) === 1,
      waitingListSuppressed: (bits & 2) === 2,
      source: SOURCES[Number(source)]!,
    });
  }
  return figures;
}
