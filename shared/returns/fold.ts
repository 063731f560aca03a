/**
 * The state of a return is a pure fold of its SET of events (sorted by (at, id) first), so two sides holding the
 * same events agree whatever order they arrived in. The derived fields stored on the document (status, flags,
 * refundTotal, createdAt, updatedAt) are this fold's result, kept only for RxDB indexes; both sides recompute them.
 *
 * Rules that decide races (docs/returns.md):
 * - the first `created` event (by (at, id)) is the return; a later one is ignored;
 * - the latest `assessed` and the latest `tendered` count;
 * - `approved` events accumulate per line (a manager's approval or override);
 * - the server's `accepted`, `refunded` and `flagged` events are the truth about money and stock: a return with
 *   `refunded` is completed, and nothing refunds it again (the ledger and the connector are keyed by its id);
 * - a manager's `resolved` event closes one server flag (the first per flag counts); the status stays `flagged`
 *   (the server's verdict does not change), `openFlags` says what is still waiting for a manager.
 */
import type { LineVerdict, RefundAllocation, ReturnDoc, ReturnEvent, ReturnFlag, ReturnLine, ReturnResolutionAction, ReturnStatus, ReceiptRef } from './types';

export function compareReturnEvents(a: ReturnEvent, b: ReturnEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Approval {
  by: string;
  override: boolean;
  reason: string;
  at: string;
}

export interface Resolution {
  flag: ReturnFlag;
  action: ReturnResolutionAction;
  note: string;
  by: string;
  deviceId: string;
  at: string;
}

export interface ReturnState {
  status: ReturnStatus;
  createdAt: string;
  createdBy: { staffId: string; deviceId: string } | null;
  receipt: ReceiptRef;
  customerId: string;
  offline: boolean;
  lines: ReturnLine[];
  /** The latest verdicts the counter recorded (empty before any). */
  verdicts: LineVerdict[];
  approvals: Record<string, Approval>;
  tendered: { allocations: RefundAllocation[]; total: number; collect: number; at: string; deviceId: string } | null;
  /** Server: units the ledger took, per return line. */
  accepted: Record<string, number> | null;
  refunded: { allocations: RefundAllocation[]; total: number; reference: string; at: string } | null;
  flags: ReturnFlag[];
  flagDetails: { flag: ReturnFlag; detail: string; at: string }[];
  /**
   * A manager's resolution per flag the server raised: the first `resolved` event of that flag (by (at, id)) counts,
   * so two managers resolving it on two offline counters converge on one. A resolution of a flag the server has not
   * raised (yet) is kept in the log and shown only once the flag arrives.
   */
  resolutions: Partial<Record<ReturnFlag, Resolution>>;
  cancelled: boolean;
  lastEventAt: string;
}

export function foldReturn(events: readonly ReturnEvent[]): ReturnState {
  const sorted = [...events].sort(compareReturnEvents);
  const s: ReturnState = {
    status: 'draft',
    createdAt: '',
    createdBy: null,
    receipt: { kind: 'none', code: '' },
    customerId: '',
    offline: false,
    lines: [],
    verdicts: [],
    approvals: {},
    tendered: null,
    accepted: null,
    refunded: null,
    flags: [],
    flagDetails: [],
    resolutions: {},
    cancelled: false,
    lastEventAt: '',
  };
  const flags = new Set<ReturnFlag>();
  for (const e of sorted) {
    s.lastEventAt = e.at;
    switch (e.type) {
      case 'created':
        if (s.createdBy) break;
        s.createdAt = e.at;
        s.createdBy = { staffId: e.staffId, deviceId: e.deviceId };
        s.receipt = e.receipt;
        s.customerId = e.customerId;
        s.offline = e.offline;
        s.lines = e.lines;
        break;
      case 'assessed':
        s.verdicts = e.verdicts;
        break;
      case 'approved':
        for (const lineId of e.lineIds) s.approvals[lineId] = { by: e.staffId, override: e.override, reason: e.reason, at: e.at };
        if (e.override) flags.add('OVERRIDDEN');
        break;
      case 'tendered':
        // Settled once: a second settlement (another device's copy) never replaces the first.
        s.tendered ??= { allocations: e.allocations, total: e.total, collect: e.collect, at: e.at, deviceId: e.deviceId };
        break;
      case 'cancelled':
        if (!s.tendered) s.cancelled = true;
        break;
      case 'accepted':
        s.accepted ??= Object.fromEntries(e.lines.map((l) => [l.lineId, l.quantity]));
        break;
      case 'refunded':
        s.refunded ??= { allocations: e.allocations, total: e.total, reference: e.reference, at: e.at };
        break;
      case 'flagged':
        flags.add(e.flag);
        s.flagDetails.push({ flag: e.flag, detail: e.detail, at: e.at });
        break;
      case 'resolved':
        s.resolutions[e.flag] ??= { flag: e.flag, action: e.action, note: e.note, by: e.staffId, deviceId: e.deviceId, at: e.at };
        break;
    }
  }
  for (const f of Object.keys(s.resolutions) as ReturnFlag[]) if (!s.flagDetails.some((d) => d.flag === f)) delete s.resolutions[f];
  s.flags = [...flags].sort();
  s.status = statusOf(s);
  return s;
}

/** Server flags no manager has resolved yet (OVERRIDDEN is a manager's own decision, never waiting for one). */
export function openFlags(s: Pick<ReturnState, 'flagDetails' | 'resolutions'>): ReturnFlag[] {
  return [...new Set(s.flagDetails.map((f) => f.flag))].filter((f) => f !== 'OVERRIDDEN' && !s.resolutions[f]).sort();
}

/** Lines still waiting for a manager: needs-manager verdicts without an approval. */
export function linesAwaitingManager(s: Pick<ReturnState, 'verdicts' | 'approvals'>): string[] {
  return s.verdicts.filter((v) => v.verdict === 'needs-manager' && !s.approvals[v.lineId]).map((v) => v.lineId);
}

function statusOf(s: ReturnState): ReturnStatus {
  if (s.refunded) return 'completed';
  if (s.flagDetails.some((f) => f.flag !== 'OVERRIDDEN')) return 'flagged';
  if (s.cancelled) return 'cancelled';
  if (s.tendered) return 'submitted';
  if (linesAwaitingManager(s).length > 0) return 'awaiting-approval';
  return 'draft';
}

/** The document with its derived fields recomputed from its events. */
export function withDerived<T extends ReturnDoc>(doc: T): T {
  const s = foldReturn(doc.events);
  const sorted = [...doc.events].sort(compareReturnEvents);
  return {
    ...doc,
    events: sorted,
    status: s.status,
    flags: s.flags,
    refundTotal: s.refunded?.total ?? s.tendered?.total ?? 0,
    createdAt: s.createdAt || doc.createdAt,
    updatedAt: s.lastEventAt || doc.updatedAt,
  };
}
