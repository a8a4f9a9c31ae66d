/** What /script does: search, show with history, add, edit, remove, synonyms and links. */
import { interactive } from '../../cards/card';
import type { CommandContext } from '../../core/context';
import { teamPeople } from '../duty/roster';
import { t } from '../../i18n';
import { detailCard, resultsCard } from './card';
import { parseScriptText, splitTags } from './parse';
import { linksOf, scriptById, synonymGroups, versionsOf, visibleScripts, type ListedScript } from './repo';
import { searchScripts } from './search';
import { addScript, addSynonyms, editScript, ensureDefaults, linkSlot, removeScript } from './service';
import type { ScriptTier } from './schema';
import { SX, TIER_NAMES } from './texts';
import { defaultTier, mayChange, parseTier } from './tiers';

export const MAX_TEXT = 1000;
export const MAX_TITLE = 40;

const isPrivate = (ctx: CommandContext) => ctx.event.chatType === 'p2p';
const viewerOf = (ctx: CommandContext) => (isPrivate(ctx) ? ctx.caller.openId : null);
export const parseId = (w: string): number | undefined => {
  const m = /^[#＃]?(\d{1,12})$/.exec(w.trim());
  return m ? Number(m[1]) : undefined;
};

const WHO: Record<ScriptTier, keyof typeof SX> = {
  public: 'whoPublic',
  department: 'whoDepartment',
  personal: 'whoPersonal',
};

/** Why the caller may not change a script of `tier` here, or undefined when they may. */
export function refusal(
  ctx: Pick<CommandContext, 'caller' | 't'> & { private: boolean },
  tier: ScriptTier,
  owner?: string | null,
) {
  if (tier === 'personal' && !ctx.private) return ctx.t(SX.personalInGroup);
  const isOwner = owner === undefined || owner === null ? true : owner === ctx.caller.openId;
  if (!mayChange(ctx.caller.role, tier, isOwner))
    return ctx.t(SX.mayNot, { tier: ctx.t(TIER_NAMES[tier]), who: ctx.t(SX[WHO[tier]]) });
  return undefined;
}

/** A script the caller may see here: someone else's personal one, or a personal one in the group, is "not found". */
async function visible(ctx: CommandContext, id: number): Promise<ListedScript | undefined> {
  const s = await scriptById(ctx.deps.db, ctx.team.id, id);
  if (!s) return undefined;
  if (s.tier === 'personal' && (s.ownerOpenId !== ctx.caller.openId || !isPrivate(ctx))) return undefined;
  return s;
}

/** The places (slot labels) a script fills. */
async function placesOf(ctx: CommandContext, id: number): Promise<string[]> {
  const links = await linksOf(ctx.deps.db, ctx.team.id);
  return [...links]
    .filter(([, sid]) => sid === id)
    .map(([slot]) => {
      const def = ctx.deps.app.scriptSlots[slot];
      return def ? ctx.t(def.label) : slot;
    });
}

/** `/script`, `/script <id>`, `/script <words>`. */
export async function searchOrShow(ctx: CommandContext, words: string | undefined): Promise<void> {
  await ensureDefaults(ctx.deps, ctx.team, ctx.locale, ctx.now);
  const q = (words ?? '').trim();
  const id = parseId(q);
  if (id !== undefined) return showScript(ctx, id);
  const list = await visibleScripts(ctx.deps.db, ctx.team.id, viewerOf(ctx));
  if (!q) {
    const n = (tier: ScriptTier) => list.filter((s) => s.tier === tier).length;
    return ctx.reply(
      ctx.t(SX.summary, {
        public: n('public'),
        department: n('department'),
        personal: isPrivate(ctx) ? ctx.t(SX.summaryPersonal, { n: n('personal') }) : '',
      }),
    );
  }
  const found = searchScripts(list, q, await synonymGroups(ctx.deps.db, ctx.team.id));
  if (!found.length) return ctx.reply(ctx.t(SX.noResults, { query: q }));
  await ctx.reply(interactive(resultsCard({ query: q, found, locale: ctx.locale, team: ctx.team.id })));
}

async function showScript(ctx: CommandContext, id: number): Promise<void> {
  const s = await visible(ctx, id);
  if (!s) return ctx.reply(ctx.t(SX.notFound, { id }));
  const [versions, places, people] = await Promise.all([
    versionsOf(ctx.deps.db, s.id),
    placesOf(ctx, s.id),
    teamPeople(ctx.deps, ctx.team.id),
  ]);
  await ctx.reply(
    interactive(
      detailCard({
        script: s,
        versions,
        places,
        names: people.names,
        locale: ctx.locale,
        zone: ctx.team.timeZone,
        now: ctx.now,
      }),
    ),
  );
}

export interface AddArgs {
  title: string;
  text: string;
  tier?: string;
  tags?: string;
}

/** `/script add <title> <text…> [tier] [#tag…]`: once per message (a replay answers with the same script). */
export async function addFromCommand(ctx: CommandContext, args: AddArgs): Promise<void> {
  if (args.tier !== undefined && !parseTier(args.tier)) return ctx.reply(ctx.t(SX.badTier));
  const input = parseScriptText(args.text.split(' '), {
    ...(args.tier ? { tier: args.tier } : {}),
    ...(args.tags ? { tags: args.tags } : {}),
  });
  if (!input.text) return ctx.reply(ctx.t(SX.noText));
  if (input.text.length > MAX_TEXT || args.title.length > MAX_TITLE)
    return ctx.reply(ctx.t(SX.tooLong, { n: input.text.length > MAX_TEXT ? MAX_TEXT : MAX_TITLE }));
  const tier = input.tier ?? defaultTier(isPrivate(ctx));
  const no = refusal({ ...ctx, private: isPrivate(ctx) }, tier);
  if (no) return ctx.reply(no);
  const r = await addScript(
    ctx.deps.db,
    ctx.team,
    { tier, title: args.title, body: input.text, tags: input.tags, source: ctx.event.id },
    ctx.caller.openId,
    ctx.now,
  );
  const s = r.script;
  await ctx.reply(
    r.outcome === 'new'
      ? ctx.t(SX.added, { tier: ctx.t(TIER_NAMES[s.tier]), id: s.id, title: s.title })
      : ctx.t(SX.addedAlready, { id: s.id, title: s.title }),
  );
}

export interface EditArgs {
  id: string;
  text?: string;
  title?: string;
  tier?: string;
  tags?: string;
}

/** `/script edit <id> [text…] [tier] [#tag…] [title=…]`: a new version, who and when kept. */
export async function editFromCommand(ctx: CommandContext, args: EditArgs): Promise<void> {
  const id = parseId(args.id);
  const s = id === undefined ? undefined : await visible(ctx, id);
  if (!s || s.removedAt) return ctx.reply(ctx.t(SX.notFound, { id: args.id }));
  if (args.tier !== undefined && !parseTier(args.tier)) return ctx.reply(ctx.t(SX.badTier));
  const input = args.text
    ? parseScriptText(args.text.split(' '), { ...(args.tier ? { tier: args.tier } : {}), textOptional: true })
    : { text: '', tags: [], ...(args.tier ? { tier: parseTier(args.tier)! } : {}) };
  const tags = args.tags !== undefined ? splitTags(args.tags) : input.tags.length ? input.tags : undefined;
  const body = input.text || undefined;
  if ((body?.length ?? 0) > MAX_TEXT || (args.title?.length ?? 0) > MAX_TITLE)
    return ctx.reply(ctx.t(SX.tooLong, { n: (body?.length ?? 0) > MAX_TEXT ? MAX_TEXT : MAX_TITLE }));
  const priv = { ...ctx, private: isPrivate(ctx) };
  const no =
    refusal(priv, s.tier, s.ownerOpenId) ?? (input.tier ? refusal(priv, input.tier, s.ownerOpenId) : undefined);
  if (no) return ctx.reply(no);
  if (input.tier && input.tier !== s.tier && (await placesOf(ctx, s.id)).length && input.tier === 'personal')
    return ctx.reply(ctx.t(SX.linkPersonal));
  const r = await editScript(
    ctx.deps.db,
    s,
    {
      ...(body ? { body } : {}),
      ...(args.title ? { title: args.title } : {}),
      ...(input.tier ? { tier: input.tier } : {}),
      ...(tags ? { tags } : {}),
    },
    ctx.caller.openId,
    ctx.now,
  );
  await ctx.reply(
    r.outcome === 'edited'
      ? ctx.t(SX.edited, { id: s.id, version: r.script.version })
      : ctx.t(SX.editedSame, { id: s.id }),
  );
}

export async function removeFromCommand(ctx: CommandContext, idWord: string): Promise<void> {
  const id = parseId(idWord);
  const s = id === undefined ? undefined : await visible(ctx, id);
  if (!s) return ctx.reply(ctx.t(SX.notFound, { id: idWord }));
  const no = refusal({ ...ctx, private: isPrivate(ctx) }, s.tier, s.ownerOpenId);
  if (no) return ctx.reply(no);
  const r = await removeScript(ctx.deps.db, s, ctx.caller.openId, ctx.now);
  if (r.outcome === 'linked')
    return ctx.reply(ctx.t(SX.removeLinked, { id: s.id, places: (await placesOf(ctx, s.id)).join('、') }));
  await ctx.reply(ctx.t(r.outcome === 'removed' ? SX.removed : SX.removedSame, { id: s.id }));
}

/** `/script synonym` lists the groups; `/script synonym 物流延迟 发货慢 快递慢` adds one. */
export async function synonymCommand(ctx: CommandContext, words: string | undefined): Promise<void> {
  const list = [...new Set((words ?? '').split(/[\s,，、]+/).filter(Boolean))];
  if (!list.length) {
    const groups = await synonymGroups(ctx.deps.db, ctx.team.id);
    return ctx.reply(
      groups.length
        ? ctx.t(SX.synonymList, { list: groups.map((g) => g.join(' = ')).join('\n') })
        : ctx.t(SX.synonymNone),
    );
  }
  if (list.length < 2 || list.some((w) => w.length > 20)) return ctx.reply(ctx.t(SX.synonymNeedTwo));
  const r = await addSynonyms(ctx.deps.db, ctx.team.id, list, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(r === 'new' ? SX.synonymAdded : SX.synonymSame, { words: list.join(' = ') }));
}

/** A place named by its key ("anomaly.price") or its label ("异常·价格") in either language. */
export function findSlot(slots: Readonly<Record<string, { label: Record<string, string> }>>, word: string) {
  const w = word.trim().toLowerCase();
  return Object.keys(slots).find(
    (k) => k.toLowerCase() === w || Object.values(slots[k]!.label).some((l) => l.toLowerCase() === w),
  );
}

/** `/script link` lists the places; `/script link <place> <id>` points one at a script. */
export async function linkCommand(ctx: CommandContext, place: string | undefined, idWord: string | undefined) {
  await ensureDefaults(ctx.deps, ctx.team, ctx.locale, ctx.now);
  const slots = ctx.deps.app.scriptSlots;
  const links = await linksOf(ctx.deps.db, ctx.team.id);
  if (!place || !idWord) {
    const lines = [];
    for (const [key, def] of Object.entries(slots)) {
      const id = links.get(key);
      const s = id === undefined ? undefined : await scriptById(ctx.deps.db, ctx.team.id, id);
      lines.push(
        t(ctx.locale, SX.linkLine, {
          place: ctx.t(def.label),
          key,
          script: s ? `#${s.id} ${s.title}` : ctx.t(SX.linkNone),
        }),
      );
    }
    return ctx.reply(ctx.t(SX.linkList, { list: lines.join('\n') }));
  }
  const key = findSlot(slots, place);
  if (!key)
    return ctx.reply(
      ctx.t(SX.linkUnknown, {
        place,
        list: Object.values(slots)
          .map((s) => ctx.t(s.label))
          .join('、'),
      }),
    );
  const label = ctx.t(slots[key]!.label);
  const id = parseId(idWord);
  const s = id === undefined ? undefined : await scriptById(ctx.deps.db, ctx.team.id, id);
  if (!s || s.removedAt || (s.tier === 'personal' && s.ownerOpenId !== ctx.caller.openId))
    return ctx.reply(ctx.t(SX.notFound, { id: idWord }));
  if (s.tier === 'personal') return ctx.reply(ctx.t(SX.linkPersonal));
  if (links.get(key) === s.id) return ctx.reply(ctx.t(SX.linkedSame, { place: label, id: s.id }));
  await linkSlot(ctx.deps.db, ctx.team.id, key, s.id, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(SX.linked, { place: label, id: s.id, title: s.title }));
}
