import { decodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { coverage, statusOf, weakestSource, type Contribution, type RowsOf, type Source } from './contributions';
import type { SecureOutcome, SecureSums } from './secure';

export interface CareRow {
  year: number;
  targetGroup: string;
  clients: number | null;
  waitingList: number | null;
  suppressed: boolean;
  waitingListSuppressed: boolean;
  source: Source;
}

/** A provider's rows from its compact figures (null when its policy refused the caller). */
export const careRows: RowsOf<CareRow> = (envelope) =>
  envelope.figures == null ? null : ((decodeCareFigures(envelope.figures) as CareRow[] | null) ?? 'MALFORMED');

// Alphabetical, as a single provider's rows always came (and as BI's unnest keys list them).
const GROUP_ORDER = ['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH'];

/**
 * Adds up one measure of one cell over the providers' published counts. When any provider hid
 * its count, the sum is hidden too: publishing it would give that count away by subtraction of
 * the others' published counts. The published parts' sum is then only a lower bound, and says so.
 */
function combineMeasure(values: readonly (number | null)[], hidden: readonly boolean[], secure: SecureOutcome | null) {
  const published = values.filter((value, index): value is number => value !== null && !hidden[index]);
  const total = published.reduce((sum, value) => sum + value, 0);
  if (hidden.some(Boolean) || published.length < values.length) {
    // The secure sum (./secure.ts) may publish what the parts could not, under its own rule.
    if (secure !== null && secure !== 'SECURE_SUM_UNAVAILABLE' && !secure.withheld) {
      return { value: secure.value, suppressed: false, atLeast: null, by: 'SECURE_SUM' as const };
    }
    const by = secure === 'SECURE_SUM_UNAVAILABLE' ? secure : ('WITHHELD' as const);
    return { value: null, suppressed: true, atLeast: published.length > 0 ? total : null, by };
  }
  return { value: total, suppressed: false, atLeast: null, by: 'PUBLISHED_PARTS' as const };
}

type Cell = { part: Contribution<CareRow>; row: CareRow }[];

/** The combined cell of one year and target group from the providers' rows of it. */
function combinedCell(parts: readonly Contribution<CareRow>[], cells: Cell, secure: SecureSums) {
  const rows = cells.map(({ row }) => row);
  const first = rows[0] as CareRow;
  // A provider that could not answer (or refused the caller) leaves its masks in the sum.
  const outcome = (measure: 'clients' | 'waitingList') =>
    secure === null
      ? null
      : parts.some((part) => part.missing)
        ? ('SECURE_SUM_UNAVAILABLE' as const)
        : secure(first.year, first.targetGroup, measure);
  const clients = combineMeasure(
    rows.map((row) => row.clients),
    rows.map((row) => row.suppressed),
    outcome('clients'),
  );
  const waiting = combineMeasure(
    rows.map((row) => row.waitingList),
    rows.map((row) => row.waitingListSuppressed),
    outcome('waitingList'),
  );
  return {
    year: first.year,
    targetGroup: first.targetGroup,
    clients: clients.value,
    suppressed: clients.suppressed,
    clientsAtLeast: clients.atLeast,
    waitingList: waiting.value,
    waitingListSuppressed: waiting.suppressed,
    waitingListAtLeast: waiting.atLeast,
    clientsBy: clients.by,
    waitingListBy: waiting.by,
    source: weakestSource(rows.map((row) => row.source)),
    coverage: coverage(
      parts,
      cells.map(({ part }) => part.partner),
    ),
  };
}

const order = (a: CareRow, b: CareRow) =>
  a.year - b.year || GROUP_ORDER.indexOf(a.targetGroup) - GROUP_ORDER.indexOf(b.targetGroup);

/** Every cell any provider has, oldest year first and target groups in the schema's order. */
export function combinedSeries(
  parts: readonly Contribution<CareRow>[],
  keep: (row: CareRow) => boolean = () => true,
  secure: SecureSums = null,
) {
  const cells = new Map<string, Cell>();
  for (const part of parts) {
    for (const row of part.rows) {
      if (!keep(row)) continue;
      const key = `${row.year}|${row.targetGroup}`;
      const cell = cells.get(key);
      if (cell) cell.push({ part, row });
      else cells.set(key, [{ part, row }]);
    }
  }
  return [...cells.values()]
    .sort((a, b) => order(a[0]!.row, b[0]!.row))
    .map((cell) => combinedCell(parts, cell, secure));
}

/** One entry per provider: its own cells, as it published them. */
export const byProvider = (parts: readonly Contribution<CareRow>[], keep: (row: CareRow) => boolean) =>
  parts.map((part) => {
    const own = combinedSeries([part], keep);
    return { provider: part.partner, status: statusOf(part, own.length > 0), careDemand: part.missing ? null : own };
  });
