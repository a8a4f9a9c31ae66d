/** What `/complaint new` and its form card were given, checked the same way for both. */
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import type { Translate } from '../../i18n';
import { activeStores } from '../stores/repo';
import { matchStore, noStoreMatch } from '../stores/rules';
import { CATEGORIES, MAX_TEXT, matchCategory, orderLooksRight, parseMoney, type Category } from './rules';
import type { OpenInput } from './service';
import { CATEGORY_NAMES, CX } from './texts';

export const categoryList = (tr: Translate) => CATEGORIES.map((c) => `${c}（${tr(CATEGORY_NAMES[c])}）`).join(' ');

/** An amount as written, or the sentence saying why not. */
export function readAmount(
  ctx: { t: Translate },
  word: string | undefined,
): { yuan: number | null } | { problem: string } {
  if (word === undefined) return { yuan: null };
  const m = parseMoney(word);
  if ('yuan' in m) return { yuan: m.yuan };
  return { problem: ctx.t(m.problem === 'ambiguous' ? CX.amountAmbiguous : CX.amountBad, { word }) };
}

export interface NewArgs {
  store?: string;
  order?: string;
  wants?: string;
  amount?: string;
  category?: string;
  crisis?: string;
}

/** What `/complaint new` and its form were given, checked: the complaint to open, or why not. */
export type NewCheck =
  { problem: string; usage: boolean } | { input: Omit<OpenInput, 'owner' | 'source'>; warning?: string };

export async function checkNew(deps: Deps, team: Team, tr: Translate, a: NewArgs): Promise<NewCheck> {
  const store = (a.store ?? '').trim();
  const order = (a.order ?? '').trim();
  const wants = (a.wants ?? '').trim();
  if (!store) return { problem: tr(CX.needStore), usage: true };
  if (!order) return { problem: tr(CX.needOrder), usage: true };
  if (!wants) return { problem: tr(CX.needWants), usage: true };
  if (wants.length > MAX_TEXT || order.length > 64) return { problem: tr(CX.tooLong, { n: MAX_TEXT }), usage: true };
  const amount = readAmount({ t: tr }, a.amount?.trim() || undefined);
  if ('problem' in amount) return { problem: amount.problem, usage: true };
  let category: Category = 'other';
  if (a.category?.trim()) {
    const c = matchCategory(a.category.trim());
    if (!c) return { problem: tr(CX.badCategory, { word: a.category.trim(), list: categoryList(tr) }), usage: true };
    category = c;
  }
  const stores = await activeStores(deps.db, team.id);
  const { store: found, candidates } = matchStore(stores, store);
  if (!found) return { problem: noStoreMatch(tr, store, stores, candidates), usage: false };
  const warning = orderLooksRight(found.platform, order)
    ? undefined
    : tr(CX.orderWarn, { order, platform: found.platform });
  return {
    input: {
      store: found,
      orderId: order,
      wants,
      amount: amount.yuan,
      category,
      crisis: a.crisis !== undefined && /^(1|yes|y|true|是|有)$/i.test(a.crisis.trim()),
      ...(warning ? { orderWarning: warning } : {}),
    },
    ...(warning ? { warning } : {}),
  };
}
