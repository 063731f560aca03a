/**
 * The missing-string check CI runs: every `messages.ts` and `*.messages.ts` under renderer/ is loaded, and for each key every language
 * must have the message, it must parse as ICU MessageFormat, and it must take the same arguments (same names, same
 * kinds: plural vs select vs plain) as English — a translation that drops `{count}` or renames it fails here.
 */
import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LANGUAGES } from './locales';
import type { MessageBundle } from './bundle';

// Vite (which runs vitest) resolves the glob at build time: every messages file under renderer/, loaded eagerly.
const MODULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = import.meta.glob(['../**/messages.ts', '../**/*.messages.ts'], { eager: true });

function isBundle(value: unknown): value is MessageBundle<string> {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'aisle-messages';
}

/** ICU element kinds by intl-messageformat's TYPE numbers; literals (0) and `#` (7) take no argument. */
const KIND: Readonly<Record<number, string>> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural', 8: 'tag' };

/** `name:kind` for every argument in an ICU AST, including those nested in plural/select branches and tags. */
export function argumentsOf(elements: readonly unknown[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (typeof el !== 'object' || el === null || !('type' in el) || typeof el.type !== 'number') continue;
    const kind = KIND[el.type];
    if (kind && 'value' in el && typeof el.value === 'string') into.add(`${el.value}:${kind === 'number' || kind === 'argument' ? 'value' : kind}`);
    if ('options' in el && typeof el.options === 'object' && el.options !== null) {
      for (const option of Object.values(el.options as Record<string, unknown>)) {
        if (typeof option === 'object' && option !== null && 'value' in option) {
          const branch: unknown = option.value;
          if (Array.isArray(branch)) argumentsOf(branch as unknown[], into);
        }
      }
    }
    if ('children' in el) {
      const children: unknown = el.children;
      if (Array.isArray(children)) argumentsOf(children as unknown[], into);
    }
  }
  // Inside its own plural, `{count}` and `#` say the same: a translation may use either.
  for (const arg of [...into]) if (arg.endsWith(':plural')) into.delete(arg.replace(/:plural$/, ':value'));
  return into;
}

const files = Object.keys(MODULES).sort();

describe('messages', () => {
  it('finds the messages files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: every language has every key, parses and takes the same arguments', (file) => {
    const mod = MODULES[file] ?? {};
    const bundles = Object.entries(mod).filter((entry): entry is [string, MessageBundle<string>] => isBundle(entry[1]));
    expect(bundles.length, 'a messages.ts exports at least one defineMessages(...) bundle').toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [exportName, bundle] of bundles) {
      const english = bundle.text.en;
      for (const lang of LANGUAGES) {
        const text: Readonly<Record<string, string>> = bundle.text[lang];
        const keys = new Set(Object.keys(text));
        for (const key of Object.keys(english)) if (!keys.has(key)) problems.push(`${exportName}.${lang}: missing "${key}"`);
        for (const key of keys) if (!Object.hasOwn(english, key)) problems.push(`${exportName}.${lang}: "${key}" is not an English key`);
      }
      for (const [key, source] of Object.entries(english)) {
        let expected: Set<string> | null = null;
        for (const lang of LANGUAGES) {
          const message = bundle.text[lang][key];
          if (typeof message !== 'string') continue;
          if (message.trim() === '') {
            problems.push(`${exportName}.${lang}.${key}: empty`);
            continue;
          }
          let args: Set<string>;
          try {
            args = argumentsOf(new IntlMessageFormat(message, DEFAULT_LOCALE[lang]).getAst());
          } catch (error) {
            problems.push(`${exportName}.${lang}.${key}: does not parse (${error instanceof Error ? error.message : String(error)}): ${message}`);
            continue;
          }
          if (lang === 'en') expected = args;
          else if (expected && [...expected].sort().join() !== [...args].sort().join()) {
            problems.push(`${exportName}.${lang}.${key}: arguments {${[...args].sort().join(', ')}} differ from English {${[...expected].sort().join(', ')}} in "${source}"`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('argumentsOf sees arguments nested in plural branches and tags', () => {
    const ast = new IntlMessageFormat('{count, plural, one {# item for {name}} other {<b>{count} items</b>}} {when, date, short}', 'en').getAst();
    expect([...argumentsOf(ast)].sort()).toEqual(['b:tag', 'count:plural', 'name:value', 'when:date']);
  });
});
