import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import type { DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import { rowLoader, yearGuard } from '@buurtgraaf/subgraph-kit/loaders';
import * as store from './store';

const areaYearKey = (key: store.AreaYear) => `${key.code}:${key.year}`;
const rowKey = (row: store.FigureRow) => `${row.areaCode}:${row.year}`;

export interface NewpartnerSettings {
  NEWPARTNER_DISCLOSURE_THRESHOLD: number;
  NEWPARTNER_DISCLOSURE_ROUND_TO: number;
}

export function setup(db: Queryable, settings: NewpartnerSettings) {
  const assertYear = yearGuard(() => store.figureYears(db));
  const rule: DisclosureRule = {
    threshold: settings.NEWPARTNER_DISCLOSURE_THRESHOLD,
    roundTo: settings.NEWPARTNER_DISCLOSURE_ROUND_TO,
  };
  // A fresh loader per request: its cache must never serve one caller's answers to another.
  return () => ({
    assertYear,
    rule,
    figure: rowLoader((keys: readonly store.AreaYear[]) => store.figuresOf(db, keys), rowKey, areaYearKey),
  });
}

export type NewpartnerContext = ReturnType<ReturnType<typeof setup>>;
