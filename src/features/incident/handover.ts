/**
 * "/incident store …" is a store anomaly: it goes to the anomaly feature's own report (the card,
 * @operations, the 5-minute phone escalation) — nothing of it is copied here.
 */
import type { CommandContext } from '../../core/context';
import { recogniseKind } from '../anomaly/kinds';
import { reportAnomaly } from '../anomaly/report';
import { activeStores } from '../stores/repo';
import { matchStore, noStoreMatch } from '../stores/rules';
import { IX } from './texts';

export async function handOverToAnomaly(ctx: CommandContext, words: string[]): Promise<void> {
  const [storeWord, ...what] = words;
  const description = what.join(' ').trim();
  if (!storeWord || !description) return ctx.reply(ctx.t(IX.handoverUsage));
  const stores = await activeStores(ctx.deps.db, ctx.team.id);
  const { store, candidates } = matchStore(stores, storeWord);
  if (!store) return ctx.reply(noStoreMatch(ctx.t, storeWord, stores, candidates));
  const r = await reportAnomaly(
    ctx.deps,
    ctx.team,
    { store, kind: recogniseKind(description), description, reporter: ctx.caller.openId, source: ctx.event.id },
    ctx.now,
  );
  ctx.deps.wake();
  if (r.outcome === 'duplicate') return;
  const vars = { id: r.anomaly.id, store: r.anomaly.storeName };
  await ctx.reply(ctx.t(r.outcome === 'merged' ? IX.handoverMerged : IX.handover, vars));
}
