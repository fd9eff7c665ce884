-- Pseudonymised client records: the provider's source of truth. They never leave this database;
-- no GraphQL field reads this table directly.
create table care_client (
  id text primary key,
  neighbourhood_code text not null check (neighbourhood_code ~ '^BU[0-9]{4}[0-9A-Z]{4}$'),
  target_group text not null check (target_group in ('ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH')),
  waiting_since date not null,
  -- Null while the client is still on the waiting list.
  care_start date check (care_start >= waiting_since),
  care_end date check (care_end >= care_start),
  source text not null check (source in ('PARTNER', 'GENERATED')),
  check (care_end is null or care_start is not null)
);

-- Exact counts per area, year and target group, derived from care_client after every load so a
-- whole-country request reads 100,000 small rows instead of scanning millions of records.
-- Disclosure control is applied when a count is read, never stored, so a stricter rule takes
-- effect at once.
create table care_demand (
  area_code text not null,
  year integer not null,
  target_group text not null,
  clients integer not null check (clients >= 0),
  waiting_list integer not null check (waiting_list >= 0),
  source text not null,
  primary key (area_code, year, target_group)
);
