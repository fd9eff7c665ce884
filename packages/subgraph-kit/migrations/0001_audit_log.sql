-- Every request that reaches this partner's data, logged at the source. Append-only, and the
-- database itself enforces that: no update, delete or truncate succeeds, whoever asks.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  transaction_id text not null,
  consumer text not null,
  organisation text not null,
  purpose text not null,
  operation_name text,
  -- sha256 of the client's document at the gateway, and of the part this partner received.
  document_hash text,
  subgraph_document_hash text not null,
  fields_read text[] not null,
  outcome text not null check (outcome in ('OK', 'DENIED', 'ERROR'))
);
create index audit_log_by_organisation on audit_log (organisation, at);
create index audit_log_by_time on audit_log (at);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op;
end
$$;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
