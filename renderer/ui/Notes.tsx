/** Staff notes about a product ("display model scuffed"): written locally first, sent when online. */
import { useState } from 'react';
import { useDataActions, useNotes } from '../data/hooks';
import { useUi } from '../state/ui';
import { useI18n } from '../i18n';
import { productMessages } from './product.messages';
import { useErrorText } from './errors/useErrorText';

export function Notes({ productId, variantId }: { productId: string; variantId: string }): React.JSX.Element {
  const errorText = useErrorText();
  const notes = useNotes(productId);
  const staff = useUi((s) => s.staff);
  const { addNote } = useDataActions();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { t, dateTime } = useI18n(productMessages);

  async function submit(): Promise<void> {
    if (!staff) return;
    setError(null);
    await addNote({ productId, variantId, text, staffId: staff.id });
    setText('');
  }

  return (
    <section className="notes" aria-label={t('notesTitle')}>
      <h2>{t('notesTitle')}</h2>
      {staff ? (
        <form
          className="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit().catch((err: unknown) => setError(errorText(err)));
          }}
        >
          <input data-testid="note-input" value={text} onChange={(e) => setText(e.target.value)} aria-label={t('noteLabel')} placeholder={t('notePlaceholder')} maxLength={500} />
          <button type="submit" data-testid="note-submit" disabled={text.trim() === ''}>
            {t('addNote')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('signInToNote')}</p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notes.length === 0 ? (
        <p className="muted">{t('noNotes')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note-item" data-note-id={n.id}>
              <span>{n.text}</span>
              <span className="muted note-meta">
                {dateTime(n.createdAt)} · {t('noteBy', { staff: n.staffId.replace(/^staff_/, '') })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
