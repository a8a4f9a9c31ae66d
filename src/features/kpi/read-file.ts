/**
 * A downloaded export file → a stream of rows of cells. CSV through csv-parse's streaming parser
 * after sniffing the encoding (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", else
 * GB18030 — a superset of GBK — through iconv-lite), decoded chunk by chunk; XLSX through exceljs's
 * streaming reader, first sheet with a header. Rows are never all held at once: `rows()` reads the
 * file's bytes again on every call, so a reader that needs two passes (the rate scale of a column
 * is only known at its end) costs time, not memory.
 * Refuses, storing nothing: an empty file, one over 20 MB, an XLSX whose contents expand past a
 * sane size (a zip bomb), the legacy binary .xls (ask for .xlsx or .csv), more than MAX_ROWS rows.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { metricLabelCount } from './headers';
import type { Cell } from './values';
import { zipExpandedSize } from './zip-size';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** What the sheets of one XLSX may expand to; real exports of 50,000 rows stay far below. */
export const MAX_EXPANDED_BYTES = 300 * 1024 * 1024;
/** Rows read from one file at most (a platform export of a month per agent is a few thousand). */
export const MAX_ROWS = 200_000;
/** Rows of a sheet looked at for its header (export-table.ts looks at as many). */
export const HEAD_ROWS = 30;

export type FileProblem =
  | { problem: 'empty' }
  | { problem: 'too_large'; bytes: number }
  | { problem: 'zip_bomb'; expanded: number }
  | { problem: 'xls_legacy' }
  | { problem: 'unreadable'; detail: string }
  | { problem: 'too_many_rows' };

/** The whole file's rows at once: for tests and small files; imports use `openExportFile`. */
export type FileRows = { kind: 'csv' | 'xlsx'; encoding?: string; sheet?: string; rows: Cell[][] };

/**
 * A file whose rows can be streamed, as many times as needed. Row i of a pass is line i + 1 of
 * the sheet (gaps in an XLSX are yielded as empty rows). A pass throws a FileProblemError when the
 * file turns out unreadable or too long; the same bytes fail the same way on every pass.
 */
export interface ExportFile {
  kind: 'csv' | 'xlsx';
  encoding?: string;
  rows(): AsyncGenerator<Cell[]>;
  /** The chosen sheet's name, known once a pass has begun yielding. */
  sheet(): string | undefined;
}

export class FileProblemError extends Error {
  constructor(readonly fileProblem: FileProblem) {
    super(fileProblem.problem);
  }
}

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Bytes decoded per chunk: enough for csv-parse to work in large steps, small next to the file. */
const CHUNK_BYTES = 256 * 1024;

type Encoding = { encoding: string; skip: number; decoder: () => { write(b: Uint8Array): string; end(): string } };

const textDecoder = (label: string) => () => {
  const d = new TextDecoder(label);
  return { write: (b: Uint8Array) => d.decode(b, { stream: true }), end: () => d.decode() };
};

/** UTF-8 when the bytes are valid UTF-8 (ASCII included), else GB18030: the two a Chinese back end writes. */
function sniffEncoding(bytes: Uint8Array): Encoding {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', skip: 3, decoder: textDecoder('utf-8') };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', skip: 2, decoder: textDecoder('utf-16le') };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', skip: 2, decoder: textDecoder('utf-16be') };
  if (isUtf8(bytes)) return { encoding: 'utf-8', skip: 0, decoder: textDecoder('utf-8') };
  return {
    encoding: 'gb18030',
    skip: 0,
    decoder: () => {
      const d = iconv.getDecoder('gb18030');
      return { write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), end: () => d.end() ?? '' };
    },
  };
}

/** The text of the file, chunk by chunk. */
function* decodeChunks(bytes: Uint8Array, enc: Encoding): Generator<string> {
  const d = enc.decoder();
  for (let at = enc.skip; at < bytes.length; at += CHUNK_BYTES) {
    const s = d.write(bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES)));
    if (s) yield s;
  }
  const rest = d.end();
  if (rest) yield rest;
}

/** The whole text (tests, and callers that want it): UTF-8, UTF-16 with BOM, else GB18030. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const enc = sniffEncoding(bytes);
  return { text: [...decodeChunks(bytes, enc)].join(''), encoding: enc.encoding };
}

/** Tab (Excel's text export), semicolon or comma: whichever splits the first lines most evenly. */
function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 10).filter((l) => l.trim());
  let best = { d: ',', score: 0 };
  for (const d of [',', '\t', ';']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const score = Math.min(...counts, 99) > 0 ? counts.reduce((a, b) => a + b, 0) : 0;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

const unreadable = (err: unknown) =>
  new FileProblemError({ problem: 'unreadable', detail: err instanceof Error ? err.message : String(err) });

function openCsv(bytes: Uint8Array): ExportFile | FileProblem {
  const enc = sniffEncoding(bytes);
  // The first chunk decides emptiness and the delimiter (its first ten lines).
  const head = decodeChunks(bytes, enc).next().value ?? '';
  if (!head.trim() && !decodeText(bytes).text.trim()) return { problem: 'empty' };
  const delimiter = sniffDelimiter(head);
  return {
    kind: 'csv',
    encoding: enc.encoding,
    sheet: () => undefined,
    async *rows() {
      const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
      const feed = Readable.from(decodeChunks(bytes, enc), { objectMode: false });
      feed.pipe(parser);
      let n = 0;
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          if (++n > MAX_ROWS) throw new FileProblemError({ problem: 'too_many_rows' });
          yield record;
        }
      } catch (err) {
        throw err instanceof FileProblemError ? err : unreadable(err);
      } finally {
        feed.destroy();
        parser.destroy();
      }
    },
  };
}

/** exceljs cell values → plain cells: rich text and formulas become what the sheet shows. */
function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return plainCell(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return null;
  }
  return String(v);
}

interface SheetReader extends AsyncIterable<{ number: number; values: unknown }> {
  name?: string;
}

/** Reads what is left of an iterator, for its side effects (see xlsxPass). */
async function drain<T>(it: AsyncIterator<T>, each?: (v: T) => Promise<void>): Promise<void> {
  for (let r = await it.next(); !r.done; r = await it.next()) await each?.(r.value);
}

/**
 * One pass over the workbook: the rows of sheet `want` (its position among the sheets), or — when
 * `want` is undefined — of the first sheet with a header in its first HEAD_ROWS rows, else the
 * first sheet's head and three non-empty lines below it (enough for "no header" / "empty").
 * `chose` learns the sheet picked (-1: none had a header).
 * The reader is always run to its end, even when the consumer stops early: exceljs writes a sheet
 * that precedes the shared strings to a temporary file and deletes it only once iteration moves
 * past it, so closing the iterator early would leave the file behind.
 */
async function* xlsxPass(
  bytes: Uint8Array,
  want: number | undefined,
  chose: (at: number, name: string | undefined) => void,
  isHeader: HeaderTest,
): AsyncGenerator<Cell[]> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
    sharedStrings: 'cache', // the sheets refer to strings by index: the table has to be at hand
    hyperlinks: 'ignore',
    styles: 'cache', // a date cell is a number with a date format: without styles it reads as a serial
    worksheets: 'emit',
  });
  const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  let rowIt: AsyncIterator<{ number: number; values: unknown }> | undefined;
  let finished = false;
  let at = -1;
  let picked = want;
  let fallback: { rows: Cell[][]; name: string | undefined } | undefined;
  try {
    for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
      const sheet = s.value;
      at++;
      rowIt = sheet[Symbol.asyncIterator]();
      if (picked !== undefined && picked !== at) {
        await drain(rowIt);
        continue;
      }
      const head: Cell[][] = [];
      let more = 0; // non-empty lines kept below a head without a header
      let n = 0;
      for (let r = await rowIt.next(); !r.done; r = await rowIt.next()) {
        const row = r.value;
        // row.values is 1-based with a hole at 0; keep the sheet's row numbers by filling gaps.
        const fill = Math.max(0, row.number - 1 - n);
        n += fill + 1;
        if (n > MAX_ROWS) throw new FileProblemError({ problem: 'too_many_rows' });
        const cells = ((row.values as unknown[]) ?? []).slice(1).map(plainCell);
        if (picked === at) {
          for (let i = 0; i < fill; i++) yield [];
          yield cells;
          continue;
        }
        // Still choosing: hold the head until a header shows up in it.
        for (let i = 0; i < fill && head.length < HEAD_ROWS; i++) head.push([]);
        if (head.length < HEAD_ROWS) {
          head.push(cells);
          if (isHeader(cells)) {
            picked = at;
            chose(at, sheet.name);
            for (const h of head.splice(0)) yield h;
          }
        } else if (!fallback && more < 3 && cells.some((c) => c !== null && String(c).trim() !== '')) {
          head.push(cells);
          more++;
        }
      }
      rowIt = undefined;
      if (picked === undefined) fallback ??= { rows: head, name: sheet.name };
    }
    finished = true;
  } catch (err) {
    throw err instanceof FileProblemError ? err : unreadable(err);
  } finally {
    if (!finished) {
      if (rowIt) await drain(rowIt).catch(() => {});
      await drain(sheets, (sheet) => drain(sheet[Symbol.asyncIterator]())).catch(() => {});
    }
  }
  if (picked === undefined) {
    if (!fallback) throw new FileProblemError({ problem: 'empty' });
    chose(-1, fallback.name);
    for (const r of fallback.rows) yield r;
  }
}

/** Whether a row is the header a reader looks for (the sheet of an XLSX is the first that has one). */
export type HeaderTest = (cells: Cell[]) => boolean;
/** A KPI export's header: two or more metric labels. */
const kpiHeader: HeaderTest = (cells) => metricLabelCount(cells) >= 2;

function openXlsx(bytes: Uint8Array, isHeader: HeaderTest): ExportFile | FileProblem {
  const expanded = zipExpandedSize(bytes);
  if (expanded === undefined) return { problem: 'unreadable', detail: 'not a valid XLSX (zip) file' };
  if (expanded > MAX_EXPANDED_BYTES) return { problem: 'zip_bomb', expanded };
  let chosen: number | undefined;
  let name: string | undefined;
  return {
    kind: 'xlsx',
    sheet: () => name,
    rows: () =>
      xlsxPass(
        bytes,
        chosen === undefined || chosen < 0 ? undefined : chosen,
        (at, n) => {
          chosen = at;
          name = n;
        },
        isHeader,
      ),
  };
}

/**
 * The file, ready to be streamed; or why it is refused before reading a row. `isHeader` picks the
 * sheet of an XLSX (default: a KPI export's header); a CSV has one.
 */
export function openExportFile(bytes: Uint8Array, isHeader: HeaderTest = kpiHeader): ExportFile | FileProblem {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > MAX_FILE_BYTES) return { problem: 'too_large', bytes: bytes.length };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return openXlsx(bytes, isHeader);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { problem: 'xls_legacy' };
  return openCsv(bytes);
}

export const isFileProblem = <T extends object>(r: T | FileProblem): r is FileProblem => 'problem' in r;

/** Every row at once (one pass of `openExportFile`), for tests and small files. */
export async function readExportFile(bytes: Uint8Array, isHeader?: HeaderTest): Promise<FileRows | FileProblem> {
  const file = openExportFile(bytes, isHeader);
  if (isFileProblem(file)) return file;
  const rows: Cell[][] = [];
  try {
    for await (const r of file.rows()) rows.push(r);
  } catch (err) {
    if (err instanceof FileProblemError) return err.fileProblem;
    throw err;
  }
  const sheet = file.sheet();
  return { kind: file.kind, ...(file.encoding ? { encoding: file.encoding } : {}), ...(sheet ? { sheet } : {}), rows };
}
