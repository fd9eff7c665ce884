import { StrictMode, useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChartConfiguration } from 'chart.js';
import { ChartFigure, COLOURS } from './charts';
import { loadConfig, run, type Answer, type AppConfig, type GraphQLError } from './graphql';
import {
  CONTRIBUTION,
  CRITERIA,
  CRITERION_ORDER,
  DESTINATIONS,
  FACILITY_KINDS,
  FORMER_USES,
  INDICATORS,
  MISSING,
  SOURCES,
  TARGET_GROUPS,
  TARGET_GROUP_ORDER,
  UNITS,
  nl,
  nlMax1,
} from './labels';
import { isAgreed, rerank, type Candidate } from './scoring';
import type { CareDemand, Coverage, Indicator, Partner, Population, Profile, SocialHousing, Source } from './types';

interface NeighbourhoodItem {
  code: string;
  name: string;
  district: { code: string; name: string };
  municipality: { code: string; name: string };
}
interface SearchData {
  municipalities: { code: string; name: string }[];
  neighbourhoods: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: NeighbourhoodItem[];
  };
}
interface Building {
  id: string;
  address: string;
  floorArea: number;
  formerUse: string;
  vacantSince: string;
  destinationAdvice: {
    summary: string;
    candidates: Candidate[];
    missingInputs: { input: string; reason: string; effect: string }[];
    model: string;
    source: Source;
    basedOn: string[];
  } | null;
}
interface AdviceData {
  neighbourhood: { name: string; vacantBuildings: Building[] } | null;
}

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const DEFAULT_YEAR = 2023;

// ---------- small pieces ----------

function SourceBadge({ source }: { source: Source | null | undefined }) {
  if (!source) return null;
  const s = SOURCES[source] ?? { label: source, title: source };
  return (
    <span className={`badge source-${source.toLowerCase()}`} title={s.title}>
      {s.label}
    </span>
  );
}

/** A hidden count: never a zero, never an empty cell. */
function Suppressed({ atLeast }: { atLeast?: number | null | undefined }) {
  return (
    <span
      className="suppressed"
      title="De zorgaanbieder schermt dit aantal af: minder dan de drempel, of het zou een afgeschermd aantal herleidbaar maken."
    >
      afgeschermd{atLeast ? ` (minstens ${nl(atLeast)})` : ''}
    </span>
  );
}

function Count({
  value,
  suppressed,
  atLeast,
}: {
  value: number | null | undefined;
  suppressed?: boolean;
  atLeast?: number | null;
}) {
  if (suppressed) return <Suppressed atLeast={atLeast} />;
  if (value === null || value === undefined) return <span className="missing">niet bekend</span>;
  return <>{nl(value)}</>;
}

function CoverageNote({ coverage, what }: { coverage: Coverage | undefined; what: string }) {
  if (!coverage) return null;
  if (coverage.complete)
    return <p className="coverage">Opgeteld over: {coverage.included.map((p) => p.name).join(', ') || 'geen'}.</p>;
  return (
    <p className="coverage partial" role="note">
      <strong>Onvolledig:</strong> {what} zonder{' '}
      {coverage.missing.map((m) => `${m.partner.name} (${CONTRIBUTION[m.status] ?? m.status})`).join(', ')}; het getal
      is een ondergrens.
    </p>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="card" id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

// ---------- search ----------

function Search({ config, onChoose }: { config: AppConfig; onChoose: (code: string) => void }) {
  const [municipality, setMunicipality] = useState('GM0344');
  const [municipalities, setMunicipalities] = useState<{ code: string; name: string }[]>([]);
  const [items, setItems] = useState<NeighbourhoodItem[]>([]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    run<SearchData>(config, 'NeighbourhoodSearch', { municipality, first: 1000 })
      .then((answer) => {
        if (cancelled || !answer.data) return;
        setMunicipalities(answer.data.municipalities);
        setItems(answer.data.neighbourhoods.nodes);
        setProblem(null);
      })
      .catch((error: Error) => !cancelled && setProblem(error.message));
    return () => {
      cancelled = true;
    };
  }, [config, municipality]);

  const query = text.trim().toLowerCase();
  const matches =
    query === ''
      ? []
      : items
          .filter((item) => item.name.toLowerCase().includes(query) || item.code.toLowerCase().includes(query))
          .slice(0, 12);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = text.trim().toUpperCase();
    if (/^BU\d{8}$/.test(code)) onChoose(code);
    else if (matches[0]) onChoose(matches[0].code);
  };
  return (
    <form role="search" className="search" onSubmit={submit} aria-label="Buurt zoeken">
      <div className="search-row">
        <label>
          Gemeente
          <select value={municipality} onChange={(event) => setMunicipality(event.target.value)}>
            {(municipalities.length ? municipalities : [{ code: 'GM0344', name: 'Utrecht' }]).map((m) => (
              <option key={m.code} value={m.code}>
                {m.name} ({m.code})
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Zoek een buurt op naam of code
          <input
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="bijvoorbeeld Welgelegen of BU03440111"
            aria-describedby="search-help"
            autoComplete="off"
          />
        </label>
        <button type="submit">Toon buurt</button>
      </div>
      <p id="search-help" className="help">
        {items.length ? `${nl(items.length)} buurten in deze gemeente. ` : ''}Typ een deel van de naam, of een volledige
        buurtcode.
      </p>
      {problem && (
        <p role="alert" className="error">
          Zoeken lukt niet: {problem}
        </p>
      )}
      {matches.length > 0 && (
        <ul className="results" aria-label="Gevonden buurten">
          {matches.map((item) => (
            <li key={item.code}>
              <button type="button" onClick={() => onChoose(item.code)}>
                <strong>{item.name}</strong> <span className="code">{item.code}</span>{' '}
                <span className="muted">{item.district.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {query !== '' && matches.length === 0 && items.length > 0 && (
        <p className="help" role="status">
          Geen buurt gevonden voor “{text}”.
        </p>
      )}
    </form>
  );
}

// ---------- profile ----------

const AGE_BANDS: [keyof Population, string][] = [
  ['age0to14', '0-14 jaar'],
  ['age15to24', '15-24 jaar'],
  ['age25to44', '25-44 jaar'],
  ['age45to64', '45-64 jaar'],
  ['age65Plus', '65 jaar en ouder'],
];

function PopulationSection({ profile, year }: { profile: Profile; year: number }) {
  const population = profile.population;
  const history = profile.populationHistory;
  const ageConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: AGE_BANDS.map(([, label]) => label),
        datasets: [
          {
            label: `Inwoners ${year}`,
            data: AGE_BANDS.map(([key]) => (population?.[key] as number | null) ?? null),
            backgroundColor: COLOURS[0],
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'inwoners' } } },
      },
    }),
    [population, year],
  );
  const historyConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: history.map((p) => String(p.year)),
        datasets: [
          {
            label: 'Inwoners',
            data: history.map((p) => p.total),
            borderColor: COLOURS[0],
            backgroundColor: COLOURS[0],
            pointStyle: history.map((p) => (p.source === 'CBS' ? 'circle' : 'rectRot')),
            pointRadius: 7,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { title: { display: true, text: 'inwoners' } } },
      },
    }),
    [history],
  );
  if (!population)
    return (
      <Section id="bevolking" title="Bevolking">
        <p>Geen bevolkingscijfers voor {year}.</p>
      </Section>
    );
  const cbs = history.filter((p) => p.source === 'CBS').map((p) => p.year);
  return (
    <Section id="bevolking" title="Bevolking">
      <dl className="facts">
        <div>
          <dt>Inwoners op 1 januari {year}</dt>
          <dd data-testid="population-total">
            <Count value={population.total} /> <SourceBadge source={population.source} />
          </dd>
        </div>
        <div>
          <dt>Huishoudens</dt>
          <dd>
            <Count value={population.households} />
          </dd>
        </div>
        <div>
          <dt>Eenpersoonshuishoudens</dt>
          <dd>
            <Count value={population.singlePersonHouseholds} />
          </dd>
        </div>
      </dl>
      <div className="charts">
        <ChartFigure
          title={`Inwoners naar leeftijd, ${year}`}
          summary={
            AGE_BANDS.map(
              ([key, label]) =>
                `${label}: ${population[key] === null ? 'niet gepubliceerd' : nl(population[key] as number)}`,
            ).join('; ') + '.'
          }
          config={ageConfig}
          table={
            <table>
              <thead>
                <tr>
                  <th scope="col">Leeftijd</th>
                  <th scope="col">Inwoners</th>
                </tr>
              </thead>
              <tbody>
                {AGE_BANDS.map(([key, label]) => (
                  <tr key={key}>
                    <th scope="row">{label}</th>
                    <td>
                      <Count value={population[key] as number | null} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartFigure
          title="Inwoners door de jaren"
          summary={`Van ${nl(history[0]?.total ?? 0)} in ${history[0]?.year} naar ${nl(history.at(-1)?.total ?? 0)} in ${history.at(-1)?.year}. Rondjes zijn CBS-cijfers (${cbs.join(', ') || 'geen'}), ruitjes gegenereerde demogegevens.`}
          config={historyConfig}
          table={
            <table>
              <thead>
                <tr>
                  <th scope="col">Jaar</th>
                  <th scope="col">Inwoners</th>
                  <th scope="col">65+</th>
                  <th scope="col">Bron</th>
                </tr>
              </thead>
              <tbody>
                {history.map((p) => (
                  <tr key={p.year}>
                    <th scope="row">{p.year}</th>
                    <td>
                      <Count value={p.total} />
                    </td>
                    <td>
                      <Count value={p.age65Plus} />
                    </td>
                    <td>
                      <SourceBadge source={p.source} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
    </Section>
  );
}

function FacilitiesSection({ profile }: { profile: Profile }) {
  const rates = profile.insights?.facilities ?? [];
  return (
    <Section id="voorzieningen" title="Voorzieningen">
      {profile.facilities.length === 0 ? (
        <p>Geen voorzieningen in het register.</p>
      ) : (
        <ul className="plain">
          {profile.facilities.map((f) => (
            <li key={f.id}>
              {f.name} <span className="muted">({FACILITY_KINDS[f.kind] ?? f.kind})</span>
            </li>
          ))}
        </ul>
      )}
      {profile.insights && profile.insights.lackingFacilityKinds.length > 0 && (
        <p>
          Ontbreekt in deze buurt (wel elders in {profile.municipality.name}):{' '}
          {profile.insights.lackingFacilityKinds.map((k) => FACILITY_KINDS[k] ?? k).join(', ')}.
        </p>
      )}
      {rates.length > 0 && (
        <details>
          <summary>Per soort: aantal in buurt en wijk, per 1.000 inwoners tegen de gemeente</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Soort</th>
                <th scope="col">Buurt</th>
                <th scope="col">Wijk</th>
                <th scope="col">Buurt per 1.000</th>
                <th scope="col">Gemeente per 1.000</th>
                <th scope="col">Index (gemeente = 100)</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.kind}>
                  <th scope="row">{FACILITY_KINDS[r.kind] ?? r.kind}</th>
                  <td>{r.neighbourhoodCount}</td>
                  <td>{r.districtCount}</td>
                  <td>{r.neighbourhoodPer1000 === null ? '–' : nlMax1(r.neighbourhoodPer1000)}</td>
                  <td>{r.municipalityPer1000 === null ? '–' : nlMax1(r.municipalityPer1000)}</td>
                  <td>{r.index === null ? '–' : nl(r.index)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Section>
  );
}

function HousingRow({ name, housing, status }: { name: ReactNode; housing: SocialHousing | null; status?: string }) {
  if (!housing)
    return (
      <tr>
        <th scope="row">{name}</th>
        <td colSpan={5} className={status === 'UNAVAILABLE' ? 'outage-cell' : 'missing'}>
          {status ? (CONTRIBUTION[status] ?? status) : 'geen cijfers'}
        </td>
        <td />
      </tr>
    );
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{nl(housing.dwellings)}</td>
      <td>{nl(housing.stepFree)}</td>
      <td>{nl(housing.careSuitable)}</td>
      <td>{nl(housing.vacant)}</td>
      <td>
        {housing.averageWaitingMonths === null ? (
          <span className="missing">geen gegevens</span>
        ) : (
          nlMax1(housing.averageWaitingMonths)
        )}
      </td>
      <td>
        <SourceBadge source={housing.source} />
      </td>
    </tr>
  );
}

function HousingSection({ profile, year }: { profile: Profile; year: number }) {
  return (
    <Section id="sociale-huur" title={`Sociale huur op 1 januari ${year}`}>
      <table>
        <caption>Woningen van de woningcorporaties: samen en per corporatie</caption>
        <thead>
          <tr>
            <th scope="col">Corporatie</th>
            <th scope="col">Woningen</th>
            <th scope="col">Gelijkvloers</th>
            <th scope="col">Zorggeschikt</th>
            <th scope="col">Leeg</th>
            <th scope="col">Wachttijd (maanden)</th>
            <th scope="col">Bron</th>
          </tr>
        </thead>
        <tbody>
          <HousingRow name={<strong>Samen</strong>} housing={profile.socialHousing} />
          {(profile.socialHousingByCorporation ?? []).map((c) => (
            <HousingRow
              key={c.corporation.id}
              name={c.corporation.name}
              housing={c.status === 'INCLUDED' ? c.socialHousing : null}
              status={c.status}
            />
          ))}
        </tbody>
      </table>
      <CoverageNote coverage={profile.socialHousing?.coverage} what="de som is" />
      {profile.socialHousingByCorporation === null && (
        <p className="outage-cell">De cijfers per corporatie kwamen niet binnen.</p>
      )}
    </Section>
  );
}

function careCell(demand: CareDemand | undefined) {
  if (!demand) return <span className="missing">geen aanbieder</span>;
  return <Count value={demand.clients} suppressed={demand.suppressed} atLeast={demand.clientsAtLeast} />;
}

function CareSection({ profile, year }: { profile: Profile; year: number }) {
  const series = profile.careDemandSeries;
  const years = [...new Set((series ?? []).map((d) => d.year ?? 0))].sort();
  const groups = TARGET_GROUP_ORDER.filter((g) => (series ?? []).some((d) => d.targetGroup === g));
  const cell = (group: string, y: number) => (series ?? []).find((d) => d.targetGroup === group && d.year === y);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: years.map(String),
        datasets: groups.map((group, i) => ({
          label: TARGET_GROUPS[group] ?? group,
          data: years.map((y) => cell(group, y)?.clients ?? null),
          borderColor: COLOURS[i],
          backgroundColor: COLOURS[i],
          borderDash: i % 2 ? [8, 4] : [],
          pointStyle: ['circle', 'rect', 'triangle', 'rectRot'][i],
          pointRadius: 6,
          spanGaps: false,
        })),
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'cliënten per jaar' } } } },
    }),
    [series],
  );
  const hidden = (series ?? []).filter((d) => d.suppressed).length;
  const thisYear = (series ?? []).filter((d) => d.year === year);
  return (
    <Section id="zorgvraag" title="Zorgvraag per doelgroep">
      {series === null ? (
        <p className="outage-cell" role="note">
          De zorgcijfers kwamen niet binnen (zorgaanbieder niet bereikbaar). Dat betekent niet nul.
        </p>
      ) : series.length === 0 ? (
        <p>Geen zorgaanbieder bedient deze buurt.</p>
      ) : (
        <>
          <ChartFigure
            title="Cliënten per doelgroep door de jaren (opgeteld over de zorgaanbieders)"
            summary={`${groups
              .map(
                (g) =>
                  `${TARGET_GROUPS[g]}: ${years
                    .map((y) => {
                      const d = cell(g, y);
                      return `${y} ${d?.suppressed ? 'afgeschermd' : (d?.clients ?? '–')}`;
                    })
                    .join(', ')}`,
              )
              .join('. ')}. Afgeschermde jaren zijn gaten in de lijn, geen nul (${hidden} afgeschermde cellen).`}
            config={config}
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">Doelgroep</th>
                    {years.map((y) => (
                      <th scope="col" key={y}>
                        {y}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {groups.map((g) => (
                    <tr key={g}>
                      <th scope="row">{TARGET_GROUPS[g]}</th>
                      {years.map((y) => (
                        <td key={y}>{careCell(cell(g, y))}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
          <h3>{year}: samen en per zorgaanbieder</h3>
          <table data-testid="care-by-provider">
            <thead>
              <tr>
                <th scope="col">Doelgroep</th>
                <th scope="col">Samen</th>
                {(profile.careDemandByProvider ?? []).map((p) => (
                  <th scope="col" key={p.provider.id}>
                    {p.provider.name}
                  </th>
                ))}
                <th scope="col">Bron</th>
              </tr>
            </thead>
            <tbody>
              {TARGET_GROUP_ORDER.map((g) => {
                const combined = thisYear.find((d) => d.targetGroup === g);
                return (
                  <tr key={g}>
                    <th scope="row">{TARGET_GROUPS[g]}</th>
                    <td>{careCell(combined)}</td>
                    {(profile.careDemandByProvider ?? []).map((p) => (
                      <td key={p.provider.id}>
                        {p.status === 'INCLUDED' ? (
                          careCell(p.careDemand?.find((d) => d.targetGroup === g))
                        ) : (
                          <span className={p.status === 'UNAVAILABLE' ? 'outage-cell' : 'missing'}>
                            {CONTRIBUTION[p.status] ?? p.status}
                          </span>
                        )}
                      </td>
                    ))}
                    <td>
                      <SourceBadge source={combined?.source} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <CoverageNote coverage={thisYear[0]?.coverage} what="de zorgvraag is opgeteld" />
          <p className="help">
            Een aantal onder de drempel van de aanbieder, of een aantal waarmee een afgeschermd aantal terug te rekenen
            is, wordt afgeschermd. Is één deel afgeschermd, dan ook de som; “minstens” telt de gepubliceerde delen op.
          </p>
        </>
      )}
    </Section>
  );
}

function indicatorTitle(indicator: Indicator) {
  const base = INDICATORS[indicator.kind] ?? indicator.label;
  return indicator.targetGroup ? `${base}: ${TARGET_GROUPS[indicator.targetGroup] ?? indicator.targetGroup}` : base;
}

function IndicatorChart({ indicator, municipality }: { indicator: Indicator; municipality: string }) {
  const unit = UNITS[indicator.unit] ?? indicator.unit;
  const values = indicator.values;
  const projection = indicator.trend.projection;
  const lastYear = values.at(-1)?.year ?? 0;
  const years = projection
    ? [...values.map((v) => v.year), ...Array.from({ length: projection.year - lastYear }, (_, i) => lastYear + i + 1)]
    : values.map((v) => v.year);
  const config = useMemo<ChartConfiguration>(() => {
    const actual = years.map((y) => values.find((v) => v.year === y)?.value ?? null);
    const lastValue = [...values].reverse().find((v) => v.value !== null);
    const along = (end: number) =>
      years.map((y) =>
        lastValue && y === lastValue.year ? lastValue.value : projection && y === projection.year ? end : null,
      );
    const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
      {
        label: 'Waarde',
        data: actual,
        borderColor: COLOURS[0],
        backgroundColor: COLOURS[0],
        pointRadius: 6,
        spanGaps: false,
      },
    ];
    if (projection && lastValue) {
      datasets.push(
        {
          label: 'Ondergrens 80%-interval',
          data: along(projection.low),
          borderColor: 'rgba(179,55,11,0.5)',
          backgroundColor: 'rgba(179,55,11,0.18)',
          pointRadius: 0,
          spanGaps: true,
          borderWidth: 1,
          fill: false,
        },
        {
          label: 'Bovengrens 80%-interval',
          data: along(projection.high),
          borderColor: 'rgba(179,55,11,0.5)',
          backgroundColor: 'rgba(179,55,11,0.18)',
          pointRadius: 0,
          spanGaps: true,
          borderWidth: 1,
          fill: '-1',
        },
        {
          label: 'Projectie (trend doorgetrokken)',
          data: along(projection.value),
          borderColor: COLOURS[1],
          backgroundColor: COLOURS[1],
          borderDash: [8, 6],
          pointRadius: 6,
          pointStyle: 'triangle',
          spanGaps: true,
        },
      );
    }
    return {
      type: 'line',
      data: { labels: years.map(String), datasets },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: unit } } } },
    } as ChartConfiguration;
  }, [indicator]);
  const c = indicator.comparison;
  const comparison =
    c.neighbourhoodIndex !== null
      ? `In ${c.year}: ${nlMax1(c.neighbourhood ?? 0)} ${unit}, index ${nl(c.neighbourhoodIndex)} tegen ${municipality} (= 100, ${nlMax1(c.municipality ?? 0)})${c.districtIndex !== null ? `; de wijk: index ${nl(c.districtIndex)}` : ''}.`
      : `Geen vergelijking: ${MISSING[c.missing ?? ''] ?? c.missing ?? 'onbekend'}.`;
  const trend = projection
    ? `Trend ${indicator.trend.fromYear}-${indicator.trend.toYear}: ${indicator.trend.changePerYear !== null && indicator.trend.changePerYear >= 0 ? '+' : ''}${nlMax1(indicator.trend.changePerYear ?? 0)} per jaar. Projectie ${projection.year}: ${nlMax1(projection.value)} (80%-interval ${nlMax1(projection.low)} tot ${nlMax1(projection.high)}); dit is de trend doorgetrokken, geen voorspelling.`
    : `Geen trend: ${MISSING[indicator.trend.missing ?? ''] ?? indicator.trend.missing ?? 'onbekend'}.`;
  return (
    <div className="indicator">
      <p className={c.neighbourhoodIndex !== null ? 'index' : 'missing'}>{comparison}</p>
      <ChartFigure
        title={indicatorTitle(indicator)}
        summary={trend}
        config={config}
        table={
          <table>
            <thead>
              <tr>
                <th scope="col">Jaar</th>
                <th scope="col">Waarde ({unit})</th>
                <th scope="col">Bron of reden</th>
              </tr>
            </thead>
            <tbody>
              {values.map((v) => (
                <tr key={v.year}>
                  <th scope="row">{v.year}</th>
                  <td>{v.value === null ? v.missing === 'SUPPRESSED' ? <Suppressed /> : '–' : nlMax1(v.value)}</td>
                  <td>
                    {v.value === null ? (MISSING[v.missing ?? ''] ?? v.missing) : <SourceBadge source={v.source} />}
                  </td>
                </tr>
              ))}
              {projection && (
                <tr>
                  <th scope="row">{projection.year} (projectie)</th>
                  <td>{nlMax1(projection.value)}</td>
                  <td>
                    80%-interval {nlMax1(projection.low)} tot {nlMax1(projection.high)}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        }
      />
    </div>
  );
}

function IndicatorsSection({ profile }: { profile: Profile }) {
  if (!profile.insights)
    return (
      <Section id="indicatoren" title="Indicatoren">
        <p className="outage-cell" role="note">
          De indicatoren kwamen niet binnen (insights niet bereikbaar).
        </p>
      </Section>
    );
  const order = (i: Indicator) =>
    i.kind === 'CARE_DEMAND_RATE'
      ? TARGET_GROUP_ORDER.indexOf(i.targetGroup ?? '')
      : 10 + Object.keys(INDICATORS).indexOf(i.kind);
  const indicators = [...profile.insights.indicators].sort((a, b) => order(a) - order(b));
  return (
    <Section id="indicatoren" title={`Indicatoren tegen ${profile.municipality.name} (index: gemeente = 100)`}>
      <p className="help">
        Zorgvraag per doelgroep en de andere indicatoren, met de trend doorgetrokken tot vijf jaar na het laatste jaar.
        De band is het 80%-interval van die projectie.
      </p>
      <div className="indicators">
        {indicators.map((i) => (
          <IndicatorChart
            key={`${i.kind}-${i.targetGroup ?? ''}`}
            indicator={i}
            municipality={profile.municipality.name}
          />
        ))}
      </div>
    </Section>
  );
}

// ---------- advice ----------

function Weights({
  multipliers,
  onChange,
}: {
  multipliers: Record<string, number>;
  onChange: (m: Record<string, number>) => void;
}) {
  return (
    <fieldset className="weights">
      <legend>Weging aanpassen (alleen op deze pagina; het afgesproken model verandert niet)</legend>
      {CRITERION_ORDER.map((criterion) => (
        <label key={criterion} className="weight">
          <span>{CRITERIA[criterion]}</span>
          <input
            type="range"
            min={0}
            max={3}
            step={0.5}
            value={multipliers[criterion] ?? 1}
            aria-valuetext={`${nlMax1(multipliers[criterion] ?? 1)} keer de afgesproken weging`}
            onChange={(event) => onChange({ ...multipliers, [criterion]: Number(event.target.value) })}
          />
          <output>{nlMax1(multipliers[criterion] ?? 1)}×</output>
        </label>
      ))}
      <button
        type="button"
        onClick={() => onChange(Object.fromEntries(CRITERION_ORDER.map((c) => [c, 1])))}
        disabled={isAgreed(multipliers)}
      >
        Terug naar de afgesproken weging
      </button>
    </fieldset>
  );
}

function BuildingAdvice({ building }: { building: Building }) {
  const [multipliers, setMultipliers] = useState<Record<string, number>>(
    Object.fromEntries(CRITERION_ORDER.map((c) => [c, 1])),
  );
  const advice = building.destinationAdvice;
  const ranked = useMemo(() => (advice ? rerank(advice.candidates, multipliers) : []), [advice, multipliers]);
  const own = !isAgreed(multipliers);
  return (
    <article className="building" aria-labelledby={`b-${building.id}`}>
      <h3 id={`b-${building.id}`}>{building.address}</h3>
      <p>
        {nl(building.floorArea)} m², was {FORMER_USES[building.formerUse] ?? building.formerUse}, leeg sinds{' '}
        {new Date(building.vacantSince).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' })}
        .
      </p>
      {!advice ? (
        <p className="outage-cell" role="note">
          Geen advies: de insights-dienst was niet bereikbaar.
        </p>
      ) : (
        <>
          <p className="summary" lang="en">
            <span className="label" lang="nl">
              Samenvatting van het model:{' '}
            </span>
            {advice.summary}
          </p>
          <p>
            Model: {advice.model} <SourceBadge source={advice.source} />. Gebaseerd op:{' '}
            {advice.basedOn.join(', ') || 'alleen de gemeente'}.
          </p>
          <Weights multipliers={multipliers} onChange={setMultipliers} />
          <p role="status" data-testid="weighting" className={own ? 'own-weights' : 'agreed-weights'}>
            {own
              ? 'Eigen weging: de rangorde hieronder is niet het afgesproken advies.'
              : 'Afgesproken weging van de partners.'}
          </p>
          <table className="ranking" data-testid="ranking">
            <caption>Mogelijke bestemmingen, beste eerst</caption>
            <thead>
              <tr>
                <th scope="col">Plaats</th>
                <th scope="col">Bestemming</th>
                <th scope="col">Score (0-100)</th>
                {own && <th scope="col">Afgesproken plaats en score</th>}
                <th scope="col">Beoordeeld deel</th>
                <th scope="col">Waarom</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((c) => (
                <tr key={c.destination}>
                  <td>{own ? c.ownRank : c.rank}</td>
                  <th scope="row">{DESTINATIONS[c.destination] ?? c.label}</th>
                  <td>
                    <span
                      className="score-bar"
                      style={{ width: `${Math.max(2, own ? c.ownScore : c.score)}%` }}
                      aria-hidden="true"
                    />
                    {nlMax1(own ? c.ownScore : c.score)}
                  </td>
                  {own && (
                    <td>
                      {c.rank} ({nlMax1(c.score)})
                    </td>
                  )}
                  <td>{nl(c.coverage * 100)}%</td>
                  <td>
                    <details>
                      <summary>{c.criteria.length} criteria</summary>
                      <ul className="reasons">
                        {c.criteria.map((k, i) => (
                          <li key={i}>
                            <strong>{CRITERIA[k.criterion] ?? k.criterion}</strong>
                            {k.subject
                              ? ` (${TARGET_GROUPS[k.subject] ?? FACILITY_KINDS[k.subject] ?? k.subject})`
                              : ''}
                            : weging {nlMax1(k.weight * (multipliers[k.criterion] ?? 1))},{' '}
                            {k.value === null ? (
                              <span className="missing">
                                ontbreekt: {MISSING[k.missing ?? ''] ?? k.missing} (telt als 0)
                              </span>
                            ) : (
                              `score ${nl(k.value * 100)} van 100`
                            )}
                            . <span lang="en">{k.reason}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {advice.missingInputs.length > 0 && (
            <>
              <h4>Wat ontbrak</h4>
              <ul className="missing-inputs">
                {advice.missingInputs.map((m, i) => (
                  <li key={i}>
                    <strong lang="en">{m.input}</strong>: {MISSING[m.reason] ?? m.reason}.{' '}
                    <span lang="en">{m.effect}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </article>
  );
}

function AdviceSection({ advice }: { advice: AdviceData | null }) {
  const buildings = advice?.neighbourhood?.vacantBuildings ?? [];
  return (
    <Section id="leegstand" title="Leegstaande panden: wat kan het worden?">
      {advice === null ? (
        <p>Advies laden…</p>
      ) : buildings.length === 0 ? (
        <p>Geen leegstaande panden in het register van deze buurt.</p>
      ) : (
        buildings.map((b) => <BuildingAdvice key={b.id} building={b} />)
      )}
    </Section>
  );
}

// ---------- the page ----------

function partnerNames(profile: Profile | null): Map<string, string> {
  const names = new Map<string, string>();
  const add = (p: Partner) => names.set(p.id, p.name);
  profile?.socialHousingByCorporation?.forEach((c) => add(c.corporation));
  profile?.careDemandByProvider?.forEach((c) => add(c.provider));
  profile?.socialHousing?.coverage?.missing.forEach((m) => add(m.partner));
  profile?.careDemandSeries?.forEach((d) => d.coverage?.missing.forEach((m) => add(m.partner)));
  return names;
}

function Outages({ errors, names }: { errors: GraphQLError[]; names: Map<string, string> }) {
  const down = [
    ...new Set(
      errors
        .filter((e) => e.extensions?.code === 'PARTNER_UNAVAILABLE')
        .map((e) => e.extensions?.partner ?? e.extensions?.serviceName ?? 'onbekend'),
    ),
  ];
  const other = errors.filter((e) => e.extensions?.code !== 'PARTNER_UNAVAILABLE');
  if (down.length === 0 && other.length === 0) return null;
  return (
    <div className="outage" role="alert">
      {down.length > 0 && (
        <p>
          <strong>Niet bereikbaar:</strong>{' '}
          {down.map((id) => (names.get(id) ? `${names.get(id)} (${id})` : id)).join(', ')}. Hun cijfers ontbreken op
          deze pagina; ontbrekend is niet nul.
        </p>
      )}
      {other.length > 0 && (
        <p>
          <strong>Let op:</strong> {[...new Set(other.map((e) => e.message))].join(' ')}
        </p>
      )}
    </div>
  );
}

function App() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(() => new URLSearchParams(window.location.search).get('buurt'));
  const [year, setYear] = useState(DEFAULT_YEAR);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [errors, setErrors] = useState<GraphQLError[]>([]);
  const [advice, setAdvice] = useState<AdviceData | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    loadConfig().then(setConfig, (error: Error) => setProblem(`De pagina is niet ingesteld: ${error.message}`));
  }, []);

  const choose = useCallback((next: string) => {
    setCode(next);
    const url = new URL(window.location.href);
    url.searchParams.set('buurt', next);
    window.history.pushState(null, '', url);
  }, []);

  useEffect(() => {
    if (!config || !code) return undefined;
    let cancelled = false;
    setLoading(true);
    setProblem(null);
    setAdvice(null);
    Promise.all([
      run<{ neighbourhood: Profile | null }>(config, 'Buurtprofiel', { code, year }),
      run<AdviceData>(config, 'VacantBuildingAdvice', { code }).catch(
        (error: Error): Answer<AdviceData> => ({ data: null, errors: [{ message: error.message }] }),
      ),
    ])
      .then(([page, advised]) => {
        if (cancelled) return;
        setProfile(page.data?.neighbourhood ?? null);
        setErrors([
          ...page.errors,
          ...advised.errors.filter(
            (e) => !page.errors.some((p) => p.extensions?.partner && p.extensions.partner === e.extensions?.partner),
          ),
        ]);
        setAdvice(advised.data ?? { neighbourhood: null });
        if (!page.data?.neighbourhood) setProblem(`Buurt ${code} bestaat niet.`);
        document.getElementById('profiel-titel')?.focus();
      })
      .catch((error: Error) => !cancelled && setProblem(error.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [config, code, year]);

  const names = useMemo(() => partnerNames(profile), [profile]);
  if (!config)
    return (
      <main id="inhoud">
        <h1>Buurtprofiel</h1>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : (
          <p>Laden…</p>
        )}
      </main>
    );
  return (
    <>
      <header className="top">
        <a className="skip" href="#inhoud">
          Naar de inhoud
        </a>
        <h1>
          Buurtprofiel <span className="muted">samen beslissen over de buurt</span>
        </h1>
        <Search config={config} onChoose={choose} />
      </header>
      <main id="inhoud" aria-busy={loading}>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {!code && (
          <p className="intro">
            Kies een buurt om het profiel te zien: bevolking, voorzieningen, sociale huur, zorgvraag en wat een
            leegstaand pand kan worden. Alle cijfers komen van de partners via Buurtgraaf.
          </p>
        )}
        {loading && <p role="status">Cijfers ophalen…</p>}
        {profile && (
          <>
            <div className="title-row">
              <h2 id="profiel-titel" tabIndex={-1} className="neighbourhood-name">
                {profile.name} <span className="code">{profile.code}</span>
              </h2>
              <p>
                {profile.district.name} ({profile.district.code}), gemeente {profile.municipality.name}
              </p>
              <label>
                Jaar
                <select value={year} onChange={(event) => setYear(Number(event.target.value))}>
                  {YEARS.map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <Outages errors={errors} names={names} />
            <nav aria-label="Onderdelen" className="toc">
              <a href="#bevolking">Bevolking</a> <a href="#voorzieningen">Voorzieningen</a>{' '}
              <a href="#sociale-huur">Sociale huur</a> <a href="#zorgvraag">Zorgvraag</a>{' '}
              <a href="#indicatoren">Indicatoren</a> <a href="#leegstand">Leegstaande panden</a>
            </nav>
            <PopulationSection profile={profile} year={year} />
            <FacilitiesSection profile={profile} />
            <HousingSection profile={profile} year={year} />
            <CareSection profile={profile} year={year} />
            <IndicatorsSection profile={profile} />
            <AdviceSection advice={advice} />
          </>
        )}
      </main>
      <footer className="foot">
        <p>
          Bronnen: <SourceBadge source="CBS" /> gepubliceerd door het CBS; <SourceBadge source="PARTNER" /> registratie
          van een partner; <SourceBadge source="GENERATED" /> demogegevens, niet echt. Cijfers via vertrouwde documenten
          van Buurtgraaf.
        </p>
      </footer>
    </>
  );
}

const root = document.getElementById('app');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
