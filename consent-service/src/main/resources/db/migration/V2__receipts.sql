-- Version 2: provider verifications and transmission receipts (RECEIPT-PROTOCOL.md).

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('anchor', 'revoke', 'receipt'));

-- Receipts recorded on the ledger, from ReceiptsRecorded events.
CREATE TABLE receipts (
  receipt_id        text PRIMARY KEY,
  consent_id        text NOT NULL,
  provider_did      text NOT NULL,
  recipient_did     text NOT NULL,
  categories        text[] NOT NULL,
  presentation_hash char(64) NOT NULL,
  recorded_at       timestamptz NOT NULL,
  tx_id             text NOT NULL,
  block_number      bigint NOT NULL
);
CREATE INDEX receipts_consent ON receipts (consent_id, recorded_at, receipt_id);

-- Presentation nonces each provider has seen: a nonce is accepted once per provider.
CREATE TABLE presentation_nonces (
  provider_did text NOT NULL,
  nonce        text NOT NULL,
  seen_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT presentation_nonces_unique UNIQUE (provider_did, nonce)
);
