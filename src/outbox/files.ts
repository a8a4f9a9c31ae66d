/**
 * The outbox's file store: a file to send (an export) is written here in chunks, in the same
 * transaction that enqueues its send row, and read back chunk by chunk when the row is sent. A
 * crash before the commit leaves nothing; after it, the file is there for every retry. Memory stays
 * flat both ways: at most one chunk is held at a time.
 */
import { createReadStream } from 'node:fs';
import { and, asc, eq, lt } from 'drizzle-orm';
import { outboxFileChunks, outboxFiles } from '../db/schema';
import type { Db } from '../db/client';
import type { OutgoingFile } from '../port/platform';
import type { StoredFileRef } from './enqueue';

/** Rows of at most this many bytes: small enough to write and read one at a time. */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** Re-cuts any stream of byte arrays into chunks of exactly `size` bytes (the last one shorter). */
async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Uint8Array> {
  let buf = new Uint8Array(size);
  let used = 0;
  for await (const part of source) {
    let at = 0;
    while (at < part.length) {
      const n = Math.min(size - used, part.length - at);
      buf.set(part.subarray(at, at + n), used);
      used += n;
      at += n;
      if (used === size) {
        yield buf;
        buf = new Uint8Array(size);
        used = 0;
      }
    }
  }
  if (used > 0) yield buf.subarray(0, used);
}

/** Stores a file from its bytes (a stream, or a path on disk) and says how to name it in a send row. */
export async function storeOutboxFile(
  db: Db,
  o: { teamId: number | null; name: string; bytes: AsyncIterable<Uint8Array> | { path: string }; now: Date },
): Promise<StoredFileRef> {
  const [file] = await db
    .insert(outboxFiles)
    .values({ teamId: o.teamId, name: o.name, size: 0, chunks: 0, createdAt: o.now })
    .returning({ id: outboxFiles.id });
  const id = file!.id;
  const source =
    'path' in o.bytes
      ? (createReadStream(o.bytes.path, { highWaterMark: FILE_CHUNK_BYTES }) as AsyncIterable<Uint8Array>)
      : o.bytes;
  let seq = 0;
  let size = 0;
  for await (const chunk of rechunk(source, FILE_CHUNK_BYTES)) {
    await db.insert(outboxFileChunks).values({ fileId: id, seq: seq++, bytes: chunk });
    size += chunk.length;
  }
  await db.update(outboxFiles).set({ size, chunks: seq }).where(eq(outboxFiles.id, id));
  return { id, name: o.name, size };
}

/** A stored file as the platform reads it: one chunk per query, in order. Undefined when it is gone. */
export async function outgoingFile(db: Db, id: number): Promise<OutgoingFile | undefined> {
  const [file] = await db.select().from(outboxFiles).where(eq(outboxFiles.id, id));
  if (!file) return undefined;
  return {
    name: file.name,
    size: file.size,
    async *chunks() {
      for (let seq = 0; seq < file.chunks; seq++) {
        const [row] = await db
          .select({ bytes: outboxFileChunks.bytes })
          .from(outboxFileChunks)
          .where(and(eq(outboxFileChunks.fileId, id), eq(outboxFileChunks.seq, seq)))
          .orderBy(asc(outboxFileChunks.seq));
        if (!row) throw new Error(`outbox file ${id} lost its chunk ${seq}`);
        yield row.bytes;
      }
    },
  };
}

/** Files made before `before` (sent or not: a send row gives up within hours), with their chunks. */
export async function pruneOutboxFiles(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(outboxFiles).where(lt(outboxFiles.createdAt, before)).returning({ id: outboxFiles.id });
  return rows.length;
}
