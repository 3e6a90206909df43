-- Issue 9: the integrity check is a background job that reads the credentials page by page.
-- A job's progress and its mismatches are kept here, so that neither has to fit in memory.
CREATE TABLE integrity_jobs (
  job_id       uuid PRIMARY KEY,
  requested_by text NOT NULL,
  state        text NOT NULL CHECK (state IN ('running', 'completed', 'failed', 'interrupted')),
  total        bigint NOT NULL,
  checked      bigint NOT NULL DEFAULT 0,
  consistent   bigint NOT NULL DEFAULT 0,
  pending      bigint NOT NULL DEFAULT 0,
  mismatches   bigint NOT NULL DEFAULT 0,
  cursor       text,
  error        text,
  started_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  finished_at  timestamptz
);
CREATE INDEX integrity_jobs_started ON integrity_jobs (started_at);

CREATE TABLE integrity_mismatches (
  job_id          uuid NOT NULL REFERENCES integrity_jobs (job_id) ON DELETE CASCADE,
  consent_id      text NOT NULL,
  code            text NOT NULL,
  computed_hash   text NOT NULL,
  ledger_hash     text,
  stored_hash     text,
  read_model_hash text,
  PRIMARY KEY (job_id, consent_id)
);
