import { afterEach, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb/plugins/core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { deriveSealKey, openValue, sealValue, sealedStorage } from './sealedStorage';

interface Person {
  id: string;
  storeId: string;
  personal: { name: string; email: string };
  notes: string[];
}

const schema = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    storeId: { type: 'string', maxLength: 64 },
    personal: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } },
    notes: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'storeId', 'personal', 'notes'],
  indexes: ['storeId'],
  encrypted: ['personal', 'notes'],
} as const satisfies RxJsonSchema<Person>;

const secret = new Uint8Array(32).map((_, i) => i + 1);
const open: { close(): Promise<boolean> }[] = [];

async function db(name: string, storage: Parameters<typeof createRxDatabase>[0]['storage']): Promise<RxDatabase<{ people: RxCollection<Person> }>> {
  const d = await createRxDatabase<{ people: RxCollection<Person> }>({ name, storage, multiInstance: false });
  await d.addCollections({ people: { schema } });
  open.push(d);
  return d;
}

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

describe('sealed storage (personal data at rest)', () => {
  it('stores sealed fields as ciphertext and reads them back whole, queries by plain fields still work', async () => {
    const memory = getRxStorageMemory();
    const key = deriveSealKey(secret, 'seal-a');
    const sealed = await db('seal-a', sealedStorage(memory, key));
    await sealed.people.insert({ id: 'c1', storeId: 's1', personal: { name: 'Alex Martin', email: 'alex@example.com' }, notes: ['prefers linen'] });
    const back = await sealed.people.find({ selector: { storeId: 's1' } }).exec();
    expect(back.map((d) => [d.toJSON().personal, d.toJSON().notes])).toEqual([[{ name: 'Alex Martin', email: 'alex@example.com' }, ['prefers linen']]]);
    await back[0]?.incrementalPatch({ notes: ['prefers linen', 'size M'] });
    expect((await sealed.people.findOne('c1').exec())?.toJSON().notes).toEqual(['prefers linen', 'size M']);

    // What the storage underneath holds: ciphertext only.
    // (RxDB wraps each storage instance again; walk down to the innermost one.)
    type Layer = typeof sealed.people.storageInstance & { originalStorageInstance?: Layer };
    let inner = sealed.people.storageInstance as Layer;
    while (inner.originalStorageInstance) inner = inner.originalStorageInstance;
    const stored = await inner.findDocumentsById(['c1'], false);
    expect(stored).toHaveLength(1);
    const text = JSON.stringify(stored);
    expect(text).not.toContain('Alex');
    expect(text).not.toContain('alex@example.com');
    expect(text).not.toContain('linen');
    expect(stored[0]).not.toHaveProperty('notes');
    expect(stored[0]?.personal).toMatch(/^s1\./);
  });

  it('refuses a wrong key and a ciphertext moved to another document', () => {
    const key = deriveSealKey(secret, 'db');
    const value = sealValue(key, { name: 'Sam' }, 'customers|c1|personal');
    expect(openValue(key, value, 'customers|c1|personal')).toEqual({ name: 'Sam' });
    expect(() => openValue(deriveSealKey(secret, 'other-db'), value, 'customers|c1|personal')).toThrow(/does not open/);
    expect(() => openValue(key, value, 'customers|c2|personal')).toThrow(/does not open/);
    const flipped = value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => openValue(key, flipped, 'customers|c1|personal')).toThrow();
  });

  it('derives different keys per database and refuses a short secret', () => {
    expect(deriveSealKey(secret, 'a')).not.toEqual(deriveSealKey(secret, 'b'));
    expect(() => deriveSealKey(new Uint8Array(8), 'a')).toThrow(/too short/);
  });
});
