import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin, type CliIo } from './admin';

// Each command opens and closes the PGlite data folder, exactly as separate `npm run admin` invocations do.
const dataDir = mkdtempSync(path.join(tmpdir(), 'aisle-admin-'));
const fixture = (name: string): string => path.join(import.meta.dirname, '..', 'test', 'fixtures', name);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runAdmin([...args, '--data', dataDir], io, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('admin CLI', () => {
  it('explains usage and rejects bad input without touching the database', async () => {
    expect((await run('--help')).out).toContain('A PGlite data folder is owned by one process at a time');
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') as unknown });
    expect(await run('seed', '--variants', 'lots')).toMatchObject({ code: 2 });
    expect(await run('stores', '--bogus-flag')).toMatchObject({ code: 2 });
  });

  it('seeds once, lists stores, issues enrollment codes, imports and changes prices', async () => {
    const seeded = await run('seed', '--variants', '40', '--seed', '3');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('40 variants, 400 inventory rows');
    expect((await run('seed', '--variants', '40')).out).toContain('already seeded');

    const stores = await run('stores');
    expect(stores.out).toMatch(/store-002\s+S002\s+Aisle Providence Westminster\s+Providence/);

    const code = await run('enroll-code', '--store', 's002', '--role', 'kiosk', '--ttl-hours', '2');
    expect(code.code).toBe(0);
    expect(code.out).toMatch(/\(store-002, S002\)[\s\S]*[A-Z2-9]{5}-[A-Z2-9]{5}[\s\S]*\(2 h\)/);
    expect(await run('enroll-code', '--store', 'S404', '--role', 'kiosk')).toMatchObject({ code: 1, err: expect.stringContaining('no store "S404"') as unknown });

    const broken = await run('import', fixture('shopify-products-broken.csv'));
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('nothing was written');
    expect(broken.err).toContain('row 5, Variant Barcode: barcode "4006381333918" has a wrong check digit');

    const good = await run('import', fixture('shopify-products.csv'));
    expect(good.code).toBe(0);
    expect(good.out).toContain('created   6 products, 19 variants (190 inventory rows at 0)');

    expect(await run('set-price', '--sku', 'BGS-TR2-9', '--price', '99.50')).toMatchObject({ code: 0, out: expect.stringContaining('$129.95 → $99.50') as unknown });
    expect(await run('set-price', '--sku', 'NOPE', '--price', '1')).toMatchObject({ code: 1 });
    expect(await run('revoke', 'dev_unknown')).toMatchObject({ code: 1, err: expect.stringContaining('no active device dev_unknown') as unknown });
    expect((await run('devices')).out).toContain('No devices enrolled');
  }, 120_000);
});
