import { describe, expect, it } from 'vitest';
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

function fakeWindow(input: FakeInput): { win: Window; press: (key: string, time: number) => void } {
  const target = new EventTarget();
  const win = Object.assign(target, { document: { activeElement: input }, performance: { now: () => 1e9 } });
  const press = (key: string, time: number): void => {
    const event = new FakeKey(key, time);
    target.dispatchEvent(event);
    if (!event.defaultPrevented && key.length === 1) input.value = input.value + key;
  };
  // The adapter only touches addEventListener, document.activeElement and performance.now.
  return { win: win as unknown as Window, press };
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
});
