/**
 * One kind's rows as a CSV byte stream, pulled: the next page of rows is read only when the
 * client has taken what was written, so a slow client holds the database cursor, not memory.
 */
import type { Locale } from '../../config';
import { columnsOf, type ExportColumn, type ExportContext, type ExportKind } from '../../core/export-def';
import { t } from '../../i18n';
import { csvText } from './cells';
import { BOM, csvLine } from './csv';

/** Bytes gathered before they are handed on (many small rows → fewer, larger writes). */
const FLUSH_BYTES = 64 * 1024;

export function csvStream(kind: ExportKind, ctx: ExportContext, locale: Locale): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const zone = ctx.range.timeZone;
  let rows: AsyncIterator<unknown[]> | undefined;
  let started = false;
  let columns: ExportColumn[] = [];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      if (!started) {
        started = true;
        columns = await columnsOf(kind, ctx);
        text = BOM + csvLine(columns.map((c) => ({ text: t(locale, c.title), isText: true })));
        rows = kind.rows(ctx)[Symbol.asyncIterator]() as AsyncIterator<unknown[]>;
      }
      while (text.length < FLUSH_BYTES) {
        const next = await rows!.next();
        if (next.done) {
          if (text) controller.enqueue(enc.encode(text));
          controller.close();
          return;
        }
        const cells = next.value as Parameters<typeof csvText>[0][];
        text += csvLine(
          columns.map((c, i) => ({ text: csvText(cells[i] ?? null, c.type, zone), isText: c.type === 'text' })),
        );
      }
      controller.enqueue(enc.encode(text));
    },
    async cancel() {
      await rows?.return?.();
    },
  });
}
