-- The nonces of signed gateway requests this partner has accepted, shared by all its replicas:
-- a request replayed to another replica within the signature's age window is refused there too.
-- Unlogged: a nonce only matters for seconds, and after a crash the age check alone refuses
-- anything older than the window, so it needs no write-ahead log (and costs less per request).
create unlogged table signature_nonce (
  nonce text primary key,
  expires_at timestamptz not null
);
create index signature_nonce_by_expiry on signature_nonce (expires_at);
revoke all on signature_nonce from public;

-- The serving role gets these two functions and nothing on the table itself: it can claim a
-- nonce once and forget expired ones, but cannot read, list or delete live nonces.
create function claim_signature_nonce(claimed text, expires timestamptz) returns boolean
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  insert into signature_nonce (nonce, expires_at) values (claimed, expires) on conflict (nonce) do nothing;
  return found;
end
$$;
create function forget_expired_signature_nonces() returns void
  language sql security definer set search_path = pg_catalog, public as $$
  delete from signature_nonce where expires_at < now();
$$;
revoke all on function claim_signature_nonce(text, timestamptz) from public;
revoke all on function forget_expired_signature_nonces() from public;
