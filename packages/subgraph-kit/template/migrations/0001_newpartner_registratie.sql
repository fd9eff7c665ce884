-- Your existing table, described as it already is in your database: same name (with its schema,
-- such as registratie.buurtcijfers) and same columns. On your database it exists, so this does
-- nothing; on an empty one (npm start, the tests, the other partners' machines) it makes an empty
-- table of the same shape for the demo data. Your names need not be the contract's: 0002 maps them.
create table if not exists newpartner_registratie (
  buurtcode text not null,
  peiljaar integer not null,
  aantal integer not null check (aantal >= 0),
  primary key (buurtcode, peiljaar)
);

-- The demo generator (seed.ts) leaves a row here, so that demo figures say GENERATED and are
-- never mistaken for yours. On your database it stays empty.
create table newpartner_demo (loaded_at timestamptz not null default now());
