/**
 * RFC 4180 CSV, written by hand (it is a dozen lines): CRLF line ends, every field that holds a
 * comma, a quote or a line break quoted, quotes doubled. A leading UTF-8 BOM lets Excel read the
 * Chinese headers; a text starting with = + - @ gets a leading ' so that a spreadsheet does not run
 * it as a formula (CSV injection). Numbers are written as they are.
 */
export const BOM = '\ufeff';

export function csvField(s: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (fields: { text: string; isText: boolean }[]): string =>
  fields.map((f) => csvField(f.text, f.isText)).join(',') + '\r\n';
