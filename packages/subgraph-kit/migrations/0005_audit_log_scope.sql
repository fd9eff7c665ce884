-- Which areas and which arguments (years, target groups, page sizes) a request read, so a privacy
-- officer can answer "who read the care figures of this neighbourhood?" (npm run audit -- --area).
alter table audit_log add column areas text[] not null default '{}';
alter table audit_log add column arguments text[] not null default '{}';
create index audit_log_by_area on audit_log using gin (areas);
