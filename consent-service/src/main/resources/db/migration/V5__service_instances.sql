-- Issue 12: several consent-service instances over one database.
-- Each running instance takes a number from this sequence and holds the session advisory lock
-- (1131177316, number) for as long as it runs (pg/PgInstanceLock); PostgreSQL drops the lock when
-- the session ends, so an instance that stopped, crashed or was killed is seen as gone at once.
CREATE SEQUENCE service_instances AS integer MINVALUE 1 CYCLE;

-- The instance that claimed an outbox item: a live instance's submitted items are never taken from
-- it, a gone instance's are taken over at once, without waiting for their lease to run out.
ALTER TABLE outbox ADD COLUMN claimed_by integer;

-- The instance that runs an integrity job: at start-up an instance marks interrupted only the jobs
-- of instances that are gone, not a job another live instance is running.
ALTER TABLE integrity_jobs ADD COLUMN run_by integer;
