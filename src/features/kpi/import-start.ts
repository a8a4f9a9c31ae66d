/**
 * `/kpi import [date] [store]`: finds the file — the message's own (a file sent to the bot
 * privately) or the one it replies to (`@bot /kpi import` in the group) — makes the import row and
 * starts the preview. A replayed event finds the row it made and starts nothing new.
 */
import type { CommandContext } from '../../core/context';
import type { FileRef } from '../../core/inbound';
import { activeStores } from '../stores/repo';
import { matchStore, noStoreMatch } from '../stores/rules';
import { createImport } from './import-repo';
import { IX } from './import-texts';
import { schedulePreview } from './import-flow';
import { readLocalDay } from './period';

/** The file the command is about, and the message that carries it. */
async function fileOf(ctx: CommandContext): Promise<{ file: FileRef; messageId: string } | 'none' | 'not_a_file'> {
  const { event } = ctx;
  if (event.file) return { file: event.file, messageId: event.messageId };
  if (!event.parentId) return 'none';
  const file = await ctx.deps.platformFor(ctx.team.platform).messageFile(event.parentId);
  return file ? { file, messageId: event.parentId } : 'not_a_file';
}

/** The words after /kpi import: a day and/or a store, in either order. */
async function readArgs(
  ctx: CommandContext,
  words: string[],
): Promise<{ day?: string; store?: string } | { reply: string }> {
  const out: { day?: string; store?: string } = {};
  const today = readLocalDay('今天', ctx.now, ctx.team.timeZone)!;
  for (const w of words) {
    const day = out.day ? undefined : readLocalDay(w, ctx.now, ctx.team.timeZone);
    if (day) {
      if (day > today) return { reply: ctx.t(IX.futureDay, { day }) };
      out.day = day;
      continue;
    }
    const stores = await activeStores(ctx.deps.db, ctx.team.id);
    const found = matchStore(stores, w);
    if (found.store && !out.store) {
      out.store = found.store.name;
      continue;
    }
    // A word shaped like a date that is no real day (2026-02-30) is a bad date, not a store.
    if (/^\d{1,4}[-/.年月]/.test(w)) return { reply: ctx.t(IX.badDay, { text: w }) };
    return {
      reply: found.candidates.length
        ? noStoreMatch(ctx.t, w, stores, found.candidates)
        : ctx.t(IX.badArgs, { text: w }),
    };
  }
  return out;
}

export async function startImport(ctx: CommandContext, words: string[]): Promise<void> {
  const args = await readArgs(ctx, words);
  if ('reply' in args) return ctx.reply(args.reply);
  const found = await fileOf(ctx);
  if (found === 'none')
    return ctx.reply(
      ctx.t(ctx.deps.platformFor(ctx.team.platform).words.filesOnlyPrivately ? IX.noFilePrivately : IX.noFile),
    );
  if (found === 'not_a_file') return ctx.reply(ctx.t(IX.notFileReply));
  const { info, created } = await createImport(
    ctx.deps.db,
    {
      teamId: ctx.team.id,
      sourceMessageId: ctx.event.messageId,
      chatId: ctx.event.chatId,
      requestedBy: ctx.caller.openId,
      fileMessageId: found.messageId,
      fileKey: found.file.key,
      fileName: found.file.name,
      ...args,
    },
    ctx.now,
  );
  // The same message again (a replayed event): its preview is under way or shown already.
  if (!created) return;
  await schedulePreview(ctx.deps, ctx.team.id, info.id, 0, ctx.now);
}
