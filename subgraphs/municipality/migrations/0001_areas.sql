-- Areas as CBS codes them. One table for the three levels keeps population and hierarchy simple.
create table area (
  code text primary key,
  level text not null check (level in ('municipality', 'district', 'neighbourhood')),
  name text not null check (name <> ''),
  district_code text references area (code),
  municipality_code text references area (code),
  check (
    (level = 'municipality' and code ~ '^GM[0-9]{4}$' and district_code is null and municipality_code is null)
    or (level = 'district' and code ~ '^WK[0-9]{4}[0-9A-Z]{2}$' and district_code is null and municipality_code is not null)
    or (level = 'neighbourhood' and code ~ '^BU[0-9]{4}[0-9A-Z]{4}$' and district_code is not null and municipality_code is not null)
  )
);
create index area_by_district on area (district_code, code);
create index area_by_municipality on area (municipality_code, level, code);
create index area_by_level on area (level, code);

-- Yearly population figures per area. A null figure means CBS did not publish it (unknown,
-- secret or not yet released); a missing row means the area has no figures for that year.
create table population (
  area_code text not null references area (code),
  year integer not null check (year between 1900 and 2100),
  total integer check (total >= 0),
  age_0_14 integer check (age_0_14 >= 0),
  age_15_24 integer check (age_15_24 >= 0),
  age_25_44 integer check (age_25_44 >= 0),
  age_45_64 integer check (age_45_64 >= 0),
  age_65_plus integer check (age_65_plus >= 0),
  households integer check (households >= 0),
  single_person_households integer check (single_person_households >= 0),
  source text not null check (source in ('CBS', 'PARTNER', 'GENERATED')),
  primary key (area_code, year)
);

create table facility (
  id text primary key,
  neighbourhood_code text not null references area (code),
  name text not null check (name <> ''),
  kind text not null,
  source text not null check (source in ('CBS', 'PARTNER', 'GENERATED'))
);
create index facility_by_neighbourhood on facility (neighbourhood_code);

create table vacant_building (
  id text primary key,
  neighbourhood_code text not null references area (code),
  address text not null check (address <> ''),
  floor_area integer not null check (floor_area > 0),
  former_use text not null,
  vacant_since date not null,
  source text not null check (source in ('CBS', 'PARTNER', 'GENERATED'))
);
create index vacant_building_by_neighbourhood on vacant_building (neighbourhood_code);
