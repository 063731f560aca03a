/**
 * Counter: "Conflicts to review" — everything sync could not settle by itself (shared/conflicts: pickup flags and
 * flagged returns), each with what happened on each side, and the resolution a manager records. A pickup's
 * resolution is a `reviews` document, a return's a `resolved` event in the return's log; both are written on this
 * device first and replicate to the other counters, where the conflict shows as resolved, by whom and how.
 *
 * Who sees what: the sides name customers and staff, so nothing is listed until someone signs in; only a signed-in
 * manager can record a resolution.
 */
import { useMemo, useState } from 'react';
import { actionsFor, RESOLUTION_ACTIONS, type ConflictItem } from '../../../shared/conflicts/conflicts';
import type { ReviewDoc } from '../../../shared/conflicts/schema';
import { useSession } from '../../data/context';
import { resolveConflict, useConflicts } from '../../data/manager';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { managerAreaMessages } from './messages';
import { returnConflictMessages } from './returnConflicts.messages';
import { eventText, nameWords, sideLabel } from './conflictWords';
import { useErrorText } from '../errors/useErrorText';

type Key = MessageKey<typeof managerAreaMessages>;
type ReturnKey = MessageKey<typeof returnConflictMessages>;

/**
 * A translated message for a kind or action a bundle knows (`k_OVERPICKED`; flagged returns' `k_RACED` in
 * returnConflictMessages), else the shared English.
 */
function known(t: Translate<Key>, key: string, english: string, tr?: Translate<ReturnKey>): string {
  if (Object.hasOwn(managerAreaMessages.text.en, key)) return t(key as Key);
  if (tr && Object.hasOwn(returnConflictMessages.text.en, key)) return tr(key as ReturnKey);
  return english;
}

export function ConflictsScreen(): React.JSX.Element {
  const { t } = useI18n(managerAreaMessages);
  const words = useMemo(() => nameWords(t), [t]);
  const list = useConflicts(undefined, words);
  const staff = useUi((s) => s.staff);
  return (
    <section className="manager conflicts" data-testid="conflicts-screen">
      <header className="manager-head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1>{t('conflictsTitle')}</h1>
        </div>
        <p className="muted manager-who">{t('conflictsIntro')}</p>
      </header>
      {list === undefined ? (
        <p className="muted">{t('loading')}</p>
      ) : staff === null ? (
        <p className="notice" data-testid="conflicts-sign-in">
          {t('conflictsSignIn', { count: list.open.length })}
        </p>
      ) : (
        <>
          <h2 className="section-title">
            {t('open')} <span className="count">{list.open.length}</span>
          </h2>
          {list.open.length === 0 ? (
            <p className="muted" data-testid="conflicts-none">
              {t('nothingToReview')}
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
            {t('resolvedHeading')} <span className="count">{list.resolved.length}</span>
          </h2>
          {list.resolved.length === 0 ? (
            <p className="muted">{t('noResolutions')}</p>
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
  const { t, ...f } = useI18n(managerAreaMessages);
  const { t: tr } = useI18n(returnConflictMessages);
  const openPickup = useUi((s) => s.openPickup);
  const openManager = useUi((s) => s.openManager);
  return (
    <>
      <h3>
        {known(t, `k_${item.kind}`, item.title, tr)} ·{' '}
        {item.source === 'pickup' ? (
          <button type="button" className="link" data-testid="conflict-open-order" onClick={() => openPickup(item.subjectId)}>
            {t('order', { number: item.reference })}
          </button>
        ) : item.source === 'return' ? (
          <button type="button" className="link" data-testid="conflict-open-return" title={tr('openReturn')} onClick={() => openManager('returns')}>
            {item.reference !== '' ? tr('returnOf', { number: item.reference }) : tr('receiptless')}
          </button>
        ) : (
          item.reference
        )}
      </h3>
      <div className="conflict-sides">
        {item.sides.map((side) => (
          <div key={side.key} className="conflict-side" data-testid="conflict-side">
            <h4>{sideLabel(side.label, t)}</h4>
            <ul>
              {side.events.map((e, i) => (
                <li key={`${e.at}-${i}`}>{eventText(e, t, f)}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </>
  );
}

function OpenConflict({ item, canResolve }: { item: ConflictItem; canResolve: boolean }): React.JSX.Element {
  const errorText = useErrorText();
  const { t } = useI18n(managerAreaMessages);
  const { t: tr } = useI18n(returnConflictMessages);
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const actions = actionsFor(item.kind);
  const [action, setAction] = useState(actions[0]?.id ?? 'other');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    if (!staff) return;
    // The rule is shared/conflicts' (makeReview); checked here first so that the refusal is in the store's language.
    if (action === 'other' && note.trim() === '') {
      setError(t('noteMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await resolveConflict(session, item, { action, note, staff });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="manager-card conflict" data-testid="conflict-open" data-key={item.key} data-kind={item.kind}>
      <ConflictHead item={item} />
      <p className="conflict-ask">{known(t, item.source === 'return' ? 'ka_RETURN' : `ka_${item.kind}`, item.ask, tr)}</p>
      {canResolve ? (
        <form
          className="conflict-resolve"
          onSubmit={(e) => {
            e.preventDefault();
            background(submit(), 'recording a resolution');
          }}
        >
          <fieldset>
            <legend>{t('whatDidYouDo')}</legend>
            {actions.map((a) => (
              <label key={a.id}>
                <input type="radio" name={`action-${item.key}`} value={a.id} checked={action === a.id} onChange={() => setAction(a.id)} data-testid={`resolve-action-${a.id}`} /> {known(t, `a_${a.id}`, a.label, tr)}
              </label>
            ))}
          </fieldset>
          <label className="conflict-note">
            {t(action === 'other' ? 'noteRequired' : 'noteOptional')}
            <textarea value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} data-testid="resolve-note" />
          </label>
          {error !== null && (
            <p className="form-error" role="alert" data-testid="resolve-error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy} data-testid="resolve-submit">
            {t('recordResolution')}
          </button>
        </form>
      ) : (
        <p className="muted" data-testid="resolve-needs-manager">
          {t('needsManager')}
        </p>
      )}
    </article>
  );
}

function ResolvedConflict({ item, review }: { item: ConflictItem; review: ReviewDoc }): React.JSX.Element {
  const { t, dateTime } = useI18n(managerAreaMessages);
  const { t: tr } = useI18n(returnConflictMessages);
  const { settings } = useSession();
  const english = (RESOLUTION_ACTIONS[item.kind] ?? []).find((a) => a.id === review.action)?.label;
  const label = english === undefined ? review.action : known(t, `a_${review.action}`, english, tr);
  const where = review.deviceId === settings.deviceId ? 'here' : 'elsewhere';
  return (
    <article className="manager-card conflict resolved" data-testid="conflict-resolved" data-key={item.key}>
      <ConflictHead item={item} />
      <p className="conflict-resolution" data-testid="conflict-resolution">
        {t('resolvedBy', { name: review.staffName, where, when: dateTime(review.resolvedAt), action: label })}
        {review.note !== '' && <> {t('resolvedNote', { note: review.note })}</>}
      </p>
    </article>
  );
}
