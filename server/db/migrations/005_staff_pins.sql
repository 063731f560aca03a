-- Staff sign-in that survives a stolen device (shared/staff.ts, docs/architecture.md "Security"). What devices
-- never pull: the server's PIN verifier per staff member with its lockout, and the staff sessions that online
-- sign-in hands out and that pushed pickup events and notes are checked against.
CREATE TABLE staff_pins (
  staff_id text PRIMARY KEY,
  store_id text NOT NULL,
  -- serverPinVerifier(scrypt(PIN, salt)): SHA-256 of the PIN key. NULL: no PIN set yet (a manager sets one).
  verifier text,
  pin_version integer NOT NULL DEFAULT 0,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
)
;
CREATE TABLE staff_sessions (
  id text PRIMARY KEY,
  -- The session key (32 bytes hex): the device MACs its events and notes with it (shared/staff.ts staffProofMac)
  -- and presents it for manager actions. The server needs it in the clear to check those MACs.
  session_key text NOT NULL,
  staff_id text NOT NULL,
  device_id text NOT NULL,
  store_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
)
;
CREATE INDEX staff_sessions_device ON staff_sessions (device_id, staff_id)
;
-- The replicated staff documents stop carrying a PBKDF2 hash (a 4-digit PIN fell to a search of minutes). Same
-- change as MIGRATIONS.staff[1] on the device, so both sides hold the same document. Those PINs must be reset.
UPDATE docs SET data = (data - 'pinHash' - 'pinIterations') || jsonb_build_object('pinKdf', jsonb_build_object('algorithm', 'scrypt', 'logN', 17, 'r', 8, 'p', 1), 'pinVersion', 0)
WHERE collection = 'staff' AND data ? 'pinHash'
;
