/**
 * The DOM side of the keyboard wedge: listens to keydown on the window in the capture phase (before any
 * field or shortcut handler sees the key), asks the pure machine in wedge.ts what each key is, and
 *  - consumes the keys of a recognised burst so the focused field does not receive them;
 *  - restores every field that characters leaked into before the burst was recognised to its value from
 *    before the burst, through the native value setter plus an `input` event so React's controlled inputs
 *    see the restored value too (the field's value is unchanged after a scan). Every field, because focus
 *    can move in the middle of a burst (a screen that re-renders after the previous scan moves focus to its
 *    heading or primary field), and the keys that leaked before the move must not stay in the first one;
 *  - ends terminator-less bursts with a timer, which waits while keys are still queued (a busy renderer).
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

interface Scheduling {
  readonly isInputPending?: (options?: { includeContinuous?: boolean }) => boolean;
}

/** Chromium's navigator.scheduling.isInputPending (Electron has it); elsewhere false. */
function inputPending(target: Window): boolean {
  const scheduling: unknown = Reflect.get(target.navigator ?? {}, 'scheduling');
  if (typeof scheduling !== 'object' || scheduling === null) return false;
  const fn = (scheduling as Scheduling).isInputPending;
  return typeof fn === 'function' ? fn.call(scheduling, { includeContinuous: false }) : false;
}

/** Starts listening; returns the function that stops it. */
export function installWedge(target: Window, onScan: WedgeListener, settings: Partial<WedgeSettings> = {}): () => void {
  const wedge = createWedge(settings);
  /** The fields the current possible burst has typed into, each as it was before its first leaked key. */
  let snaps: EditableSnapshot[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const emit = (outputs: readonly WedgeOutput[]): void => {
    for (const output of outputs) onScan(output);
  };

  /** Remembers the focused field before a key that may leak lands in it (once per field per burst). */
  const remember = (): void => {
    const el = editable(target.document.activeElement);
    if (!el || snaps.some((s) => s.element === el)) return;
    const snap = snapshot(target.document);
    if (snap) snaps.push(snap);
  };

  const onTimer = (): void => {
    timer = undefined;
    // Keys still waiting behind a long task belong to the burst: judge the silence after they are handled.
    if (inputPending(target)) {
      timer = setTimeout(onTimer, 5);
      return;
    }
    emit(wedge.tick(target.performance.now()).outputs);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // Auto-repeat is a held key, never a scanner; composition is an IME at work.
    if (event.repeat || event.isComposing) return;
    const step = wedge.key({ key: event.key, code: event.code, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, time: event.timeStamp });
    if (step.started) snaps = [];
    if (step.consume) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else remember();
    if (step.confirmed) {
      // The leaked keys' input events have all run by now (keydown of this key comes after them).
      for (const snap of snaps) restore(snap);
      snaps = [];
    }
    emit(step.outputs);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(onTimer, wedge.tickAfterMs + 5);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== undefined) clearTimeout(timer);
  };
}
