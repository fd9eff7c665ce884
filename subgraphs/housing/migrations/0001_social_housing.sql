-- The corporation's own stock per neighbourhood and year. District and municipality figures are
-- sums over the neighbourhood codes they contain, so only neighbourhoods are stored.
create table social_housing (
  neighbourhood_code text not null check (neighbourhood_code ~ '^BU[0-9]{4}[0-9A-Z]{4}$'),
  year integer not null check (year between 1900 and 2100),
  dwellings integer not null check (dwellings >= 0),
  step_free integer not null check (step_free between 0 and dwellings),
  care_suitable integer not null check (care_suitable between 0 and dwellings),
  vacant integer not null check (vacant between 0 and dwellings),
  -- Null when nothing was let that year, so there is no waiting time to report.
  average_waiting_months numeric(5, 1) check (average_waiting_months >= 0),
  source text not null check (source in ('PARTNER', 'GENERATED')),
  primary key (neighbourhood_code, year)
);
create index social_housing_by_year on social_housing (year);
