import { afterEach, describe, expect, it, vi } from 'vitest';
import { installWedge } from './installWedge';
import type { WedgeOutput } from './wedge';

/**
 * Node has EventTarget but no DOM; these few fakes stand in for a window with a focused text field. The
 * browser's default action (a key typing into the field unless prevented) is simulated in press().
 */
class FakeInput extends EventTarget {
  readonly tagName = 'INPUT';
  #value = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  inputEvents = 0;
  get value(): string {
    return this.#value;
  }
  set value(v: string) {
    this.#value = v;
    this.selectionStart = this.selectionEnd = v.length;
  }
  setSelectionRange(a: number, b: number): void {
    this.selectionStart = a;
    this.selectionEnd = b;
  }
  override dispatchEvent(event: Event): boolean {
    if (event.type === 'input') this.inputEvents++;
    return super.dispatchEvent(event);
  }
}

class FakeKey extends Event {
  readonly key: string;
  readonly code = '';
  readonly ctrlKey = false;
  readonly altKey = false;
  readonly metaKey = false;
  readonly repeat = false;
  readonly isComposing = false;
  readonly #time: number;
  constructor(key: string, time: number) {
    super('keydown', { cancelable: true, bubbles: true });
    this.key = key;
    this.#time = time;
  }
  override get timeStamp(): number {
    return this.#time;
  }
}

interface FakeWindow {
  win: Window;
  press: (key: string, time: number) => void;
  /** Moves focus, as a re-render does when it focuses a screen's heading or field. */
  focus: (el: FakeInput | null) => void;
  /** What navigator.scheduling.isInputPending answers. */
  setInputPending: (pending: boolean) => void;
  clock: { now: number };
}

function fakeWindow(input: FakeInput): FakeWindow {
  const target = new EventTarget();
  const document: { activeElement: FakeInput | null } = { activeElement: input };
  let pending = false;
  const clock = { now: 1e9 };
  const win = Object.assign(target, { document, performance: { now: () => clock.now }, navigator: { scheduling: { isInputPending: () => pending } } });
  const press = (key: string, time: number): void => {
    const event = new FakeKey(key, time);
    target.dispatchEvent(event);
    const focused = document.activeElement;
    if (!event.defaultPrevented && key.length === 1 && focused) focused.value = focused.value + key;
  };
  // The adapter only touches addEventListener, document.activeElement, navigator.scheduling and performance.now.
  return { win: win as unknown as Window, press, focus: (el) => (document.activeElement = el), setInputPending: (p) => (pending = p), clock };
}

describe('installWedge', () => {
  it('delivers a scan and leaves the focused field exactly as it was', () => {
    const input = new FakeInput();
    input.value = 'note: ';
    const { win, press } = fakeWindow(input);
    const scans: WedgeOutput[] = [];
    const uninstall = installWedge(win, (s) => scans.push(s));
    let t = 100;
    for (const ch of '4006381333931') press(ch, (t += 7));
    press('Enter', (t += 7));
    expect(scans).toMatchObject([{ ok: true, text: '4006381333931' }]);
    expect(input.value).toBe('note: ');
    expect(input.inputEvents).toBe(1);
    uninstall();
  });

  it('lets typing through untouched', () => {
    const input = new FakeInput();
    const { win, press } = fakeWindow(input);
    const scans: WedgeOutput[] = [];
    const uninstall = installWedge(win, (s) => scans.push(s));
    let t = 100;
    for (const ch of 'milk 2L') press(ch, (t += 150));
    press('Enter', (t += 150));
    expect(scans).toEqual([]);
    expect(input.value).toBe('milk 2L');
    uninstall();
  });

  it('restores every field the burst leaked into when focus moves in the middle of it', () => {
    const find = new FakeInput();
    find.value = 'W-91';
    const heading = null;
    const location = new FakeInput();
    location.value = 'Shelf';
    const { win, press, focus } = fakeWindow(find);
    const scans: WedgeOutput[] = [];
    const uninstall = installWedge(win, (s) => scans.push(s));
    let t = 100;
    const code = '0265000000052';
    [...code].forEach((ch, i) => {
      // After two keys a re-render moves focus to the heading (nothing to type into), after four to a field.
      if (i === 2) focus(heading);
      if (i === 4) focus(location);
      press(ch, (t += 5));
    });
    press('Enter', (t += 5));
    expect(scans).toMatchObject([{ ok: true, text: code }]);
    expect(find.value).toBe('W-91');
    expect(location.value).toBe('Shelf');
    uninstall();
  });

  describe('the silence timer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('waits while keys are still queued (a long task), then ends a terminator-less scan', () => {
      vi.useFakeTimers();
      const input = new FakeInput();
      const { win, press, setInputPending, clock } = fakeWindow(input);
      const scans: WedgeOutput[] = [];
      const uninstall = installWedge(win, (s) => scans.push(s), { terminators: [] });
      let t = 100;
      for (const ch of '4006381') press(ch, (t += 5));
      // The renderer was busy: the timer runs late, while the rest of the burst waits in the input queue.
      clock.now = t + 300;
      setInputPending(true);
      vi.advanceTimersByTime(200);
      expect(scans).toEqual([]);
      setInputPending(false);
      for (const ch of '333931') press(ch, (t += 5));
      clock.now = t + 300;
      vi.advanceTimersByTime(200);
      expect(scans).toMatchObject([{ ok: true, text: '4006381333931' }]);
      uninstall();
    });
  });
});
