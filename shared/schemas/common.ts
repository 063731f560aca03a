import type { JsonSchema } from './jsonSchema';

export const idField = { type: 'string', maxLength: 64 } as const satisfies JsonSchema;
export const isoTime = { type: 'string', maxLength: 32 } as const satisfies JsonSchema;
export const moneySchema = {
  type: 'object',
  properties: {
    amount: { type: 'integer', minimum: -1e12, maximum: 1e12 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
  },
  required: ['amount', 'currency'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/**
 * A record's staff-session proof (shared/staff.ts StaffProof): the session id and the HMAC over the record. Pickup
 * events, notes, customer events and return events carry it; one definition so they cannot drift apart.
 */
export const staffProofSchema = {
  type: 'object',
  properties: { session: { type: 'string', maxLength: 64 }, mac: { type: 'string', maxLength: 64 } },
  required: ['session', 'mac'],
} as const;
