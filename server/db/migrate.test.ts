import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations } from './migrate';

describe('listMigrations', () => {
  let dir = '';
  const folder = (files: string[]): string => {
    dir = mkdtempSync(path.join(tmpdir(), 'aisle-migrations-'));
    for (const f of files) writeFileSync(path.join(dir, f), 'SELECT 1');
    return dir;
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the shipped migrations in order, each number once', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions.length).toBeGreaterThan(5);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses a misnamed file instead of skipping it (008a_x.sql would never run)', () => {
    expect(() => listMigrations(folder(['001_init.sql', '008a_extra.sql', 'README.md']))).toThrow(/008a_extra\.sql/);
  });

  it('refuses two files with one number', () => {
    expect(() => listMigrations(folder(['001_init.sql', '002_a.sql', '002_b.sql']))).toThrow(/share a number: 002_b\.sql/);
  });

  it('ignores files that are not SQL', () => {
    expect(listMigrations(folder(['001_init.sql', 'notes.txt'])).map((m) => m.name)).toEqual(['001_init.sql']);
  });
});
