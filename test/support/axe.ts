/**
 * axe-core in the end-to-end suite: `expectNoAxeViolations(page, 'search')` injects axe-core
 * (node_modules/axe-core/axe.min.js) into the page, checks the whole document against WCAG 2.x A/AA and axe's
 * best practices, and fails with every violation listed (rule, impact, the offending elements) — any violation,
 * whatever its impact. Call it on every screen and state a test visits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an injected <script>.
  if (!present) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    // Pulsing badges and fading toasts: judge their settled colours, not a frame mid-animation.
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { animation-play-state: paused !important; animation-delay: -10s !important; transition: none !important; }';
    document.head.append(style);
    try {
      const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })) }));
    } finally {
      style.remove();
    }
  });
}

export function describeViolations(violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${n.target.join(' ')} ${n.html}${n.failureSummary ? `\n    ${n.failureSummary.replace(/\n/g, '\n    ')}` : ''}`));
}

/** Fails the test on any axe-core violation on the page as it is now; `state` names the screen in the message. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const found = describeViolations(await axeViolations(page));
  expect(found, `axe-core violations on "${state}"`).toEqual([]);
}
