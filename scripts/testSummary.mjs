// The closing line of `npm test`, from Vitest's JSON report: "tests: N passed, N failed, N skipped".
// A file that fails to load, or a suite whose hook throws, has no failed assertion (its tests show as skipped or
// not at all), so counting only failed assertions once let a run with a whole broken file close "0 failed".
// Here every such file counts as one failure and is named; its tests are not counted as skipped.
import path from 'node:path';

/**
 * @param {any} report Vitest's JSON reporter output (or null when there is none)
 * @param {{ root: string, exitStatus: number | null }} run
 * @returns {{ lines: string[], closing: string, ok: boolean }}
 */
export function summarize(report, run) {
  if (!report || !Array.isArray(report.testResults)) {
    return { lines: [], closing: `tests: no results (vitest exited ${run.exitStatus ?? 'by a signal'}); counted as failed`, ok: false };
  }
  const lines = [];
  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  let brokenFiles = 0;
  for (const file of report.testResults) {
    const name = path.relative(run.root, file.name ?? '?') || String(file.name);
    const tests = file.assertionResults ?? [];
    const failedHere = tests.filter((t) => t.status === 'failed').length;
    const fileError = file.status === 'failed' && ((file.message ?? '') !== '' || failedHere === 0);
    if (fileError) {
      brokenFiles += 1;
      const why = (file.message ?? '').split('\n')[0] || 'a suite-level error (a hook or the file itself threw; see the log above)';
      lines.push(`failed file: ${name}: ${why}`);
    }
    for (const t of tests) {
      if (t.status === 'passed') passed += 1;
      else if (t.status === 'failed') failedTests += 1;
      else if (!fileError && (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')) {
        skipped += 1;
        // Skipped is never passed: name each one, with the reason its suite title gives.
        lines.push(`skipped: ${name} › ${[...(t.ancestorTitles ?? []), t.title].join(' › ')}`);
      }
    }
  }
  const failed = failedTests + brokenFiles;
  const detail = brokenFiles > 0 ? ` (${failedTests} test${failedTests === 1 ? '' : 's'}, ${brokenFiles} file${brokenFiles === 1 ? '' : 's'} or suite${brokenFiles === 1 ? '' : 's'} that did not run)` : '';
  const ok = failed === 0 && report.success !== false && run.exitStatus === 0;
  const closing = `tests: ${passed} passed, ${failed} failed${detail}, ${skipped} skipped` + (ok || failed > 0 ? '' : `; vitest reported failure (exit ${run.exitStatus})`);
  return { lines, closing, ok };
}
