/**
 * A downloaded export file → rows of cells. CSV through csv-parse after sniffing the encoding
 * (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", else GB18030 — a superset of
 * GBK — through iconv-lite); XLSX through exceljs's streaming reader, first sheet with a header.
 * Refuses, storing nothing: an empty file, one over 20 MB, an XLSX whose contents expand past a
 * sane size (a zip bomb), the legacy binary .xls (ask for .xlsx or .csv).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { metricLabelCount } from './headers';
import type { Cell } from './values';
import { zipExpandedSize } from './zip-size';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** What the sheets of one XLSX may expand to; real exports of 50,000 rows stay far below. */
export const MAX_EXPANDED_BYTES = 300 * 1024 * 1024;
/** Rows read from one file at most (a platform export of a month per agent is a few thousand). */
export const MAX_ROWS = 200_000;

export type FileProblem =
  | { problem: 'empty' }
  | { problem: 'too_large'; bytes: number }
  | { problem: 'zip_bomb'; expanded: number }
  | { problem: 'xls_legacy' }
  | { problem: 'unreadable'; detail: string }
  | { problem: 'too_many_rows' };

export type FileRows = { kind: 'csv' | 'xlsx'; encoding?: string; sheet?: string; rows: Cell[][] };

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 when the bytes are valid UTF-8 (ASCII included), else GB18030: the two a Chinese back end writes. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
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

function readCsv(bytes: Uint8Array): FileRows | FileProblem {
  const { text, encoding } = decodeText(bytes);
  if (!text.trim()) return { problem: 'empty' };
  try {
    const rows = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      to: MAX_ROWS + 1,
    }) as string[][];
    if (rows.length > MAX_ROWS) return { problem: 'too_many_rows' };
    return { kind: 'csv', encoding, rows };
  } catch (err) {
    return { problem: 'unreadable', detail: err instanceof Error ? err.message : String(err) };
  }
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

async function readXlsx(bytes: Uint8Array): Promise<FileRows | FileProblem> {
  const expanded = zipExpandedSize(bytes);
  if (expanded === undefined) return { problem: 'unreadable', detail: 'not a valid XLSX (zip) file' };
  if (expanded > MAX_EXPANDED_BYTES) return { problem: 'zip_bomb', expanded };
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  let first: FileRows | undefined;
  try {
    for await (const sheet of reader) {
      const rows: Cell[][] = [];
      for await (const row of sheet) {
        if (rows.length >= MAX_ROWS) return { problem: 'too_many_rows' };
        // row.values is 1-based with a hole at 0; keep the sheet's row numbers by filling gaps.
        while (rows.length < row.number - 1) rows.push([]);
        rows.push(((row.values as unknown[]) ?? []).slice(1).map(plainCell));
      }
      const named = (sheet as unknown as { name?: string }).name;
      const found: FileRows = { kind: 'xlsx', rows, ...(named ? { sheet: named } : {}) };
      first ??= found;
      if (rows.slice(0, 30).some((r) => metricLabelCount(r) >= 2)) return found;
    }
  } catch (err) {
    return { problem: 'unreadable', detail: err instanceof Error ? err.message : String(err) };
  }
  return first ?? { problem: 'empty' };
}

export async function readExportFile(bytes: Uint8Array): Promise<FileRows | FileProblem> {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > MAX_FILE_BYTES) return { problem: 'too_large', bytes: bytes.length };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { problem: 'xls_legacy' };
  return readCsv(bytes);
}

export const isFileProblem = (r: FileRows | FileProblem): r is FileProblem => 'problem' in r;
