/**
 * An RFC 4180 CSV reader: quoted fields, "" escapes inside quotes, CRLF or LF (or lone CR) line ends,
 * line breaks inside quoted fields, and a leading UTF-8 BOM (Excel and Shopify both write one). Written here
 * rather than taken from npm because imports need the line each record starts on, for error reports that a
 * person can find in their editor.
 *
 * Leniency, on purpose: a quote inside an unquoted field is kept literally (spreadsheets write `5" screen`),
 * and blank lines are skipped. Text after a closing quote and an unterminated quote are errors, because
 * guessing there silently shifts every later column.
 */

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

export function parseCsv(input: string, delimiter = ','): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new RangeError('delimiter must be one character other than a quote or line break');
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;

  const endRecord = (): void => {
    fields.push(field);
    // A blank line is one empty field: skip it rather than report a record with no columns.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // Quoted field: read to the closing quote; "" is a literal quote.
      const openedAt = line;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (q === '\r') {
          // CRLF and lone CR inside a quoted field are line breaks; keep them as \n.
          field += '\n';
          i += text[i + 1] === '\n' ? 2 : 1;
          line++;
          continue;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      if (!closed) throw new CsvSyntaxError(openedAt, 'a quoted field is never closed (missing ")');
      const after = text[i];
      if (after !== undefined && after !== delimiter && after !== '\n' && after !== '\r') {
        throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(after)} after a closing quote; quotes inside a quoted field must be doubled ("")`);
      }
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
