-- At most once, as far as the sender allows (server/outbox/worker.ts): an attempt is recorded before the message
-- goes to the sender, so a process killed between the sender taking the message and the 'sent' row committing
-- leaves a trace. The next claim of that row sees the interrupted attempt: a sender that is idempotent by message
-- id (the .eml folder; a provider API with an idempotency key) is asked again with the same id and delivers
-- nothing new; a sender that is not (plain SMTP) is not asked again: the row is failed with the reason, for a
-- person to resend if the customer did not get it.
ALTER TABLE outbox ADD COLUMN attempt_started_at timestamptz
;
ALTER TABLE outbox ADD COLUMN interrupted_attempts integer NOT NULL DEFAULT 0
;
-- Customer events (views, reveals, notes, wishlist adds) are attributed as pickup events and notes are
-- (server/staff/sessions.ts): proven by an online staff session (kept here by id) or marked signed in offline.
ALTER TABLE customer_events ADD COLUMN signed_in_offline boolean NOT NULL DEFAULT false
;
ALTER TABLE customer_events ADD COLUMN staff_session text
;
