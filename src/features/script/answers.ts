/**
 * The library's buttons: 复制 (the text alone, privately, counted as a use once per card and
 * person), 为此添加话术 on a keyword warning (a prefilled add, privately), and that card's submit.
 */
import type { ActionHandler } from '../../core/command-def';
import type { ActionContext } from '../../core/context';
import { interactive } from '../../cards/card';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { draftCard } from './card';
import { MAX_TEXT, MAX_TITLE, refusal } from './commands';
import { splitTags } from './parse';
import { recordUse, scriptById } from './repo';
import { addScript } from './service';
import { SX, TIER_NAMES } from './texts';
import { parseTier } from './tiers';
import { cardId } from '../../core/card-values';

const toast = (type: 'success' | 'info' | 'warning' | 'error', content: string) => ({ toast: { type, content } });

/** A private message to the presser that a second press of the same button does not send again. */
async function dmOnce(ctx: ActionContext, key: string, body: Parameters<ActionContext['dm']>[1]) {
  await enqueue(ctx.deps.db, ctx.now, {
    kind: 'send',
    teamId: ctx.team.id,
    to: { openId: ctx.caller.openId },
    body: typeof body === 'string' ? { msgType: 'text', content: { text: body } } : body,
    priority: PRIORITY.interactive,
    uuid: uuidFor(key),
  });
  ctx.deps.wake();
}

const copy: ActionHandler = async (ctx, value) => {
  const id = cardId(value);
  const s = id ? await scriptById(ctx.deps.db, ctx.team.id, id) : undefined;
  if (!s || s.removedAt || (s.tier === 'personal' && s.ownerOpenId !== ctx.caller.openId))
    return toast('warning', ctx.t(SX.gone));
  const source = `copy:${ctx.event.messageId}:${ctx.caller.openId}`;
  const fresh = await recordUse(ctx.deps.db, ctx.team.id, s.id, source, ctx.now);
  if (!fresh) return toast('info', ctx.t(SX.copiedAlready, { id: s.id }));
  await dmOnce(ctx, `script-copy:${s.id}:${source}`, s.body);
  return toast('success', ctx.t(SX.copied, { id: s.id }));
};

const draft: ActionHandler = async (ctx, value) => {
  const keyword = String(value.keyword ?? '').slice(0, MAX_TITLE);
  if (!keyword) return toast('warning', ctx.t(SX.gone));
  const tier = ctx.caller.role === 'supervisor' || ctx.caller.role === 'leader' ? 'department' : 'personal';
  await dmOnce(
    ctx,
    `script-draft:${ctx.event.messageId}:${ctx.caller.openId}:${keyword}`,
    interactive(draftCard({ keyword, tier, locale: ctx.locale, team: ctx.team.id })),
  );
  return toast('success', ctx.t(SX.draftSent));
};

/** The prefilled add's submit: once per card (the card's message is the source). */
const create: ActionHandler = async (ctx) => {
  const f = ctx.event.formValue ?? {};
  const title = String(f.title ?? '').trim();
  const body = String(f.text ?? '').trim();
  if (!title) return toast('warning', ctx.t(SX.missingTitle));
  if (!body) return toast('warning', ctx.t(SX.noText));
  if (body.length > MAX_TEXT || title.length > MAX_TITLE)
    return toast('warning', ctx.t(SX.tooLong, { n: body.length > MAX_TEXT ? MAX_TEXT : MAX_TITLE }));
  const tierWord = String(f.tier ?? '').trim();
  const tier = tierWord ? parseTier(tierWord) : 'personal';
  if (!tier) return toast('warning', ctx.t(SX.badTier));
  // The card lives in the private chat: personal scripts may be added there.
  const no = refusal({ ...ctx, private: true }, tier);
  if (no) return toast('warning', no);
  const r = await addScript(
    ctx.deps.db,
    ctx.team,
    { tier, title, body, tags: splitTags(String(f.tags ?? '')), source: `form:${ctx.event.messageId}` },
    ctx.caller.openId,
    ctx.now,
  );
  const s = r.script;
  return toast(
    'success',
    r.outcome === 'new'
      ? ctx.t(SX.added, { tier: ctx.t(TIER_NAMES[s.tier]), id: s.id, title: s.title })
      : ctx.t(SX.addedAlready, { id: s.id, title: s.title }),
  );
};

export const scriptActions: Record<string, ActionHandler> = {
  'script.copy': copy,
  'script.draft': draft,
  'script.create': create,
};
