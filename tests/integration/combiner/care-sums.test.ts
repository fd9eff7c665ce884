import { districtOf, levelOf, municipalityOf, envPrefix } from '@buurtgraaf/protocol';
import { buildWorld, DEMO_YEARS } from '@buurtgraaf/demo-data';
import { PRIMARY_ENGINE, type Engine } from '../../helpers/database';
import { startFederation, type Federation } from '../../helpers/federation';
import { careSeries, fetchEntities, partnersOf, representations } from '../entities';

// The combining subgraph adds the care providers' figures up. A combined count is either hidden,
// or exactly the sum of the counts each provider published for that cell (PUBLISHED_PARTS), or,
// where some provider hid its part, the perturbed and rounded secure sum (SECURE_SUM, issue 15:
// tests/e2e/partners/secure-sum.test.ts attacks it as a provider would). Subtracting the others'
// published parts from a secure sum gives a hidden part only up to the noise.
// Checked against real providers with different rules (one with a threshold of 20), for every
// area of Utrecht at all three levels, every year and every target group.

const PROVIDERS = partnersOf('care');
const [STRICT] = PROVIDERS.slice(-1);
const THRESHOLDS = Object.fromEntries(PROVIDERS.map(({ id }) => [id, id === STRICT?.id ? 20 : 10]));
const MEASURES = [
  { value: 'clients', hidden: 'suppressed', atLeast: 'clientsAtLeast', by: 'clientsBy' },
  { value: 'waitingList', hidden: 'waitingListSuppressed', atLeast: 'waitingListAtLeast', by: 'waitingListBy' },
] as const;

const world = buildWorld('utrecht');
const codesOf = (level: 'neighbourhood' | 'district' | 'municipality') =>
  world.areas.filter((area) => area.level === level).map((area) => area.code);
const AREAS = [
  ...representations('Neighbourhood', codesOf('neighbourhood')),
  ...representations('District', codesOf('district')),
  ...representations('Municipality', codesOf('municipality')),
];

interface Part {
  year: number;
  targetGroup: string;
  clients: number | null;
  waitingList: number | null;
  suppressed: boolean;
  waitingListSuppressed: boolean;
}
interface Combined extends Part {
  clientsAtLeast: number | null;
  waitingListAtLeast: number | null;
  clientsBy: string;
  waitingListBy: string;
  coverage: { complete: boolean; included: { id: string }[]; missing: unknown[] };
}

const COMBINED =
  'year targetGroup clients waitingList suppressed waitingListSuppressed clientsAtLeast waitingListAtLeast clientsBy waitingListBy coverage { complete included { id } missing { partner { id } status } }';
/** How far a secure-sum figure may be from the exact total: every provider's noise range, and the rounding. */
const SECURE_MARGIN = Object.values(THRESHOLDS).reduce((sum, threshold) => sum + 2 * threshold, 0) + 3;
const cellKey = (code: string, year: number, targetGroup: string) => `${code} ${year} ${targetGroup}`;

/** What each provider itself publishes, read from its own subgraph: cell key -> provider id -> its part. */
async function providersParts(federation: Federation): Promise<Map<string, Map<string, Part>>> {
  const cells = new Map<string, Map<string, Part>>();
  for (const { id, field } of PROVIDERS) {
    const response = await fetchEntities(federation.subgraphs[id]!.url, AREAS, `code ${careSeries(field)}`);
    expect(response.errors).toBeUndefined();
    for (const entity of response.data._entities as ({ code: string } & Record<string, { series: Part[] }>)[]) {
      for (const part of entity[field]!.series) {
        const key = cellKey(entity.code, part.year, part.targetGroup);
        cells.set(key, (cells.get(key) ?? new Map()).set(id, part));
      }
    }
  }
  return cells;
}

/** What the public API publishes, as a client reads it through the gateway: cell key -> combined cell. */
async function combinedCells(federation: Federation): Promise<Map<string, Combined>> {
  const { data, errors } = await federation.query(`{ municipality(code: "GM0344") {
    code careDemandSeries { ${COMBINED} }
    districts { code careDemandSeries { ${COMBINED} } }
    neighbourhoods { code careDemandSeries { ${COMBINED} } } } }`);
  expect(errors).toBeUndefined();
  const utrecht = data.municipality;
  const areas: { code: string; careDemandSeries: Combined[] }[] = [
    utrecht,
    ...utrecht.districts,
    ...utrecht.neighbourhoods,
  ];
  expect(areas).toHaveLength(AREAS.length);
  return new Map(
    areas.flatMap((area) =>
      area.careDemandSeries.map((cell) => [cellKey(area.code, cell.year, cell.targetGroup), cell] as const),
    ),
  );
}

/** The published tables (one per year, group and measure: area code -> value, null when hidden). */
function tablesOf(cells: Map<string, Combined>) {
  const tables = new Map<string, Map<string, { value: number | null; secure: boolean }>>();
  for (const [key, cell] of cells) {
    const [code] = key.split(' ');
    for (const measure of MEASURES) {
      const name = `${cell.year} ${cell.targetGroup} ${measure.value}`;
      tables.set(
        name,
        (tables.get(name) ?? new Map()).set(code!, {
          value: cell[measure.value],
          secure: cell[measure.by] === 'SECURE_SUM',
        }),
      );
    }
  }
  return tables;
}

/**
 * The attacker of tests/integration/care/complementary-suppression.test.ts, on the combined
 * tables: within a parent and its children, a lone hidden figure next to exact ones, or hidden
 * children whose sum is bounded below the threshold. A combined count of published parts is
 * within `margin` (2 per provider) of the exact total; a secure sum within SECURE_MARGIN.
 */
function attack(
  cells: Map<string, Map<string, { value: number | null; secure: boolean }>>,
  threshold: number,
  exactMargin: number,
): string[] {
  const findings: string[] = [];
  for (const [name, withHow] of cells) {
    const table = new Map([...withHow].map(([code, cell]) => [code, cell.value]));
    const margin = (code: string) => (withHow.get(code)?.secure ? SECURE_MARGIN : exactMargin);
    const groups = new Map<string, string[]>();
    for (const code of table.keys()) {
      const parent =
        levelOf(code) === 'neighbourhood'
          ? districtOf(code)
          : levelOf(code) === 'district'
            ? municipalityOf(code)
            : undefined;
      if (parent !== undefined && table.has(parent)) groups.set(parent, [...(groups.get(parent) ?? []), code]);
    }
    for (const [parent, children] of groups) {
      const unknown = [parent, ...children].filter((code) => table.get(code) === null);
      const noisy = [parent, ...children].some((code) => withHow.get(code)?.secure);
      if (unknown.length === 1 && !noisy)
        findings.push(`${name}: ${unknown[0]} is the only hidden figure of ${parent} and its children`);
      const parentValue = table.get(parent);
      const hiddenChildren = children.filter((code) => table.get(code) === null);
      if (parentValue == null || hiddenChildren.length === 0) continue;
      const upperBound =
        parentValue +
        margin(parent) -
        children.reduce((sum, code) => sum + (table.get(code) == null ? 0 : table.get(code)! - margin(code)), 0);
      if (upperBound < threshold)
        findings.push(`${name}: ${hiddenChildren.join(' + ')} in ${parent} is at most ${upperBound}`);
    }
  }
  return findings;
}

describe.each([PRIMARY_ENGINE])('combined care figures on %s', (engine: Engine) => {
  let federation: Federation;
  let parts: Map<string, Map<string, Part>>;
  let combined: Map<string, Combined>;
  beforeAll(async () => {
    federation = await startFederation(engine, { [`${envPrefix(STRICT!.id)}_DISCLOSURE_THRESHOLD`]: '20' });
    parts = await providersParts(federation);
    combined = await combinedCells(federation);
  });
  afterAll(() => federation?.stop());

  test('when the figures are read, then there are several providers with different rules, and cells where their parts differ in being hidden', () => {
    expect(PROVIDERS.length).toBeGreaterThan(1);
    const shared = [...parts.values()].filter((byProvider) => byProvider.size > 1);
    expect(shared.length).toBeGreaterThan(0);
    // Without such cells the rule "hidden when any part is" would have nothing to prove.
    expect(shared.some((byProvider) => new Set([...byProvider.values()].map((part) => part.suppressed)).size > 1)).toBe(
      true,
    );
    expect(shared.some((byProvider) => [...byProvider.values()].every((part) => !part.suppressed))).toBe(true);
    // Each provider reads its own threshold: the strict one publishes nothing under 20, the others still publish 10 to 19.
    const published = (id: string) =>
      [...parts.values()].flatMap((byProvider) => {
        const part = byProvider.get(id);
        return part
          ? [part.suppressed ? null : part.clients, part.waitingListSuppressed ? null : part.waitingList].filter(
              (value): value is number => value !== null,
            )
          : [];
      });
    expect(Math.min(...published(STRICT!.id))).toBeGreaterThanOrEqual(20);
    for (const { id } of PROVIDERS.filter((provider) => provider.id !== STRICT!.id)) {
      expect(published(id).some((value) => value >= 10 && value < 20)).toBe(true);
      expect(Math.min(...published(id))).toBeGreaterThanOrEqual(10);
    }
  });

  test('when every combined cell of Utrecht is read, then there is one for exactly the cells some provider has, covering exactly those providers', () => {
    expect([...combined.keys()].sort()).toEqual([...parts.keys()].sort());
    // An area with any client has every year and target group; one where no provider has a client has none.
    const cellsPerArea = new Map<string, number>();
    for (const key of combined.keys())
      cellsPerArea.set(key.split(' ')[0]!, (cellsPerArea.get(key.split(' ')[0]!) ?? 0) + 1);
    expect(cellsPerArea.size).toBeGreaterThan(AREAS.length * 0.9);
    expect(new Set(cellsPerArea.values())).toEqual(new Set([DEMO_YEARS.length * 4]));
    for (const [key, cell] of combined) {
      const byProvider = parts.get(key)!;
      expect({ key, coverage: cell.coverage }).toEqual({
        key,
        coverage: { complete: true, included: [...byProvider.keys()].map((id) => ({ id })), missing: [] },
      });
    }
  });

  test("when a combined count is published from the parts, then it is exactly the sum of the providers' published counts, and every provider published its part", () => {
    let published = 0;
    for (const [key, cell] of combined) {
      const own = [...parts.get(key)!.values()];
      for (const measure of MEASURES) {
        if (cell[measure.hidden] || cell[measure.by] === 'SECURE_SUM') continue;
        published += 1;
        expect({ key, measure: measure.value, partHidden: own.some((part) => part[measure.hidden]) }).toEqual({
          key,
          measure: measure.value,
          partHidden: false,
        });
        expect({ key, measure: measure.value, value: cell[measure.value] }).toEqual({
          key,
          measure: measure.value,
          value: own.reduce((sum, part) => sum + part[measure.value]!, 0),
        });
        expect(cell[measure.atLeast]).toBeNull();
      }
    }
    expect(published).toBeGreaterThan(0);
  });

  test("when any provider hid its part of a cell, then the combined count is hidden too, with the published parts' sum only as a lower bound, unless the secure sum publishes it, rounded and above the strictest threshold", () => {
    let hiddenBecauseOfOne = 0;
    let secure = 0;
    for (const [key, cell] of combined) {
      const own = [...parts.get(key)!.values()];
      for (const measure of MEASURES) {
        const shown = own.filter((part) => !part[measure.hidden]);
        if (shown.length === own.length) {
          expect({ key, measure: measure.value, hidden: cell[measure.hidden], by: cell[measure.by] }).toEqual({
            key,
            measure: measure.value,
            hidden: false,
            by: 'PUBLISHED_PARTS',
          });
          continue;
        }
        if (cell[measure.by] === 'SECURE_SUM') {
          secure += 1;
          const value = cell[measure.value]!;
          expect({
            key,
            measure: measure.value,
            ok: value % 5 === 0 && value >= Math.max(...Object.values(THRESHOLDS)) && cell[measure.atLeast] === null,
          }).toEqual({ key, measure: measure.value, ok: true });
          continue;
        }
        expect({
          key,
          measure: measure.value,
          value: cell[measure.value],
          hidden: cell[measure.hidden],
          atLeast: cell[measure.atLeast],
        }).toEqual({
          key,
          measure: measure.value,
          value: null,
          hidden: true,
          atLeast: shown.length > 0 ? shown.reduce((sum, part) => sum + part[measure.value]!, 0) : null,
        });
        if (shown.length > 0) hiddenBecauseOfOne += 1;
      }
    }
    // Cells where one provider's published part is withheld from the total because another hid its own.
    expect(hiddenBecauseOfOne).toBeGreaterThan(0);
    expect(secure).toBeGreaterThan(0);
  });

  test('when an attacker subtracts every combined figure of Utrecht from its parent, then no hidden total and no small sum comes out', () => {
    const smallest = Math.min(...Object.values(THRESHOLDS));
    expect(attack(tablesOf(combined), smallest, 2 * PROVIDERS.length)).toEqual([]);
  });
});
