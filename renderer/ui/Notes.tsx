/** Staff notes about a product ("display model scuffed"): written locally first, sent when online. */
import { useState } from 'react';
import { useDataActions, useNotes } from '../data/hooks';
import { useUi } from '../state/ui';

export function Notes({ productId, variantId }: { productId: string; variantId: string }): React.JSX.Element {
  const notes = useNotes(productId);
  const staff = useUi((s) => s.staff);
  const { addNote } = useDataActions();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(): Promise<void> {
    if (!staff) return;
    setError(null);
    await addNote({ productId, variantId, text, staffId: staff.id });
    setText('');
  }

  return (
    <section className="notes" aria-label="Staff notes">
      <h3>Staff notes</h3>
      {staff ? (
        <form
          className="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
          }}
        >
          <input data-testid="note-input" value={text} onChange={(e) => setText(e.target.value)} placeholder="Add a note, e.g. “display model scuffed”" maxLength={500} />
          <button type="submit" data-testid="note-submit" disabled={text.trim() === ''}>
            Add note
          </button>
        </form>
      ) : (
        <p className="muted">Sign in to add a note.</p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note-item" data-note-id={n.id}>
              <span>{n.text}</span>
              <span className="muted note-meta">
                {new Date(n.createdAt).toLocaleString()} · staff {n.staffId.replace(/^staff_/, '')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
