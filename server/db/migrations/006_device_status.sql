-- What each device last reported about itself (POST /api/v1/device/status, renderer/data/deviceStatus.ts), for the
-- manager's Devices screen. One row per device, replaced by every report. `received_at` is the server's clock
-- (the last contact); the other times are the device's own.
CREATE TABLE device_status (
  device_id text PRIMARY KEY REFERENCES devices (id),
  app_version text NOT NULL,
  last_sync_at timestamptz,
  pending_writes integer NOT NULL,
  last_error_code text,
  last_error_message text,
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
)
