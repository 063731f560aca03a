/**
 * Routes classified scans to whoever handles that kind right now. Pure (no React, no DOM) so the rules are
 * unit-tested: the most recently registered handler of a kind wins (a pickup dialog opened over the search
 * screen takes pickups until it closes), and a scan nobody takes becomes a refusal with a reason: the
 * associate always sees that a scan happened and why nothing followed.
 */
import type { ScanConfig, ScanInput, ScanKind, ScanResult, ScanWhy } from '../../shared/barcode/classify';
import type { WedgeWhy } from './wedge';
import { classifyScan } from '../../shared/barcode/classify';
import { visibleScan } from '../../shared/barcode/aim';

export type RoutedKind = Exclude<ScanKind, 'unknown' | 'invalid'>;
export type ScanOf<K extends ScanKind> = Extract<ScanResult, { kind: K }>;
export type ScanHandler<K extends RoutedKind> = (scan: ScanOf<K>) => void | Promise<void>;

/** Why a scan was not used, as data: ScanRefusal says it in the store's language (messages.ts). */
export type RefusalWhy =
  | ScanWhy
  | WedgeWhy
  | { readonly code: 'bareNotExpected' }
  | { readonly code: 'notTaken'; readonly kind: RoutedKind }
  /** A screen's handler refused it; its message is already in the store's language. */
  | { readonly code: 'handler'; readonly message: string };

export interface Refusal {
  readonly id: number;
  /** What was read, as the associate should see it (control characters made visible). */
  readonly shown: string;
  /** In English, for logs and tests ("Read 4006381333932: check digit should be 1"). */
  readonly reason: string;
  readonly why: RefusalWhy;
}

const KIND_NAMES: Readonly<Record<RoutedKind, string>> = {
  product: 'a product',
  pickup: 'a pickup code',
  receipt: 'a receipt',
  loyalty: 'a loyalty card',
};

export interface ScanRouter {
  register<K extends RoutedKind>(kind: K, handler: ScanHandler<K>): () => void;
  /** Classifies and delivers; returns the classification (for logs and tests). */
  dispatch(input: string | ScanInput): ScanResult;
  /** A scan that never reached classification (e.g. the wedge refused a glued burst). */
  refuse(text: string, reason: string, why: RefusalWhy): void;
}

/** `describe` words a handler's failure for the toast (the app passes its error texts); by default, its message. */
export function createScanRouter(config: () => ScanConfig, onRefusal: (refusal: Refusal) => void, describe: (error: unknown) => string = (error) => (error instanceof Error ? error.message : String(error))): ScanRouter {
  // One stack per kind; handlers are stored untyped and only ever called with their own kind.
  const stacks = new Map<RoutedKind, ((scan: ScanResult) => void | Promise<void>)[]>();
  let nextId = 1;

  const refuse = (text: string, reason: string, why: RefusalWhy): void => {
    onRefusal({ id: nextId++, shown: visibleScan(text), reason, why });
  };
  const handlerFailed = (raw: string, error: unknown): void => {
    const message = describe(error);
    refuse(raw, `Read ${visibleScan(raw)}: ${message}`, { code: 'handler', message });
  };

  return {
    register<K extends RoutedKind>(kind: K, handler: ScanHandler<K>): () => void {
      const stack = stacks.get(kind) ?? [];
      // Dispatch only passes scans whose kind is K (see dispatch), so this widening is safe.
      const entry = (scan: ScanResult): void | Promise<void> => (scan.kind === kind ? handler(scan as ScanOf<K>) : undefined);
      stack.push(entry);
      stacks.set(kind, stack);
      return () => {
        const i = stack.indexOf(entry);
        if (i >= 0) stack.splice(i, 1);
      };
    },

    dispatch(input: string | ScanInput): ScanResult {
      const result = classifyScan(input, config());
      if (result.kind === 'unknown' || result.kind === 'invalid') {
        onRefusal({ id: nextId++, shown: visibleScan(result.raw), reason: result.reason, why: result.why });
        return result;
      }
      const handler = stacks.get(result.kind)?.at(-1);
      if (!handler && result.kind === 'pickup' && result.bare) {
        // Bare text that merely has the pickup shape is not claimed as a pickup where none is expected.
        refuse(result.raw, `Read ${visibleScan(result.raw)}: not a product, pickup, receipt or loyalty code`, { code: 'bareNotExpected' });
        return result;
      }
      if (!handler) {
        refuse(result.raw, `Read ${visibleScan(result.raw)}: ${KIND_NAMES[result.kind]}, which this screen does not take`, { code: 'notTaken', kind: result.kind });
        return result;
      }
      try {
        const pending = handler(result);
        if (pending) pending.catch((error: unknown) => handlerFailed(result.raw, error));
      } catch (error) {
        handlerFailed(result.raw, error);
      }
      return result;
    },

    refuse,
  };
}
