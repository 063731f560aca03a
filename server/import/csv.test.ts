import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { CsvSyntaxError, parseCsv, readCsv } from './csv';

const fields = (text: string): string[][] => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('reads plain records with LF or CRLF and no trailing newline', () => {
    expect(fields('a,b,c\n1,2,3')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\r1,2\r')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(fields('a,,c,\n,,,\n')).toEqual([['a', '', 'c', ''], ['', '', '', '']]);
  });

  it('handles quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'h1,h2\n"Hello, world","She said ""hi"""\n"line one\r\nline two\nline three",x\n';
    expect(fields(text)).toEqual([
      ['h1', 'h2'],
      ['Hello, world', 'She said "hi"'],
      ['line one\nline two\nline three', 'x'],
    ]);
  });

  it('reports the physical line each record starts on', () => {
    const records = parseCsv('h\n"a\nb\nc"\nd\n\ne\n');
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'h'],
      [2, 'a\nb\nc'],
      [5, 'd'],
      [7, 'e'],
    ]);
  });

  it('strips a UTF-8 BOM and skips blank lines', () => {
    expect(fields('\uFEFFHandle,Title\n\nx,y\n')).toEqual([['Handle', 'Title'], ['x', 'y']]);
  });

  it('keeps a stray quote inside an unquoted field and an empty quoted field', () => {
    expect(fields('5" screen,""\n')).toEqual([['5" screen', '']]);
  });

  it('rejects an unterminated quote at the line its record starts; keeps text after a closing quote in its field', () => {
    try {
      parseCsv('a\nb\n"never closed,b\nc');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect(err instanceof CsvSyntaxError ? err.line : 0).toBe(3);
    }
    expect(fields('a\nb\n"x"y,z')).toEqual([['a'], ['b'], ['"x"y', 'z']]);
  });

  it('counts a CRLF inside a quoted field as one line', () => {
    const records = parseCsv('h1,h2\r\n"one\r\ntwo\r\nthree",x\r\n\r\nlast,1\r\n');
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'h1'],
      [2, 'one\ntwo\nthree'],
      [6, 'last'],
    ]);
  });

  it('streams a file in chunks to the same records, with progress', async () => {
    const text = 'h,v\n' + Array.from({ length: 2500 }, (_, i) => (i % 100 === 0 ? `"multi\nline ${i}",${i}` : `r${i},${i}`)).join('\n') + '\n';
    const chunks = text.match(/[\s\S]{1,777}/g) ?? [];
    const progress: number[] = [];
    const streamed = await readCsv(Readable.from(chunks.map((c) => Buffer.from(c))), (p) => progress.push(p.records), 1000);
    expect(streamed).toEqual(parseCsv(text));
    expect(streamed).toHaveLength(2501);
    expect(streamed[2]).toEqual({ line: 4, fields: ['r1', '1'] });
    expect(progress).toEqual([1000, 2000, 2501]);
  });

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(table, (rows) => {
        const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        const expected = rows.map((r) => r.map((s) => s.replace(/\r\n/g, '\n')));
        expect(fields(text)).toEqual(expected);
      }),
    );
  });
});
