import { join } from 'node:path';
import { z } from 'zod';
import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import { column } from '@buurtgraaf/subgraph-kit/loading/fields';
import { schemaEnum } from '@buurtgraaf/subgraph-kit/type-defs';
import { defineTable, type LoadTable, type Reference, type ScopePart } from '@buurtgraaf/subgraph-kit/loading/table';

// What the municipality loads with `npm run load -- municipality <table> <file.csv>`.

const SCHEMA = join(__dirname, 'schema.graphql');

/** Every CBS code starts with its municipality's four digits: GM0344, WK034401, BU03440111. */
const ofMunicipality = (codeColumn: string): ScopePart => ({
  label: 'municipality',
  sql: `'GM' || substr(${codeColumn}, 3, 4)`,
});
const OF_YEAR: ScopePart = { label: 'year', sql: 'year' };

const knownArea = (codeColumn: string): Reference => ({
  column: codeColumn,
  table: 'area',
  key: 'code',
  problem: (code) => `${codeColumn}: area ${code} is not loaded; load it with the "areas" table first`,
});
const knownParent = (parentColumn: string, level: string): Reference => ({
  column: parentColumn,
  table: 'area',
  key: 'code',
  problem: (code) => `code: its ${level} ${code} is neither in this file nor loaded before`,
});

export const loadTables: Record<string, LoadTable> = {
  // Areas are only added or renamed, never removed: figures of earlier years still refer to codes
  // CBS has since retired.
  areas: defineTable({
    description:
      'CBS areas (municipality, districts, neighbourhoods) and their names; the level and parents follow from the code',
    row: z.object({ code: column.anyAreaCode(), name: column.text() }),
    target: 'area',
    key: ['code'],
    toRecord: ({ code, name }) => {
      const level = levelOf(code);
      return {
        code,
        level,
        name,
        district_code: level === 'neighbourhood' ? districtOf(code) : null,
        municipality_code: level === 'municipality' ? null : municipalityOf(code),
      };
    },
    references: [knownParent('district_code', 'district'), knownParent('municipality_code', 'municipality')],
  }),
  population: defineTable({
    description: 'residents and households per area and year; an empty figure is one that was not published',
    row: z.object({
      area_code: column.anyAreaCode(),
      year: column.year(),
      total: column.optionalCount(),
      age_0_14: column.optionalCount(),
      age_15_24: column.optionalCount(),
      age_25_44: column.optionalCount(),
      age_45_64: column.optionalCount(),
      age_65_plus: column.optionalCount(),
      households: column.optionalCount(),
      single_person_households: column.optionalCount(),
      source: column.oneOf(['CBS', 'PARTNER']),
    }),
    rules: (row, reject) => {
      if (
        row.households !== null &&
        row.single_person_households !== null &&
        row.single_person_households > row.households
      ) {
        reject(
          'single_person_households',
          `is ${row.single_person_households}, more than the ${row.households} households`,
        );
      }
    },
    target: 'population',
    key: ['area_code', 'year'],
    toRecord: (row) => row,
    scope: [ofMunicipality('area_code'), OF_YEAR],
    references: [knownArea('area_code')],
  }),
  facilities: defineTable({
    description: "the municipality's register of facilities per neighbourhood",
    row: z.object({
      id: column.text(100),
      neighbourhood_code: column.areaCode('neighbourhood'),
      name: column.text(),
      kind: column.oneOf(schemaEnum(SCHEMA, 'FacilityKind')),
    }),
    target: 'facility',
    key: ['id'],
    toRecord: (row) => ({ ...row, source: 'PARTNER' }),
    scope: [ofMunicipality('neighbourhood_code')],
    references: [knownArea('neighbourhood_code')],
  }),
  'vacant-buildings': defineTable({
    description: 'vacant buildings (leegstand) per neighbourhood',
    row: z.object({
      id: column.text(100),
      neighbourhood_code: column.areaCode('neighbourhood'),
      address: column.text(),
      floor_area: column.count(),
      former_use: column.oneOf(schemaEnum(SCHEMA, 'BuildingUse')),
      vacant_since: column.date(),
    }),
    rules: (row, reject) => {
      if (row.floor_area === 0) reject('floor_area', 'is 0; a building has a floor area in m² of at least 1');
    },
    target: 'vacant_building',
    key: ['id'],
    toRecord: (row) => ({ ...row, source: 'PARTNER' }),
    scope: [ofMunicipality('neighbourhood_code')],
    references: [knownArea('neighbourhood_code')],
  }),
};
