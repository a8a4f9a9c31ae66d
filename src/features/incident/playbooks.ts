/** What /playbook does: show the team's playbooks, and edit one (a new version; open incidents keep theirs). */
import { card, interactive, markdown, note } from '../../cards/card';
import { nameOrMention } from '../../cards/mention';
import type { CommandContext } from '../../core/context';
import { t } from '../../i18n';
import { M, ROLE_NAMES } from '../../i18n/messages';
import { teamPeople } from '../duty/roster';
import { findMember } from './answers';
import { limitMinutes } from './args';
import { kindList, matchKind, RESERVED, type Playbook } from './kinds';
import { listPlaybooks, ownKinds, playbookOf, savePlaybook } from './repo';
import {
  addStep,
  MAX_STEP_TEXT,
  MAX_STEPS,
  moveStep,
  ownerPerson,
  parseOwnerRole,
  personOwner,
  removeStep,
  type EditResult,
} from './rules';
import type { PlaybookStep } from './schema';
import { IX } from './texts';

const ROLE_TEXT = {
  duty: { 'zh-CN': '值班主管', en: 'on duty' },
  supervisor: { 'zh-CN': '主管', en: 'supervisor' },
  leader: { 'zh-CN': '组长', en: 'leader' },
  ops: { 'zh-CN': '运营', en: 'operations' },
  agent: { 'zh-CN': '客服', en: 'agent' },
  reporter: { 'zh-CN': '发起人', en: 'reporter' },
} as const;

function ownerText(ctx: CommandContext, names: ReadonlyMap<string, string>, owner?: string): string {
  const person = ownerPerson(owner);
  if (person) return nameOrMention(names, person);
  const role = owner ? parseOwnerRole(owner) : undefined;
  return role ? ctx.t(ROLE_TEXT[role]) : ctx.t(IX.unassigned);
}

async function showOne(ctx: CommandContext, p: Playbook) {
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  const lines = p.steps.map(
    (s, k) =>
      `${k + 1}. ${s.text} · ${ownerText(ctx, names, s.owner)}${s.limitMin ? ctx.t(IX.pbLimit, { min: s.limitMin }) : ''}`,
  );
  const elements = [markdown(lines.join('\n'))];
  if (p.wording) elements.push(markdown(`${ctx.t(IX.wording)}\n${p.wording}`));
  elements.push(note(p.handover ? ctx.t(IX.pbHandover) : ctx.t(IX.pbHint, { kind: p.kind })));
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(IX.pbTitle, { name: p.name, kind: p.kind, sev: p.severity, version: p.version }),
        subtitle: ctx.t(p.edited ? IX.pbEdited : IX.pbDefault),
        color: 'turquoise',
        elements,
      }),
    ),
  );
}

async function showAll(ctx: CommandContext) {
  const all = await listPlaybooks(ctx.deps.db, ctx.team.id, ctx.locale);
  const lines = all.map((p) =>
    ctx.t(IX.pbListLine, {
      kind: p.name,
      key: p.kind,
      sev: p.severity,
      n: p.steps.length,
      state: ctx.t(p.edited ? IX.pbEdited : IX.pbDefault),
    }),
  );
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(IX.pbList).replace(/\*/g, ''),
        color: 'turquoise',
        elements: [markdown(lines.join('\n')), note(ctx.t(IX.pbListHint))],
      }),
    ),
  );
}

const usage = (ctx: CommandContext, problem: string) =>
  ctx.reply([problem, ctx.t(IX.pbUsage), ctx.t(IX.pbExample)].filter(Boolean).join('\n'));

const canEdit = (ctx: CommandContext) => ctx.caller.role === 'supervisor' || ctx.caller.role === 'leader';

/** `add <text> [owner role | @person] [limit=10m]`: the owner is the last word when it reads as one. */
async function readStep(
  ctx: CommandContext,
  words: string[],
  mentioned: { openId: string; name: string }[],
  limit?: string,
): Promise<PlaybookStep | string> {
  let owner: string | undefined;
  const ws = [...words];
  if (mentioned[0]) {
    const who = await findMember(ctx.deps.db, ctx.team.id, '', mentioned[0]);
    if (!who) return ctx.t(IX.notMember, { name: mentioned[0].name });
    owner = personOwner(who);
  } else if (ws.length > 1 && parseOwnerRole(ws.at(-1)!)) owner = parseOwnerRole(ws.pop()!);
  const text = ws.join(' ').trim();
  if (!text) return ctx.t(M.missingParam, { param: ctx.locale === 'en' ? 'step' : '步骤' });
  if (text.length > MAX_STEP_TEXT) return ctx.t(IX.tooLong, { n: MAX_STEP_TEXT });
  let limitMin: number | undefined;
  if (limit !== undefined) {
    limitMin = limitMinutes(limit);
    if (limitMin === undefined) return ctx.t(M.invalidParam, { param: 'limit' });
  }
  return { text, ...(owner ? { owner } : {}), ...(limitMin ? { limitMin } : {}) };
}

const num = (w?: string) => (w !== undefined && /^\d{1,3}$/.test(w) ? Number(w) : NaN);

/** `/playbook [kind] [add|remove|move|sev …]`. */
export async function playbookCommand(
  ctx: CommandContext,
  kindWord: string | undefined,
  words: string[],
  mentioned: { openId: string; name: string }[],
  limit?: string,
) {
  if (!kindWord) return showAll(ctx);
  const own = await ownKinds(ctx.deps.db, ctx.team.id);
  const m = matchKind(kindWord, own);
  const op = words[0]?.toLowerCase();
  if ('unknown' in m) {
    // An unknown kind with "add": the team's own new kind.
    if (op !== 'add' && op !== '添加') {
      const lines = [ctx.t(IX.unknownKind, { word: m.unknown, list: kindList(ctx.locale, own) })];
      if (m.suggestions.length) lines.push(ctx.t(IX.didYouMean, { list: m.suggestions.join('  ') }));
      lines.push(ctx.t(IX.pbUnknownNew, { word: m.unknown }));
      return usage(ctx, lines.join('\n'));
    }
    if (RESERVED.has(m.unknown.toLowerCase()) || /^\d+$/.test(m.unknown) || m.unknown.length > 20)
      return usage(ctx, ctx.t(IX.pbReserved, { word: m.unknown }));
  }
  const kind = 'kind' in m ? m.kind : m.unknown;
  if (!op) {
    const p = await playbookOf(ctx.deps.db, ctx.team.id, kind, ctx.locale);
    return showOne(ctx, p!);
  }
  if (!canEdit(ctx))
    return ctx.reply(
      ctx.t(M.notAllowed, {
        command: `/playbook ${kind} ${op}`,
        roles: `${ctx.t(ROLE_NAMES.supervisor)}${ctx.t(M.or)}${ctx.t(ROLE_NAMES.leader)}`,
        role: ctx.t(ROLE_NAMES[ctx.caller.role]),
      }),
    );
  if (kind === 'store') return ctx.reply(ctx.t(IX.pbHandover));
  const step = op === 'add' || op === '添加' ? await readStep(ctx, words.slice(1), mentioned, limit) : undefined;
  if (typeof step === 'string') return usage(ctx, step);

  const reply = await ctx.deps.db.transaction(async (tx): Promise<string | { problem: string }> => {
    const current = (await playbookOf(tx, ctx.team.id, kind, ctx.locale, true)) ?? {
      kind,
      name: kind,
      severity: 2,
      steps: [],
      private: false,
      version: 0,
      edited: true,
    };
    let r: EditResult;
    let sev = current.severity;
    let said: string;
    const L = ctx.locale;
    switch (op) {
      case 'add':
      case '添加':
        r = addStep(current.steps, step!);
        said = t(L, current.version === 0 ? IX.pbCreated : IX.pbAdded, {
          name: current.name,
          n: current.steps.length + 1,
          version: current.version + 1,
        });
        break;
      case 'remove':
      case '删除':
        r = removeStep(current.steps, num(words[1]));
        said = t(L, IX.pbRemoved, { name: current.name, n: words[1] ?? '', version: current.version + 1 });
        break;
      case 'move':
      case '移动':
        r = moveStep(current.steps, num(words[1]), num(words[2]));
        said = t(L, IX.pbMoved, {
          name: current.name,
          n: words[1] ?? '',
          m: words[2] ?? '',
          version: current.version + 1,
        });
        break;
      case 'wording':
      case '口径': {
        const text = words.slice(1).join(' ').trim();
        if (!text) return { problem: t(L, M.missingParam, { param: L === 'en' ? 'wording' : '口径' }) };
        if (text.length > 500) return { problem: t(L, IX.tooLong, { n: 500 }) };
        await savePlaybook(tx, ctx.team.id, { ...current, wording: text }, ctx.caller.openId, ctx.now);
        return t(L, IX.pbWording, { name: current.name, version: current.version + 1 });
      }
      case 'sev':
      case '级别': {
        const s = num(words[1]?.replace(/^s/i, ''));
        if (!(s >= 1 && s <= 3)) return { problem: t(L, IX.badSev) };
        sev = s;
        r = { ok: true, steps: current.steps };
        said = t(L, IX.pbSev, { name: current.name, sev: s });
        break;
      }
      default:
        return { problem: t(L, M.unknownSubcommand, { word: words[0] ?? '', command: '/playbook' }) };
    }
    if (!r.ok)
      return {
        problem:
          r.error === 'too_many'
            ? t(L, IX.pbTooMany, { n: MAX_STEPS })
            : r.error === 'last_step'
              ? t(L, IX.pbLastStep)
              : t(L, IX.pbNoStep, { name: current.name, n: words[1] ?? '', count: current.steps.length }),
      };
    await savePlaybook(tx, ctx.team.id, { ...current, severity: sev, steps: r.steps }, ctx.caller.openId, ctx.now);
    return said;
  });
  if (typeof reply !== 'string') return usage(ctx, reply.problem);
  await ctx.reply(reply);
}
