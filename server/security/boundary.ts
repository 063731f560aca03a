/**
 * The one check every request passes before any route sees it: no string that could reach PostgreSQL carries a
 * NUL (U+0000, which PostgreSQL's text and jsonb refuse) or an unpaired UTF-16 surrogate (which jsonb refuses and
 * text would silently turn into U+FFFD), in the parsed body, the route parameters or the query — values and
 * object keys alike. Bodies nested deeper than MAX_BODY_DEPTH are refused too: no document nests that far, and
 * the recursive code after this point (schema validation, JSON.stringify for the driver) must never overflow.
 *
 * What must stay true: the walk is iterative (a 10 MB body of `[[[[…` cannot blow the stack here), it visits each
 * value once, and it keeps counting after MAX_LISTED_ISSUES so the answer can say how many more there were.
 */
import type { FastifyInstance } from 'fastify';
import { AisleError, MAX_LISTED_ISSUES, type FieldIssue } from '../../shared/errors';

export const MAX_BODY_DEPTH = 64;

const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this string cannot be stored, or null when it can. */
export function stringProblem(s: string): string | null {
  if (!SUSPECT.test(s)) return null;
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  const m = LONE_SURROGATE.exec(s);
  if (m) return `contains an unpaired surrogate (U+${m[0].charCodeAt(0).toString(16).toUpperCase()}), which is not valid Unicode`;
  return null;
}

/** A JSON-pointer segment, with the characters that cannot be stored shown as escapes so the path itself is clean. */
function segment(key: string): string {
  return key
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')
    .replace(/[\u0000\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface BoundaryReport {
  /** At most MAX_LISTED_ISSUES of them. */
  issues: FieldIssue[];
  /** All problems found, listed or not. */
  total: number;
}

/** Walks a parsed JSON value (or any plain value) and reports every unstorable string and too-deep nesting. */
export function inspectValue(value: unknown, root: string, report: BoundaryReport = { issues: [], total: 0 }): BoundaryReport {
  const add = (path: string, message: string): void => {
    report.total += 1;
    if (report.issues.length < MAX_LISTED_ISSUES) report.issues.push({ path: path === '' ? '/' : path, message });
  };
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) add(path, problem);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      add(path, `is nested more than ${MAX_BODY_DEPTH} levels deep`);
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push({ v: v[i], path: `${path}/${i}`, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [k, child] = entries[i] as [string, unknown];
      const keyProblem = stringProblem(k);
      if (keyProblem) add(`${path}/${segment(k)}`, `key ${keyProblem}`);
      stack.push({ v: child, path: `${path}/${segment(k)}`, depth: depth + 1 });
    }
  }
  return report;
}

/** Throws VALIDATION_FAILED (400) naming each bad field of the request, before any handler runs. */
export function checkRequestStrings(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  const report: BoundaryReport = { issues: [], total: 0 };
  // Route parameters and query values are named "params/<name>" and "query/<name>"; body paths start at "/".
  if (parts.params) inspectValue(parts.params, 'params', report);
  if (parts.query) inspectValue(parts.query, 'query', report);
  if (parts.body !== undefined) inspectValue(parts.body, '', report);
  if (report.total === 0) return;
  throw new AisleError(
    'VALIDATION_FAILED',
    `${report.total} field(s) of the request cannot be stored (NUL characters, unpaired surrogates or too-deep nesting); nothing was stored`,
    report.issues,
    { omittedDetails: report.total - report.issues.length },
  );
}

/** Installs the check as a preValidation hook: after body parsing, before schema validation and every handler. */
export function installBoundaryChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    checkRequestStrings({ params: req.params, query: req.query, body: req.body });
  });
}
