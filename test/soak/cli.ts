/**
 * `npm run soak -- [--minutes N] [--db pglite|postgres] [--counters N] [--no-browser]`: runs the fault soak
 * (soak.ts), prints its table and writes test/bench/results/soak.json (one entry per database, the latest run
 * of each). Exits 1 when a write was lost, a document diverged, stock is off, a message would go out twice, or a
 * return was refunded twice, over what was sold or after losing a race.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSoak, type SoakResult } from './soak';
import { REPO_ROOT } from './serverProcess';

export const RESULTS_FILE = path.join(REPO_ROOT, 'test', 'bench', 'results', 'soak.json');

export function soakTable(r: SoakResult): string {
  const rows: [string, string][] = [
    ['database', r.db],
    ['duration', `${r.minutes} min`],
    ['devices', r.devices.map((d) => `${d.name} (${d.kind})`).join(', ')],
    ['operations', `${r.operations} (${Object.entries(r.operationsByKind).map(([k, v]) => `${k} ${v}`).join(', ')}; ${r.refused} refused by the domain)`],
    ['orders placed', String(r.ordersPlaced)],
    ['faults injected', `${r.faults.total} (resets ${r.faults.resets}, delays ${r.faults.delays}, cuts ${r.faults.cuts}, server SIGKILLs ${r.faults.serverKills}, devices closed mid-write ${r.faults.deviceCrashes})`],
    ['writes acknowledged', `${r.writesAcknowledged} (${Object.entries(r.acknowledgedByDevice ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['writes lost', String(r.writesLost)],
    ['divergent documents', String(r.divergentDocuments)],
    ['time to converge', r.convergeMs === null ? 'did not converge' : `${(r.convergeMs / 1000).toFixed(1)} s`],
    ['pickups worked by 2+ devices', String(r.contendedPickups)],
    ['pickups flagged for review', String(r.flaggedPickups)],
    ['stock mismatches', String(r.stockMismatches)],
    ['staff sign-ins', r.signIns ? `${r.signIns.online} online, ${r.signIns.offline} offline, ${r.signIns.refused} refused` : 'not recorded'],
    ['who did what', r.attribution ? `${r.attribution.proven} records proven by a staff session, ${r.attribution.signedInOffline} signed in offline` : 'not recorded'],
    ['messages', `${r.messages.messages} queued, ${r.messages.sent} sent (${Object.entries(r.messages.byKind ?? {}).map(([k, v]) => `${k} ${v.sent}/${v.queued}`).join(', ')}), ${r.messages.duplicates} queued twice, ${r.messages.sentAgain ?? 0} delivered twice, ${r.messages.deliveredButPending} delivered but not recorded`],
    ['sends cut by a SIGKILL', r.messages.interrupted === undefined ? 'not recorded' : `${r.messages.interrupted} (${r.messages.inFlightAtStop} still open at the stop)`],
    ['returns', r.returns ? `${r.returns.acknowledged} acknowledged (${r.returns.offline} offline, ${r.returns.racedAttempts} in races for a last unit), ${r.returns.onServer} on the server; ${r.returns.completed} refunded, ${r.returns.flagged} flagged (${r.returns.raced} raced)` : 'not recorded'],
    ['returns settled wrong', r.returns ? `${r.returns.overReturnedLines} lines over sold, ${r.returns.refundedTwice} refunded twice, ${r.returns.flaggedButRefunded} flagged but refunded, ${r.returns.refundMismatches} refund ≠ payment ledger` : 'not recorded'],
    ['refund e-mails', r.returns ? `${r.returns.refundEmails} queued, ${r.returns.refundEmailDuplicates} duplicated` : 'not recorded'],
    ['customer notes and views', r.customerEvents ? `${r.customerEvents.acknowledged} acknowledged, ${r.customerEvents.arrived} in the server audit log` : 'not recorded'],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `| ${k.padEnd(w)} | ${v} |`).join('\n');
}

export function soakPassed(r: SoakResult): boolean {
  const returnsOk = r.returns.onServer === r.returns.acknowledged && r.returns.overReturnedLines === 0 && r.returns.refundedTwice === 0 && r.returns.flaggedButRefunded === 0 && r.returns.refundMismatches === 0 && r.returns.refundEmailDuplicates === 0;
  return r.writesLost === 0 && r.divergentDocuments === 0 && r.convergeMs !== null && r.stockMismatches === 0 && r.messages.duplicates === 0 && r.messages.sentAgain === 0 && r.messages.deliveredButPending === 0 && returnsOk && r.customerEvents.arrived === r.customerEvents.acknowledged;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '2' }, db: { type: 'string', default: 'pglite' }, counters: { type: 'string', default: '3' }, 'no-browser': { type: 'boolean', default: false }, seed: { type: 'string' } },
    strict: true,
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error('--db must be pglite or postgres');
  const result = await runSoak({ minutes, db: values.db, counters: Number(values.counters), browser: !values['no-browser'], ...(values.seed ? { seed: Number(values.seed) } : {}) });
  process.stdout.write(`\n${soakTable(result)}\n`);
  for (const l of result.lost.slice(0, 10)) process.stdout.write(`lost: ${JSON.stringify(l)}\n`);
  for (const d of result.divergent.slice(0, 10)) process.stdout.write(`divergent: ${JSON.stringify(d)}\n`);
  for (const s of result.stock.slice(0, 10)) process.stdout.write(`stock: ${JSON.stringify(s)}\n`);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  const previous: unknown = existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : {};
  const all = typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? (previous as Record<string, unknown>) : {};
  all[result.db] = result;
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(REPO_ROOT, RESULTS_FILE)}\n`);
  process.exit(soakPassed(result) ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((err: unknown) => {
    process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
