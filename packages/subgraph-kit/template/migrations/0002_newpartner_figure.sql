-- The contract between your data and this subgraph. store.ts reads only this view, so your table
-- keeps its names and layout, nothing is copied, and when your layout changes only this view
-- changes (in a new migration). One row per neighbourhood and year, with these columns:
--   area_code  text     the CBS neighbourhood code: BU and eight characters (BU03440111)
--   year       integer  the year the figure describes
--   value      integer  the figure
--   source     text     'PARTNER' for your own registration, 'GENERATED' for demo data
--
-- Map your columns with `as` and convert what differs in SQL, for example:
--   a number without prefix:  'BU' || lpad(buurtnummer::text, 8, '0') as area_code
--   a date instead of a year: extract(year from peildatum)::int as year
--   one row per client:       count(*)::int as value ... group by 1, 2
-- Publish only what may leave your house: counts of people need a disclosure rule, as the care
-- subgraph applies with subgraphs/kit/disclosure.ts.
--
-- A view reads your table with the rights of its owner (the role that runs migrations), so the
-- role that serves requests needs `select` on this view, not on your table. Rows with a malformed
-- code are left out: the gateway only ever asks for valid ones.
create view newpartner_figure as
select buurtcode as area_code,
       peiljaar as year,
       aantal as value,
       case when exists (select from newpartner_demo) then 'GENERATED' else 'PARTNER' end as source
  from newpartner_registratie
 where buurtcode ~ '^BU[0-9]{4}[0-9A-Z]{4}$';
