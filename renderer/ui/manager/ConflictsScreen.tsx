/**
 * Counter: "Conflicts to review" — everything sync could not settle by itself (shared/conflicts: pickup flags now,
 * returns when they exist), each with what happened on each side, and the resolution a manager records. A
 * resolution is a `reviews` document written on this device first; it replicates to the other counters, where
 * the conflict shows as resolved, by whom and how.
 *
 * Who sees what: the sides name customers and staff, so nothing is listed until someone signs in; only a signed-in
 * manager can record a resolution.
 */
import { useState } from 'react';
import { actionsFor, RESOLUTION_ACTIONS, type ConflictItem } from '../../../shared/conflicts/conflicts';
import type { ReviewDoc } from '../../../shared/conflicts/schema';
import { useSession } from '../../data/context';
import { resolveConflict, useConflicts } from '../../data/manager';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';

export function ConflictsScreen(): React.JSX.Element {
  const list = useConflicts();
  const staff = useUi((s) => s.staff);
  return (
    <section className="manager conflicts" data-testid="conflicts-screen">
      <header className="manager-head">
        <div>
          <p className="eyebrow">For store managers</p>
          <h1>Conflicts to review</h1>
        </div>
        <p className="muted manager-who">Work done on two devices, or offline, that sync could not settle by itself. Each needs a person: see what happened on each side and record what you did.</p>
      </header>
      {list === undefined ? (
        <p className="muted">Loading…</p>
      ) : staff === null ? (
        <p className="notice" data-testid="conflicts-sign-in">
          {list.open.length === 0 ? 'No open conflicts.' : `${list.open.length} open conflict${list.open.length === 1 ? '' : 's'}.`} Sign in to see them; a manager records the resolutions.
        </p>
      ) : (
        <>
          <h2 className="section-title">
            Open <span className="count">{list.open.length}</span>
          </h2>
          {list.open.length === 0 ? (
            <p className="muted" data-testid="conflicts-none">
              Nothing to review.
            </p>
          ) : (
            <ul className="conflict-list">
              {list.open.map((item) => (
                <li key={item.key}>
                  <OpenConflict item={item} canResolve={staff.role === 'manager'} />
                </li>
              ))}
            </ul>
          )}
          <h2 className="section-title">
            Resolved <span className="count">{list.resolved.length}</span>
          </h2>
          {list.resolved.length === 0 ? (
            <p className="muted">No resolutions recorded yet.</p>
          ) : (
            <ul className="conflict-list">
              {list.resolved.map(({ item, review }) => (
                <li key={item.key}>
                  <ResolvedConflict item={item} review={review} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function ConflictHead({ item }: { item: ConflictItem }): React.JSX.Element {
  const openPickup = useUi((s) => s.openPickup);
  return (
    <>
      <h3>
        {item.title} ·{' '}
        {item.source === 'pickup' ? (
          <button type="button" className="link" data-testid="conflict-open-order" onClick={() => openPickup(item.subjectId)}>
            Order {item.reference}
          </button>
        ) : (
          item.reference
        )}
      </h3>
      <div className="conflict-sides">
        {item.sides.map((side) => (
          <div key={side.label} className="conflict-side" data-testid="conflict-side">
            <h4>{side.label}</h4>
            <ul>
              {side.happened.map((h) => (
                <li key={h}>{h}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </>
  );
}

function OpenConflict({ item, canResolve }: { item: ConflictItem; canResolve: boolean }): React.JSX.Element {
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const actions = actionsFor(item.kind);
  const [action, setAction] = useState(actions[0]?.id ?? 'other');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    if (!staff) return;
    setBusy(true);
    setError(null);
    try {
      await resolveConflict(session, item, { action, note, staff });
    } catch (e) {
      setError(e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="manager-card conflict" data-testid="conflict-open" data-key={item.key} data-kind={item.kind}>
      <ConflictHead item={item} />
      <p className="conflict-ask">{item.ask}</p>
      {canResolve ? (
        <form
          className="conflict-resolve"
          onSubmit={(e) => {
            e.preventDefault();
            background(submit(), 'recording a resolution');
          }}
        >
          <fieldset>
            <legend>What did you do?</legend>
            {actions.map((a) => (
              <label key={a.id}>
                <input type="radio" name={`action-${item.key}`} value={a.id} checked={action === a.id} onChange={() => setAction(a.id)} data-testid={`resolve-action-${a.id}`} /> {a.label}
              </label>
            ))}
          </fieldset>
          <label className="conflict-note">
            Note {action === 'other' ? '(required)' : '(optional)'}
            <textarea value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} data-testid="resolve-note" />
          </label>
          {error !== null && (
            <p className="form-error" role="alert" data-testid="resolve-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy} data-testid="resolve-submit">
            Record resolution
          </button>
        </form>
      ) : (
        <p className="muted" data-testid="resolve-needs-manager">
          A manager records the resolution: sign in as a manager.
        </p>
      )}
    </article>
  );
}

function ResolvedConflict({ item, review }: { item: ConflictItem; review: ReviewDoc }): React.JSX.Element {
  const { settings } = useSession();
  const label = (RESOLUTION_ACTIONS[item.kind] ?? []).find((a) => a.id === review.action)?.label ?? review.action;
  const where = review.deviceId === settings.deviceId ? 'this counter' : 'another counter';
  return (
    <article className="manager-card conflict resolved" data-testid="conflict-resolved" data-key={item.key}>
      <ConflictHead item={item} />
      <p className="conflict-resolution" data-testid="conflict-resolution">
        <b>Resolved</b> by {review.staffName} on {where}, {new Date(review.resolvedAt).toLocaleString()}: {label}.{review.note !== '' && <> Note: “{review.note}”</>}
      </p>
    </article>
  );
}
