-- The auditor's party history looks consents up by provider and recipient, and receipts by time.
CREATE INDEX consent_states_provider ON consent_states (provider_did);
CREATE INDEX consent_states_recipient ON consent_states (recipient_did);
CREATE INDEX receipts_recorded ON receipts (recorded_at);
