/** What /incident does, behind the thin definition in commands/incident.ts. */
import { card, divider, interactive, markdown, note } from '../../cards/card';
import { mention } from '../../cards/mention';
import type { CommandContext } from '../../core/context';
import { formatDuration, formatMeanMedian } from '../../domain/duration';
import { formatLocal } from '../../domain/local-time';
import { teamPeople } from '../duty/roster';
import { answerText, findMember, type Change } from './answers';
import { followupDue, parseIdAction } from './args';
import { phaseText } from './card';
import { addFollowup, finishFollowup } from './followups';
import { handOverToAnomaly } from './handover';
import { kindList, matchKind } from './kinds';
import {
  incidentsSince,
  listPlaybooks,
  lockIncident,
  openFollowups,
  openIncidents,
  ownKinds,
  setUpdateEvery,
  updateEveryOf,
} from './repo';
import { incidentStats, phaseOf } from './rules';
import {
  acknowledge,
  closeIncident,
  completeStep,
  markMitigated,
  postUpdate,
  reassignStep,
  renderIncident,
  setSeverity,
  setWording,
  startIncident,
  type ChangeResult,
} from './service';
import { IX } from './texts';

export const MAX_TEXT = 500;

const usage = (ctx: CommandContext, problem: string, which: 'start' | 'id') =>
  ctx.reply(
    [
      problem,
      ctx.t(which === 'start' ? IX.startUsage : IX.idUsage),
      ctx.t(which === 'start' ? IX.startExample : IX.idExample),
    ].join('\n'),
  );

/** "12", "#12" → 12. */
export const incidentId = (w: string | undefined): number | undefined => {
  const s = (w ?? '').trim().replace(/^#/, '');
  return /^\d{1,12}$/.test(s) ? Number(s) : undefined;
};

/** `/incident <kind> [what] [sev=]`. */
export async function startFromCommand(ctx: CommandContext, kindWord: string, what: string, sevWord?: string) {
  const own = await ownKinds(ctx.deps.db, ctx.team.id);
  const m = matchKind(kindWord, own);
  if ('unknown' in m) {
    const lines = [ctx.t(IX.unknownKind, { word: m.unknown, list: kindList(ctx.locale, own) })];
    if (m.suggestions.length) lines.push(ctx.t(IX.didYouMean, { list: m.suggestions.join('  ') }));
    return usage(ctx, lines.join('\n'), 'start');
  }
  let severity: number | undefined;
  if (sevWord !== undefined) {
    severity = /^[sS]?[123]$/.test(sevWord) ? Number(sevWord.replace(/^s/i, '')) : undefined;
    if (severity === undefined) return usage(ctx, ctx.t(IX.badSev), 'start');
  }
  if (what.length > MAX_TEXT) return usage(ctx, ctx.t(IX.tooLong, { n: MAX_TEXT }), 'start');
  if (m.kind === 'store') return handOverToAnomaly(ctx, what.split(/\s+/).filter(Boolean));
  const playbook = (await listPlaybooks(ctx.deps.db, ctx.team.id, ctx.locale)).find((p) => p.kind === m.kind)!;
  const r = await startIncident(
    ctx.deps,
    ctx.team,
    {
      playbook,
      description: what,
      ...(severity ? { severity } : {}),
      reporter: ctx.caller.openId,
      source: ctx.event.id,
    },
    ctx.now,
  );
  if (r.outcome === 'duplicate') return;
  const vars = { id: r.incident.id, kind: playbook.name, sev: r.incident.severity };
  if (ctx.event.chatType === 'p2p') await ctx.reply(ctx.t(IX.started, vars));
  else if (playbook.private) await ctx.reply(ctx.t(IX.privateDm));
}

async function say(
  ctx: CommandContext,
  change: Change,
  id: number,
  r: ChangeResult,
  vars: Record<string, string | number> = {},
) {
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  const { text } = answerText(ctx.locale, change, r, { id, ...vars }, (openId) => names.get(openId) ?? mention(openId));
  await ctx.reply(text);
}

function badProblem(
  ctx: CommandContext,
  why: 'unknown' | 'no_text' | 'no_number' | 'bad_sev',
  id: number,
  words: string[],
) {
  if (why === 'bad_sev') return ctx.t(IX.badSev);
  if (why === 'no_number') return ctx.t(IX.needStepNumber);
  if (why === 'unknown') return ctx.t(IX.idUnknown, { word: words[0] ?? '' });
  return ctx.t(/^(close|关闭)$/i.test(words[0] ?? '') ? IX.needSummary : IX.needUpdateText, { id });
}

/** `/incident <id> …`. */
export async function idAction(
  ctx: CommandContext,
  id: number,
  words: string[],
  mentioned: { openId: string; name: string }[],
) {
  const a = parseIdAction(words);
  const { deps, team, now } = ctx;
  const me = ctx.caller.openId;
  switch (a.kind) {
    case 'bad':
      return usage(ctx, badProblem(ctx, a.why, id, words), 'id');
    case 'show': {
      const i = await lockIncident(deps.db, id, team.id);
      if (!i) return ctx.reply(ctx.t(IX.notFound, { id }));
      return ctx.reply(interactive(await renderIncident(deps, team, i, now)));
    }
    case 'ack':
      return say(ctx, 'ack', id, await acknowledge(deps, team, id, me, now));
    case 'update':
      if (a.text.length > MAX_TEXT) return usage(ctx, ctx.t(IX.tooLong, { n: MAX_TEXT }), 'id');
      return say(ctx, 'update', id, await postUpdate(deps, team, id, a.text, me, ctx.event.id, now));
    case 'step':
      return say(ctx, 'step', id, await completeStep(deps, team, id, a.n, me, now), { n: a.n });
    case 'assign': {
      const to = await findMember(deps.db, team.id, a.name, mentioned[0]);
      if (!to) return ctx.reply(ctx.t(IX.notMember, { name: mentioned[0]?.name ?? a.name }));
      const name = mentioned[0]?.name ?? a.name;
      return say(ctx, 'reassign', id, await reassignStep(deps, team, id, a.n, to, me, now), { n: a.n, who: name });
    }
    case 'sev':
      return say(ctx, 'sev', id, await setSeverity(deps, team, id, a.sev, me, now), { sev: a.sev });
    case 'mitigated':
      return say(ctx, 'mitigated', id, await markMitigated(deps, team, id, me, now));
    case 'wording':
      return say(ctx, 'wording', id, await setWording(deps, team, id, a.text.slice(0, MAX_TEXT), me, now));
    case 'close': {
      const r = await closeIncident(deps, team, id, a.summary.slice(0, 1000), me, now);
      await say(ctx, 'close', id, r);
      if (r.outcome === 'ok') await ctx.reply(ctx.t(IX.reviewAsk, { id }));
      return;
    }
    case 'review': {
      const owner = mentioned[0] && (await findMember(deps.db, team.id, '', mentioned[0]));
      if (!owner)
        return ctx.reply(
          ctx.t(mentioned[0] ? IX.notMember : IX.followupNeedsOwner, { id, name: mentioned[0]?.name ?? '' }),
        );
      const dueAt = followupDue(a.by, now, team.timeZone);
      if (!dueAt) return ctx.reply(ctx.t(IX.followupBadDue));
      const r = await addFollowup(
        deps,
        team,
        { incidentId: id, text: a.text.slice(0, MAX_TEXT), owner, dueAt, by: me, source: ctx.event.id },
        now,
      );
      if (r.outcome === 'not_found') return ctx.reply(ctx.t(IX.notFound, { id }));
      if (r.outcome === 'open') return ctx.reply(ctx.t(IX.openOnlyReview, { id }));
      const f = r.followup;
      return ctx.reply(
        ctx.t(IX.followupAdded, {
          n: f.id,
          text: f.text,
          who: mention(owner),
          due: formatLocal(f.dueAt, team.timeZone, ctx.locale, now),
        }),
      );
    }
  }
}

export async function followupDone(ctx: CommandContext, n: number) {
  const r = await finishFollowup(ctx.deps, ctx.team.id, n, ctx.caller.openId, ctx.now);
  await ctx.reply(
    ctx.t(r === 'done' ? IX.followupDone : r === 'already' ? IX.followupAlready : IX.followupNotFound, { n }),
  );
}

export async function listCard(ctx: CommandContext) {
  const [open, followups, people] = await Promise.all([
    openIncidents(ctx.deps.db, ctx.team.id),
    openFollowups(ctx.deps.db, ctx.team.id),
    teamPeople(ctx.deps, ctx.team.id),
  ]);
  if (!open.length && !followups.length) return ctx.reply(ctx.t(IX.listNone));
  const zone = ctx.team.timeZone;
  const elements = [];
  elements.push(
    markdown(
      open.length
        ? open
            .map(
              (i) =>
                ctx.t(IX.listLine, {
                  id: i.id,
                  kind: i.playbook.name,
                  sev: i.severity,
                  phase: phaseText(ctx.locale, phaseOf(i)),
                  since: formatLocal(i.startedAt, zone, ctx.locale, ctx.now),
                  done: i.steps.filter((s) => s.doneAt).length,
                  total: i.steps.length,
                }) + (i.description && !i.playbook.private ? `\n${i.description}` : ''),
            )
            .join('\n\n')
        : ctx.t(IX.listNone),
    ),
  );
  if (followups.length) {
    elements.push(divider());
    const lines = followups.map((f) =>
      ctx.t(IX.followupLine, {
        n: f.id,
        text: f.text,
        who: people.names.get(f.ownerOpenId) ?? mention(f.ownerOpenId),
        due: formatLocal(f.dueAt, zone, ctx.locale, ctx.now),
      }),
    );
    elements.push(markdown(`${ctx.t(IX.followupsTitle)}\n${lines.join('\n')}`));
  }
  await ctx.reply(interactive(card({ title: ctx.t(IX.listTitle, { n: open.length }), color: 'orange', elements })));
}

export async function statsCard(ctx: CommandContext, ms: number) {
  const period = formatDuration(ms, ctx.locale);
  const [rows, playbooks] = await Promise.all([
    incidentsSince(ctx.deps.db, ctx.team.id, new Date(ctx.now.getTime() - ms)),
    listPlaybooks(ctx.deps.db, ctx.team.id, ctx.locale),
  ]);
  const stats = incidentStats(rows);
  if (!stats.length) return ctx.reply(ctx.t(IX.statsNone, { period }));
  const names = new Map(playbooks.map((p) => [p.kind, p.name]));
  const d = (x?: { meanMs: number; medianMs: number }) => formatMeanMedian(x, ctx.locale);
  const blocks = stats.map((s) =>
    [
      ctx.t(IX.statsLine, {
        kind: names.get(s.kind) ?? s.kind,
        count: s.count,
        open: s.open,
        mtta: d(s.mtta),
        mttr: d(s.mttr),
      }),
      ...s.steps.map((st) =>
        ctx.t(IX.statsStep, { text: st.text, mean: formatDuration(st.meanMs, ctx.locale), n: st.done }),
      ),
    ].join('\n'),
  );
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(IX.statsTitle, { period }),
        color: 'indigo',
        elements: [markdown(blocks.join('\n\n')), note(ctx.t(IX.statsNote))],
      }),
    ),
  );
}

/** `/incident remind [30m|off]`: shown, or set (the team's setting; open incidents use it from their next reminder). */
export async function remindSetting(ctx: CommandContext, ms: number | 'off' | undefined) {
  if (ms === undefined) {
    const every = await updateEveryOf(ctx.deps.db, ctx.team.id);
    return ctx.reply(
      every > 0 ? ctx.t(IX.remindShow, { every: formatDuration(every, ctx.locale) }) : ctx.t(IX.remindShowOff),
    );
  }
  await setUpdateEvery(ctx.deps.db, ctx.team.id, ms === 'off' ? 0 : ms, ctx.now);
  await ctx.reply(ms === 'off' ? ctx.t(IX.remindOff) : ctx.t(IX.remindSet, { every: formatDuration(ms, ctx.locale) }));
}
