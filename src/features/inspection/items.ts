/**
 * The inspection's items (pure): the ten standard ones of domain.md §1, a team's edits of its
 * list, and what a confirmation does to one item of an inspection in progress.
 */

/** Where an item's pre-fill comes from; items a team adds have none (a person checks them). */
export type SourceKey =
  | 'accounts'
  | 'offline'
  | 'crossdept'
  | 'violations'
  | 'kpi'
  | 'scores'
  | 'satisfaction'
  | 'bot'
  | 'refunds'
  | 'reviews';

export interface ItemDef {
  name: string;
  hint?: string;
  source?: SourceKey;
}

export const DEFAULT_ITEMS: readonly ItemDef[] = [
  { name: '账号状态', hint: '各平台店铺账号已登录、正常接待', source: 'accounts' },
  { name: '离线消息', hint: '夜间离线留言优先回复', source: 'offline' },
  { name: '跨部门信息', hint: '运营、仓库、物流群无遗漏', source: 'crossdept' },
  { name: '违规投诉', hint: '后台违规、投诉、扣分立即处理', source: 'violations' },
  { name: '客服数据', hint: '昨日服务与销售数据，异常说明原因', source: 'kpi' },
  { name: '平台指标', hint: '体验分、星级店铺指标是否下滑', source: 'scores' },
  { name: '满意度', hint: '低于目标时查看不满意明细', source: 'satisfaction' },
  { name: '机器人质检', hint: '客服高危行为', source: 'bot' },
  { name: '退款', hint: '超时未处理的退款退货', source: 'refunds' },
  { name: '评价', hint: '客服原因导致的中差评', source: 'reviews' },
];

/** Each item is ~11 card elements on Feishu: 15 and the rest of the card stay under its 200. */
export const MAX_ITEMS = 15;
export const MAX_ITEM_NAME = 20;

/** What the data says of an item when the card is posted. */
export interface Prefill {
  /** ok: the data says all clear; issue: the data shows something; none: no data to judge by. */
  status: 'ok' | 'issue' | 'none';
  /** The numbers behind it, one line each. */
  lines: string[];
}

export type ItemStatus = 'pending' | 'ok' | 'problem';

/** One item of an inspection: its definition, the pre-fill, and who confirmed what when. */
export interface ItemState extends ItemDef {
  prefill: Prefill;
  state: ItemStatus;
  by?: string;
  at?: string;
  note?: string;
  owner?: string;
}

export type ListEdit =
  { op: 'add'; name: string; hint?: string } | { op: 'remove'; n: number } | { op: 'move'; n: number; to: number };

export type EditResult =
  | { ok: true; items: ItemDef[] }
  | { ok: false; why: 'bad_number' | 'too_many' | 'duplicate' | 'bad_name' | 'last_item' };

/** The list after one edit; item numbers are 1-based as the card shows them. */
export function editItems(items: readonly ItemDef[], edit: ListEdit): EditResult {
  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= items.length;
  switch (edit.op) {
    case 'add': {
      const name = edit.name.trim();
      if (!name || [...name].length > MAX_ITEM_NAME) return { ok: false, why: 'bad_name' };
      if (items.length >= MAX_ITEMS) return { ok: false, why: 'too_many' };
      if (items.some((i) => i.name === name)) return { ok: false, why: 'duplicate' };
      return { ok: true, items: [...items, { name, ...(edit.hint?.trim() ? { hint: edit.hint.trim() } : {}) }] };
    }
    case 'remove':
      if (!inRange(edit.n)) return { ok: false, why: 'bad_number' };
      if (items.length === 1) return { ok: false, why: 'last_item' };
      return { ok: true, items: items.filter((_, i) => i !== edit.n - 1) };
    case 'move': {
      if (!inRange(edit.n) || !inRange(edit.to)) return { ok: false, why: 'bad_number' };
      const out = [...items];
      const [moved] = out.splice(edit.n - 1, 1);
      out.splice(edit.to - 1, 0, moved!);
      return { ok: true, items: out };
    }
  }
}

export type Confirm =
  | { n: number; state: 'ok' }
  | { n: number; state: 'problem'; note: string; owner: string }
  /** "其余全部正常": every item still pending. */
  | { rest: true };

export type ConfirmResult =
  | { changed: true; items: ItemState[]; touched: number[] }
  | { changed: false; why: 'bad_number' | 'same' | 'nothing_pending' };

/**
 * One person's confirmation. Pressing what is already there by the same person changes nothing
 * (a double click acts once); anyone may correct an item (the latest confirmation stands).
 */
export function confirm(items: readonly ItemState[], c: Confirm, by: string, at: Date): ConfirmResult {
  const stamp = { by, at: at.toISOString() };
  if ('rest' in c) {
    const touched = items.flatMap((it, i) => (it.state === 'pending' ? [i + 1] : []));
    if (!touched.length) return { changed: false, why: 'nothing_pending' };
    return {
      changed: true,
      touched,
      items: items.map((it) => (it.state === 'pending' ? { ...strip(it), state: 'ok', ...stamp } : it)),
    };
  }
  const cur = items[c.n - 1];
  if (!Number.isInteger(c.n) || !cur) return { changed: false, why: 'bad_number' };
  if (c.state === 'ok' && cur.state === 'ok' && cur.by === by) return { changed: false, why: 'same' };
  if (c.state === 'problem' && cur.state === 'problem' && cur.note === c.note && cur.owner === c.owner)
    return { changed: false, why: 'same' };
  const next: ItemState =
    c.state === 'ok'
      ? { ...strip(cur), state: 'ok', ...stamp }
      : { ...strip(cur), state: 'problem', ...stamp, note: c.note, owner: c.owner };
  return { changed: true, touched: [c.n], items: items.map((it, i) => (i === c.n - 1 ? next : it)) };
}

function strip(it: ItemState): ItemState {
  const { by: _b, at: _a, note: _n, owner: _o, ...rest } = it;
  return rest;
}

export const progress = (items: readonly ItemState[]) => ({
  done: items.filter((i) => i.state !== 'pending').length,
  total: items.length,
  problems: items.filter((i) => i.state === 'problem').length,
});

export const isComplete = (items: readonly ItemState[]): boolean => items.every((i) => i.state !== 'pending');
