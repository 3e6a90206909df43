-- Issue 14: OpenID4VP authorization requests, kept between the provider's calls and the wallet's so
-- that any consent-service instance answers the request URI, the response URI and the decision.
-- Rows are deleted once expired (10 minutes after creation).
CREATE TABLE oid4vp_requests (
  id             text PRIMARY KEY,
  provider       text NOT NULL,
  recipient      text NOT NULL,
  categories     text[] NOT NULL,
  purpose        text NOT NULL,
  nonce          text NOT NULL,
  state          text NOT NULL,
  expires_at     timestamptz NOT NULL,
  status         text NOT NULL
    CHECK (status IN ('created', 'pending', 'responded', 'refused', 'decided')),
  request_object text,
  presentation   text,
  wallet_error   text,
  decision       text
);
CREATE INDEX oid4vp_requests_expiry ON oid4vp_requests (expires_at);
