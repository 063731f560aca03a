import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './testSummary.mjs';

// Recorded from a real `vitest run --reporter=json` over three throwaway files: one that fails to import, one
// whose beforeAll throws, one with a passing, a skipped and a failing test.
const recorded: unknown = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'vitest-broken-run.json'), 'utf8'));

describe('npm test closing line', () => {
  it('counts a file that fails to load and a suite whose hook throws as failures, and names them', () => {
    const s = summarize(recorded, { root: '/project', exitStatus: 1 });
    expect(s.closing).toBe('tests: 1 passed, 3 failed (1 test, 2 files or suites that did not run), 1 skipped');
    expect(s.ok).toBe(false);
    expect(s.lines).toContain("failed file: broken.test.mjs: Cannot find module './does-not-exist.mjs' imported from /project/broken.test.mjs");
    expect(s.lines).toContainEqual(expect.stringMatching(/^failed file: suite\.test\.mjs: a suite-level error/));
    // The hook's victim is not "skipped"; the real skip is named.
    expect(s.lines.filter((l) => l.startsWith('skipped:'))).toEqual(['skipped: ok.test.mjs › skipped because reasons']);
  });

  it('fails when only files are broken and every assertion that ran passed (the case that once closed "0 failed")', () => {
    const r = recorded as { testResults: { name: string }[] };
    const onlyBroken = { ...r, testResults: r.testResults.filter((f) => f.name.endsWith('broken.test.mjs')) };
    const s = summarize(onlyBroken, { root: '/project', exitStatus: 1 });
    expect(s.closing).toBe('tests: 0 passed, 1 failed (0 tests, 1 file or suite that did not run), 0 skipped');
    expect(s.ok).toBe(false);
  });

  it('is ok only for a clean run, and never without a report', () => {
    const clean = { success: true, testResults: [{ name: '/p/a.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed', title: 't', ancestorTitles: [] }] }] };
    expect(summarize(clean, { root: '/p', exitStatus: 0 })).toEqual({ lines: [], closing: 'tests: 1 passed, 0 failed, 0 skipped', ok: true });
    expect(summarize(clean, { root: '/p', exitStatus: 1 }).ok).toBe(false);
    expect(summarize(null, { root: '/p', exitStatus: 1 })).toMatchObject({ ok: false, closing: expect.stringMatching(/no results/) as unknown });
  });
});
