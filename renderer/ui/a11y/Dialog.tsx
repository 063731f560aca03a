/**
 * The one modal dialog: focus moves into it when it opens (its `data-autofocus` element or first field), Tab and
 * Shift+Tab cycle inside it, Escape closes it, and on close focus returns to the element that opened it.
 * Every dialog of the app uses it, so those rules hold everywhere.
 */
import { useEffect, useId, useRef } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusablesIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0);
}

interface DialogProps {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  className?: string;
  testId?: string;
  /** Render as a <form> whose submit calls this (the dialog's primary action). */
  onSubmit?: () => void;
  /** Clicking the backdrop closes the dialog (default true). */
  closeOnBackdrop?: boolean;
}

export function Dialog({ title, onClose, children, className, testId, onSubmit, closeOnBackdrop = true }: DialogProps): React.JSX.Element {
  const ref = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (root) (root.querySelector<HTMLElement>('[data-autofocus]') ?? focusablesIn(root)[0] ?? root).focus();
    return () => {
      // Back to the opener, if it is still on the page (the screen behind may have changed meanwhile).
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusablesIn(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    if (e.shiftKey && (document.activeElement === first || document.activeElement === ref.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop" role="presentation" onClick={closeOnBackdrop ? onClose : undefined}>
      <section
        ref={(el) => {
          ref.current = el;
        }}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId}>{title}</h2>
        {onSubmit ? (
          // role="dialog" may not sit on a <form>: the form is inside it.
          <form
            className="dialog-form"
            onSubmit={(e) => {
              e.preventDefault();
              onSubmit();
            }}
          >
            {children}
          </form>
        ) : (
          children
        )}
      </section>
    </div>
  );
}
