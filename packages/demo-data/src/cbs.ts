import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { AreaLevel } from '@buurtgraaf/protocol';

// Real CBS figures shipped with the repository (Bron: CBS, CC BY 4.0; tables 85618NED and
// 85984NED). See README "Data sources".
// The figures sit beside src/ so the same path holds from src/ and from the compiled dist/.
export const CBS_DIR = join(__dirname, '..', 'cbs');

export interface CbsAreaYear {
  code: string;
  level: AreaLevel;
  name: string;
  year: number;
  /** Null where CBS publishes "." (unknown, secret or not yet released). */
  total: number | null;
  ages: [number | null, number | null, number | null, number | null, number | null];
  households: number | null;
  singlePersonHouseholds: number | null;
  dwellings: number | null;
  /** Percentage of dwellings owned by housing corporations. */
  corporationShare: number | null;
}

const LEVELS: Record<string, AreaLevel> = { Gemeente: 'municipality', Wijk: 'district', Buurt: 'neighbourhood' };

const figure = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '' || value.trim() === '.') return null;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`CBS figure "${value}" is not a number`);
  return parsed;
};

/** One of the "Kerncijfers wijken en buurten" extracts for Utrecht (GM0344). */
export function readUtrechtKwb(year: 2023 | 2024): CbsAreaYear[] {
  const rows = parse(readFileSync(join(CBS_DIR, `utrecht-kwb-${year}.csv`), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows.map((row) => {
    const level = LEVELS[row.recs ?? ''];
    if (!level || !row.gwb_code_10) throw new Error(`Unexpected CBS row ${JSON.stringify(row).slice(0, 120)}`);
    return {
      code: row.gwb_code_10,
      level,
      name: row.regio ?? row.gwb_code_10,
      year,
      total: figure(row.a_inw),
      ages: [figure(row.a_00_14), figure(row.a_15_24), figure(row.a_25_44), figure(row.a_45_64), figure(row.a_65_oo)],
      households: figure(row.a_hh),
      singlePersonHouseholds: figure(row.a_1p_hh),
      dwellings: figure(row.a_woning),
      corporationShare: figure(row.p_wcorpw),
    };
  });
}

export interface CbsNationalArea {
  code: string;
  inhabitants: number | null;
  dwellings: number | null;
}

/** All municipalities and districts of 2024 with their inhabitants and dwellings. */
export function readNationalAreas(): CbsNationalArea[] {
  const raw = JSON.parse(readFileSync(join(CBS_DIR, 'kwb-2024-gemeenten-wijken.json'), 'utf8')) as Record<
    string,
    Record<string, number | null>
  >;
  return Object.entries(raw).map(([code, fields]) => ({
    code,
    inhabitants: fields.AantalInwoners_5 ?? null,
    dwellings: fields.Woningvoorraad_35 ?? null,
  }));
}
