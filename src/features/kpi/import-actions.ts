/**
 * The buttons of an import's card. Each answers at once (a toast and the card as it is now, within
 * Feishu's 3 s) and leaves the work to a timer. Every change is one conditional UPDATE, so a double
 * click or a stale card acts once and the other press gets a toast that changes nothing.
 */
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import { addStore, activeStores } from '../stores/repo';
import { guessPlatform } from '../stores/platforms';
import { matchStore } from '../stores/rules';
import { MAX_STORE_NAME, statusCard } from './import-card';
import { scheduleStore, schedulePreview } from './import-flow';
import { importInfo, transition, type ImportInfo } from './import-repo';
import { IX } from './import-texts';
import { readLocalDay } from './period';
import { cardId } from '../../core/card-values';

type Answer = Promise<CardActionAnswer>;

const warn = (content: string): CardActionAnswer => ({ toast: { type: 'warning', content } });

/** Why a button of this import does nothing now. */
function staleText(ctx: ActionContext, info: ImportInfo): string {
  switch (info.status) {
    case 'imported':
      return ctx.t(IX.staleImported);
    case 'importing':
      return ctx.t(IX.staleImporting);
    case 'cancelled':
      return ctx.t(IX.staleCancelled);
    case 'failed':
      return ctx.t(IX.staleFailed);
    default:
      return ctx.t(IX.stalePreviewing);
  }
}

/** The import a button names, if the presser may act on it. */
async function target(
  ctx: ActionContext,
  value: Record<string, unknown>,
): Promise<{ info: ImportInfo } | { answer: CardActionAnswer }> {
  const id = cardId(value);
  const info = id ? await importInfo(ctx.deps.db, ctx.team.id, id) : undefined;
  if (!info) return { answer: warn(ctx.t(IX.notFound)) };
  const role = ctx.caller.role;
  if (ctx.caller.openId !== info.requestedBy && role !== 'supervisor' && role !== 'leader')
    return { answer: warn(ctx.t(IX.notAllowed)) };
  return { info };
}

/** 导入: previewed → importing in one UPDATE; the kpi.store timer does the storing. */
export async function importAction(ctx: ActionContext, value: Record<string, unknown>): Answer {
  const found = await target(ctx, value);
  if ('answer' in found) return found.answer;
  const { info } = found;
  const moved =
    info.summary && !info.problem
      ? await transition(ctx.deps.db, ctx.team.id, info.id, ['previewed'], { status: 'importing' }, ctx.now)
      : undefined;
  if (!moved) {
    const now = (await importInfo(ctx.deps.db, ctx.team.id, info.id)) ?? info;
    return { toast: { type: 'info', content: staleText(ctx, now) } };
  }
  await scheduleStore(ctx.deps, ctx.team.id, info.id, ctx.caller.openId, ctx.now);
  return {
    toast: { type: 'success', content: ctx.t(IX.importingToast) },
    card: statusCard({ fileName: info.fileName, state: 'importing', locale: ctx.locale }),
  };
}

/** 取消: nothing was stored; the bytes go. */
export async function cancelAction(ctx: ActionContext, value: Record<string, unknown>): Answer {
  const found = await target(ctx, value);
  if ('answer' in found) return found.answer;
  const { info } = found;
  const moved = await transition(
    ctx.deps.db,
    ctx.team.id,
    info.id,
    ['previewing', 'previewed'],
    { status: 'cancelled', bytes: null },
    ctx.now,
  );
  if (!moved) return { toast: { type: 'info', content: staleText(ctx, info) } };
  return {
    toast: { type: 'success', content: ctx.t(IX.cancelToast) },
    card: statusCard({
      fileName: info.fileName,
      state: 'cancelled',
      text: ctx.t(IX.cancelled, { who: ctx.caller.name || ctx.t(IX.someone) }),
      locale: ctx.locale,
    }),
  };
}

/** previewed → previewing with what was answered, and a new preview pass from the stored bytes. */
async function repreview(
  ctx: ActionContext,
  info: ImportInfo,
  set: { day?: string; store?: string },
  toast: string,
): Answer {
  const moved = await transition(
    ctx.deps.db,
    ctx.team.id,
    info.id,
    ['previewed'],
    { status: 'previewing', ...set },
    ctx.now,
  );
  if (!moved) return { toast: { type: 'info', content: staleText(ctx, info) } };
  await schedulePreview(ctx.deps, ctx.team.id, info.id, moved.previews, ctx.now);
  return {
    toast: { type: 'success', content: toast },
    card: statusCard({ fileName: info.fileName, state: 'repreview', locale: ctx.locale }),
  };
}

/** The day typed into the "which day?" card. */
export async function dayAction(ctx: ActionContext, value: Record<string, unknown>): Answer {
  const found = await target(ctx, value);
  if ('answer' in found) return found.answer;
  const text = String(ctx.event.formValue?.day ?? value.day ?? '').trim();
  const day = readLocalDay(text, ctx.now, ctx.team.timeZone);
  if (!day) return warn(ctx.t(IX.badDay, { text }));
  if (day > readLocalDay('今天', ctx.now, ctx.team.timeZone)!) return warn(ctx.t(IX.futureDay, { day }));
  return repreview(ctx, found.info, { day }, ctx.t(IX.repreview));
}

/** A store picked on the "which store?" card. */
export async function storePickAction(ctx: ActionContext, value: Record<string, unknown>): Answer {
  const found = await target(ctx, value);
  if ('answer' in found) return found.answer;
  const store = matchStore(await activeStores(ctx.deps.db, ctx.team.id), String(value.store ?? '')).store;
  if (!store) return warn(ctx.t(IX.notFound));
  return repreview(ctx, found.info, { store: store.name }, ctx.t(IX.repreview));
}

/** 添加店铺「X」: a store the file names, added by a supervisor, then the file previewed again. */
export async function addStoreAction(ctx: ActionContext, value: Record<string, unknown>): Answer {
  const found = await target(ctx, value);
  if ('answer' in found) return found.answer;
  if (ctx.caller.role !== 'supervisor') return warn(ctx.t(IX.supervisorsOnly));
  const name = String(value.store ?? '').trim();
  if (!name || name.length > MAX_STORE_NAME || !found.info.summary?.unknownStores.includes(name))
    return warn(ctx.t(IX.notFound));
  if (found.info.status !== 'previewed') return { toast: { type: 'info', content: staleText(ctx, found.info) } };
  const added = await addStore(ctx.deps.db, ctx.team.id, { name, platform: guessPlatform(name) }, ctx.now);
  return repreview(ctx, found.info, {}, ctx.t(added ? IX.storeAdded : IX.storeExists, { store: name }));
}
