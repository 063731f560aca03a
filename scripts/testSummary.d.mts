/** Types for scripts/testSummary.mjs (plain JS so `npm test` runs it without a build). */
export interface TestSummary {
  lines: string[];
  closing: string;
  ok: boolean;
}
export function summarize(report: unknown, run: { root: string; exitStatus: number | null }): TestSummary;
