import { describe, expect, it } from 'vitest';
import { COLLECTIONS, COLLECTION_NAMES } from './collections';
import { MIGRATIONS } from './migrations';

describe('schema versions', () => {
  it.each(COLLECTION_NAMES)('%s has a migration for every version above 0', (name) => {
    const version = COLLECTIONS[name].schema.version;
    const missing: number[] = [];
    for (let v = 1; v <= version; v++) if (typeof MIGRATIONS[name][v] !== 'function') missing.push(v);
    expect(missing, `add MIGRATIONS.${name}[v] in shared/schemas/migrations.ts`).toEqual([]);
  });

  it('indexed fields are required and bounded (Dexie storage refuses anything else)', () => {
    for (const name of COLLECTION_NAMES) {
      const schema = COLLECTIONS[name].schema;
      for (const index of schema.indexes ?? []) {
        for (const field of typeof index === 'string' ? [index] : index) {
          expect(schema.required, `${name}.${field}`).toContain(field);
          const prop = schema.properties[field];
          expect(prop, `${name}.${field}`).toBeDefined();
          if (prop?.type === 'string') expect(prop.maxLength, `${name}.${field} maxLength`).toBeGreaterThan(0);
        }
      }
    }
  });
});
