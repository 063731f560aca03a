/**
 * The DOM side of the keyboard wedge: listens to keydown on the window in the capture phase (before any
 * field or shortcut handler sees the key), asks the pure machine in wedge.ts what each key is, and
 *  - consumes the keys of a recognised burst so the focused field does not receive them;
 *  - restores the focused field to its value from before the burst when characters leaked into it before
 *    the burst was recognised, through the native value setter plus an `input` event so React's
 *    controlled inputs see the restored value too (the field's value is unchanged after a scan);
 *  - ends terminator-less bursts with a timer.
 */
import type { WedgeOutput, WedgeSettings } from './wedge';
import { createWedge } from './wedge';

interface EditableSnapshot {
  readonly element: HTMLInputElement | HTMLTextAreaElement;
  readonly value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
}

function editable(el: Element | null): HTMLInputElement | HTMLTextAreaElement | null {
  if (!el) return null;
  const tag = el.tagName;
  if (tag !== 'INPUT' && tag !== 'TEXTAREA') return null;
  // tagName says which interface it is; the narrowing is by the DOM's own contract.
  return el as HTMLInputElement | HTMLTextAreaElement;
}

function snapshot(doc: Document): EditableSnapshot | null {
  const element = editable(doc.activeElement);
  if (!element) return null;
  let selectionStart: number | null = null;
  let selectionEnd: number | null = null;
  try {
    selectionStart = element.selectionStart;
    selectionEnd = element.selectionEnd;
  } catch {
    // type=number/email fields throw on selection access; their value is still restorable.
  }
  return { element, value: element.value, selectionStart, selectionEnd };
}

function restore(snap: EditableSnapshot): void {
  const { element } = snap;
  if (element.value === snap.value) return;
  // React tracks the value it last rendered through the prototype's setter; use it so onChange fires.
  const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element) as object, 'value');
  if (descriptor?.set) descriptor.set.call(element, snap.value);
  else element.value = snap.value;
  element.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    if (snap.selectionStart !== null) element.setSelectionRange(snap.selectionStart, snap.selectionEnd ?? snap.selectionStart);
  } catch {
    // Not every input type has a selection.
  }
}

export type WedgeListener = (output: WedgeOutput) => void;

/** Starts listening; returns the function that stops it. */
export function installWedge(target: Window, onScan: WedgeListener, settings: Partial<WedgeSettings> = {}): () => void {
  const wedge = createWedge(settings);
  const endAfterMs = settings.endAfterMs ?? 80;
  let snap: EditableSnapshot | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const emit = (outputs: readonly WedgeOutput[]): void => {
    for (const output of outputs) onScan(output);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // Auto-repeat is a held key, never a scanner; composition is an IME at work.
    if (event.repeat || event.isComposing) return;
    const step = wedge.key({ key: event.key, code: event.code, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, time: event.timeStamp });
    if (step.started) snap = snapshot(target.document);
    if (step.consume) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    if (step.confirmed && snap) {
      // The leaked keys' input events have all run by now (keydown of this key comes after them).
      restore(snap);
    }
    emit(step.outputs);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      emit(wedge.tick(target.performance.now()).outputs);
    }, endAfterMs + 5);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== undefined) clearTimeout(timer);
  };
}
