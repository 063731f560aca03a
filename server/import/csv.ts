/**
 * CSV reading for imports, on csv-parse (a streaming, well-kept RFC 4180 parser): quoted fields, "" escapes,
 * CRLF / LF / CR line ends, line breaks inside quoted fields (kept as \n), a leading UTF-8 BOM (Excel and Shopify
 * write one), blank lines skipped. A file streams through in bounded chunks (readCsv), and a string parses the same
 * way (parseCsv), with the same records.
 *
 * Each record carries the physical line it starts on, for error reports a person can find in their editor.
 * csv-parse's own `info.lines` is where a record ends, and counts a CRLF inside quotes as two lines, so the start
 * line is counted here: previous start + the line breaks inside the previous record + 1 + the blank lines skipped
 * in between (`info.empty_lines`).
 *
 * Leniency, on purpose: a quote inside an unquoted field is kept literally (spreadsheets write `5" screen`), and
 * so is text after a closing quote (`"x"y` reads as `"x"y`, in one field: no column shifts). An unterminated quote
 * is an error, reported at the line the unfinished record starts on.
 */
import { parse as parseStream, type InfoRecord, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Readable } from 'node:stream';

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

export interface CsvProgress {
  records: number;
  bytes: number;
}

/** csv-parse options; on_record turns each record into a CsvRecord as it is read (so an error knows its line). */
// on_record changes the record type, which csv-parse's overloads do not model; isCsvRecord checks each result.
function options(counter: LineCounter): Options {
  return {
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A product description can be long; a runaway quote still stops at 4 MB instead of eating the file.
    max_record_size: 4 * 1024 * 1024,
    on_record: ((record: string[], context: InfoRecord) => counter.take(record, context.empty_lines)) as unknown as Options['on_record'],
  };
}

const BREAKS = /\r\n|\r|\n/g;

/** Turns csv-parse's records into CsvRecords with start lines; one per parse. */
class LineCounter {
  private nextStart = 1;
  private emptyLines = 0;

  take(record: string[], emptyLines: number): CsvRecord {
    const line = this.nextStart + (emptyLines - this.emptyLines);
    this.emptyLines = emptyLines;
    let breaks = 0;
    const fields = record.map((f) => {
      const inside = f.match(BREAKS)?.length ?? 0;
      breaks += inside;
      return inside > 0 ? f.replace(BREAKS, '\n') : f;
    });
    this.nextStart = line + breaks + 1;
    return { line, fields };
  }

  /** The line a record that failed to parse starts on (blank lines before it aside). */
  get pendingLine(): number {
    return this.nextStart;
  }
}

function syntaxError(err: unknown, counter: LineCounter): unknown {
  if (!(err instanceof Error) || !('code' in err) || typeof err.code !== 'string' || !err.code.startsWith('CSV_')) return err;
  const reason = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (missing ")' : err.message;
  return new CsvSyntaxError(counter.pendingLine, reason);
}

function isCsvRecord(value: unknown): value is CsvRecord {
  return typeof value === 'object' && value !== null && Array.isArray((value as { fields?: unknown }).fields) && typeof (value as { line?: unknown }).line === 'number';
}

/** Parses a whole string. */
export function parseCsv(input: string): CsvRecord[] {
  const counter = new LineCounter();
  try {
    return (parseSync(input, options(counter)) as unknown[]).filter(isCsvRecord);
  } catch (err) {
    throw syntaxError(err, counter);
  }
}

/**
 * Streams a file (or any byte/text stream) through the parser, calling onProgress every `every` records.
 * The records are collected (an import applies whole or not at all, so it needs them all before writing).
 */
export async function readCsv(source: Readable, onProgress?: (p: CsvProgress) => void, every = 50_000): Promise<CsvRecord[]> {
  const counter = new LineCounter();
  const records: CsvRecord[] = [];
  const parser = source.pipe(parseStream(options(counter)));
  source.on('error', (err) => parser.destroy(err));
  try {
    for await (const item of parser as AsyncIterable<unknown>) {
      if (!isCsvRecord(item)) continue;
      records.push(item);
      if (onProgress && records.length % every === 0) onProgress({ records: records.length, bytes: parser.info.bytes });
    }
  } catch (err) {
    throw syntaxError(err, counter);
  }
  onProgress?.({ records: records.length, bytes: parser.info.bytes });
  return records;
}
