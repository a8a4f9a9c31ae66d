/**
 * The export's timer (export.build): makes the file and hands it to the outbox, in the timer's
 * transaction — the XLSX is written to a temporary file (streamed), stored in the outbox's file
 * store in chunks, and its send row enqueued with a key of the command's event, all committed
 * with the timer marked done. A crash before the commit leaves nothing and the timer runs again;
 * after it, the outbox sends the stored file exactly once (its uuid), privately.
 */
import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../core/deps';
import type { ExportKind, ExportRange } from '../../core/export-def';
import { localeOf, teamOf } from '../../core/teams';
import type { TimerRow } from '../../core/timers';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { storeOutboxFile } from '../../outbox/files';
import { exportContext, findKind } from './context';
import { rangeOfDays } from './period';
import { EX } from './texts';
import { writeXlsx } from './xlsx';

export const BUILD_TIMER = 'export.build';

export interface BuildPayload {
  kind: string;
  fromDay: string;
  toDay: string;
  /** Who asked: the file goes to them, privately. */
  openId: string;
}

/** "KPI 数据_2026-11-01_2026-11-30.xlsx". */
export const fileNameOf = (title: string, range: ExportRange): string =>
  `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}_${range.fromDay}_${range.toDay}.xlsx`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Writes the file of `kind` for [range] to a temporary path and returns it with its row count. */
export async function buildXlsxFile(
  deps: Deps,
  kind: ExportKind,
  teamId: number,
  range: ExportRange,
  requester: string,
): Promise<{ file: string; rows: number; name: string }> {
  const team = await teamOf(deps.db, teamId);
  const locale = localeOf(deps.config, team);
  const ctx = await exportContext(deps, team, range);
  const file = path.join(tmpdir(), `floorwalker-export-${randomUUID()}.xlsx`);
  try {
    const { rows } = await writeXlsx(file, kind, ctx, {
      locale,
      teamName: team.name || team.chatId,
      requester: ctx.nameOf(requester),
      generatedAt: deps.clock.now(),
    });
    return { file, rows, name: fileNameOf(t(locale, kind.title), range) };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

export async function runBuildTimer(deps: Deps, timer: TimerRow): Promise<void> {
  const p = timer.payload as unknown as BuildPayload;
  if (timer.teamId === null) return;
  const found = findKind(deps.app.exports, p.kind);
  if (!found.ok) return;
  const kind = found.kind;
  const team = await teamOf(deps.db, timer.teamId);
  const locale = localeOf(deps.config, team);
  const range = rangeOfDays(p.fromDay, p.toDay, team.timeZone);
  const now = deps.clock.now();
  const title = t(locale, kind.title);
  const words = { title, from: range.fromDay, to: range.toDay, kind: kind.kind };
  const dm = (text: string, tag: string) =>
    enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to: { openId: p.openId },
      body: { msgType: 'text', content: { text } },
      priority: PRIORITY.normal,
      uuid: uuidFor(`${timer.ref}:${tag}`),
    });

  const built = await buildXlsxFile(deps, kind, team.id, range, p.openId);
  try {
    const platform = deps.platformFor(team.platform);
    const { size } = await stat(built.file);
    const max = platform.limits.maxFileBytes;
    if (max !== undefined && size > max) {
      await dm(
        t(locale, EX.tooLarge, { ...words, size: mb(size), max: mb(max), platform: t(locale, platform.words.name) }),
        'too-large',
      );
      return;
    }
    const stored = await storeOutboxFile(deps.db, {
      teamId: team.id,
      name: built.name,
      bytes: { path: built.file },
      now,
    });
    await dm(
      t(locale, built.rows ? EX.ready : EX.none, { ...words, rows: built.rows.toLocaleString('en-US') }),
      'text',
    );
    await enqueue(deps.db, now, {
      kind: 'file',
      teamId: team.id,
      to: { openId: p.openId },
      file: stored,
      priority: PRIORITY.normal,
      uuid: uuidFor(`${timer.ref}:file`),
    });
  } finally {
    await rm(built.file, { force: true });
  }
  deps.wake();
}
