import type { Queryable } from '../../kit/database';
import { rowLoader, yearGuard } from '../../kit/loaders';
import * as store from './store';

const areaYearKey = (key: store.AreaYear) => `${key.code}:${key.year}`;
const rowKey = (row: store.FigureRow) => `${row.areaCode}:${row.year}`;

export function setup(db: Queryable) {
  const assertYear = yearGuard(() => store.figureYears(db));
  // A fresh loader per request: its cache must never serve one caller's answers to another.
  return () => ({
    assertYear,
    figure: rowLoader((keys: readonly store.AreaYear[]) => store.figuresOf(db, keys), rowKey, areaYearKey),
  });
}

export type NewpartnerContext = ReturnType<ReturnType<typeof setup>>;
