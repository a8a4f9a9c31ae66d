/** What /risk does, behind the thin definition in commands/risk.ts. */
import type { CommandContext } from '../../core/context';
import { effectiveRole } from '../../core/people';
import { formatDuration } from '../../domain/duration';
import { teamPeople } from '../duty/roster';
import { reasonsShort } from './card';
import { loadRules, openWarnings, saveRules } from './repo';
import { parseRuleWords, type RiskRules } from './rules';
import { RX } from './texts';

const SHOWN = 20;

/** `/risk`: the open warnings, oldest first, with who is on each. */
export async function listText(ctx: CommandContext) {
  const rows = await openWarnings(ctx.deps.db, ctx.team.id);
  if (!rows.length) return ctx.reply(ctx.t(RX.listNone));
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  const lines = rows.slice(0, SHOWN).map((o) => {
    const who = o.claimedBy ? (names.get(o.claimedBy) ?? o.claimedBy) : '';
    const state =
      o.status === 'open'
        ? ctx.t(RX.stateOpen, { ago: formatDuration(ctx.now.getTime() - o.warnedAt!.getTime(), ctx.locale) })
        : ctx.t(o.outcome === 'contacted' ? RX.stateContacted : RX.stateClaimed, { who });
    return ctx.t(RX.listLine, {
      id: o.id,
      store: o.storeName,
      order: o.orderId,
      reasons: reasonsShort(ctx.locale, o.reasons),
      state,
    });
  });
  if (rows.length > SHOWN) lines.push(ctx.t(RX.listMore, { n: rows.length - SHOWN }));
  return ctx.reply([ctx.t(RX.listTitle, { n: rows.length }), ...lines].join('\n'));
}

export function rulesLines(ctx: Pick<CommandContext, 't'>, r: RiskRules): string[] {
  const off = ctx.t(RX.ruleOff);
  return [
    ctx.t(RX.rulesTitle),
    ctx.t(RX.ruleStale, { v: r.staleHours === null ? off : ctx.t(RX.hoursValue, { n: r.staleHours }) }),
    ctx.t(RX.ruleRegions, { v: r.regions.length ? r.regions.join('、') : off }),
    ctx.t(RX.ruleAmount, { v: r.amountAtLeast === null ? off : `¥${r.amountAtLeast}` }),
    ctx.t(RX.ruleRefunds, { v: r.refundsAtLeast === null ? off : ctx.t(RX.refundsValue, { n: r.refundsAtLeast }) }),
  ];
}

/** `/risk rules [stale=48h] [regions=…] [amount=…] [refunds=…]`: shows them, or changes them (leaders, supervisors). */
export async function rulesCommand(ctx: CommandContext, words: string[]) {
  if (!words.length) {
    const rules = await loadRules(ctx.deps.db, ctx.team.id);
    return ctx.reply([...rulesLines(ctx, rules), '', ctx.t(RX.rulesHow)].join('\n'));
  }
  const role = effectiveRole(ctx.deps, ctx.caller);
  if (role !== 'leader' && role !== 'supervisor') return ctx.reply(ctx.t(RX.rulesNotAllowed));
  const parsed = parseRuleWords(words);
  if ('why' in parsed) {
    if (parsed.why === 'bad_value') return ctx.reply(ctx.t(RX.rulesBadValue, { key: parsed.key, value: parsed.value }));
    return ctx.reply(`${ctx.t(RX.rulesUnknown, { word: parsed.why === 'unknown' ? parsed.word : '' })}`);
  }
  const rules = await ctx.deps.db.transaction((tx) =>
    saveRules(tx, ctx.team.id, parsed.changes, ctx.caller.openId, ctx.now),
  );
  return ctx.reply([ctx.t(RX.rulesSaved), ...rulesLines(ctx, rules)].join('\n'));
}
