-- Consent service schema, version 1. Personal data lives only in credentials.jws, which the
-- subject can erase; everything else holds hashes, DIDs, times, statuses and transaction ids.

CREATE TABLE credentials (
  consent_id      text PRIMARY KEY,
  jws             text,
  credential_hash char(64) NOT NULL,
  subject_did     text NOT NULL,
  provider_did    text NOT NULL,
  recipient_did   text NOT NULL,
  erased          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  erased_at       timestamptz,
  CONSTRAINT credentials_body_or_erased CHECK (erased = (jws IS NULL))
);
CREATE INDEX credentials_subject ON credentials (subject_did);

CREATE TABLE consent_states (
  consent_id      text PRIMARY KEY,
  credential_hash char(64) NOT NULL,
  subject_did     text NOT NULL,
  provider_did    text NOT NULL,
  recipient_did   text NOT NULL,
  valid_from      timestamptz NOT NULL,
  valid_until     timestamptz NOT NULL,
  status          text NOT NULL
                  CHECK (status IN ('pending', 'ConsentGiven', 'ConsentWithdrawn', 'rejected')),
  code            text,
  tx_id           text,
  block_number    bigint,
  revocation      text CHECK (revocation IN ('pending', 'rejected')),
  revocation_code text,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX consent_states_subject ON consent_states (subject_did);

CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('anchor', 'revoke')),
  consent_id     text NOT NULL,
  statement      text NOT NULL,
  statement_hash char(64) NOT NULL,
  state          text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'submitted', 'done', 'rejected')),
  attempts       integer NOT NULL DEFAULT 0,
  tx_id          text,
  code           text,
  lease_until    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_claimable ON outbox (kind, id) WHERE state IN ('pending', 'submitted');
CREATE INDEX outbox_consent ON outbox (consent_id, id);

CREATE TABLE challenges (
  challenge  text PRIMARY KEY,
  did        text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX challenges_expiry ON challenges (expires_at);

CREATE TABLE event_checkpoints (
  listener     text PRIMARY KEY,
  block_number bigint NOT NULL CHECK (block_number >= 0),
  tx_id        text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
