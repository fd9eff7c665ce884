-- Complementary suppression: which counts stay hidden so that no count under the threshold can be
-- worked out by subtraction (a district minus its other neighbourhoods, a municipality minus its
-- other districts). Unlike the threshold itself, this depends on every area of a year and target
-- group at once, so it is computed when care_demand is refreshed (subgraphs/kit/suppression.ts),
-- not per request. A flag covers primary and complementary suppression alike.
--
-- New rows start hidden: a row whose flags were never computed is never published.
alter table care_demand
  add column clients_suppressed boolean not null default true,
  add column waiting_list_suppressed boolean not null default true;
-- Room on every page, so that recomputing the flags after a rule change updates rows in place
-- (HOT updates, no new index entries): about twice as fast on the national data set.
alter table care_demand set (fillfactor = 70);

-- The disclosure rule the flags were computed with (at most one row; none until the first
-- computation). At start-up the subgraph compares it with its configured rule and recomputes the
-- flags before serving when they differ, so a stricter rule takes effect at once.
create table care_disclosure_rule (
  only_row boolean primary key default true check (only_row),
  threshold integer not null check (threshold >= 1),
  round_to integer not null check (round_to >= 1),
  computed_at timestamptz not null default now()
);
