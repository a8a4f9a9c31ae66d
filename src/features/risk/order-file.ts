/**
 * An order export (CSV/XLSX) as reported orders (pure): the header row (订单号 and at least one of
 * 收货地区 / 物流更新时间 / 买家退款次数, or the API's own names), one order a row; each row checked
 * by the API's own schema, so a file and a batch are refused for the same reasons. Times without an
 * offset are the team's local time. Nothing here stores anything.
 */
import { DateTime } from 'luxon';
import { normalizeLabel } from '../kpi/headers';
import type { Cell } from '../kpi/values';
import { Order, type ReportedOrder } from './api';

type Column = 'id' | 'store' | 'buyer' | 'amount' | 'region' | 'logistics' | 'delivered' | 'refunds';

const LABELS: Record<Column, string[]> = {
  id: ['订单号', '订单编号', '订单id', '主订单编号', 'order_id', 'orderid', 'id'],
  store: ['店铺', '店铺名称', '店铺名', 'store', 'shop'],
  buyer: ['买家', '买家昵称', '买家会员名', 'buyer'],
  amount: ['金额', '订单金额', '实付金额', '买家实付金额', 'amount'],
  region: ['收货地区', '收货省份', '收货地址', '地区', 'address_region', 'region'],
  logistics: ['物流更新时间', '最后物流时间', '物流最后更新', 'logistics_updated_at'],
  delivered: ['已签收', '签收', '是否签收', 'delivered'],
  refunds: ['买家退款次数', '退款次数', '历史退款次数', 'buyer_refunds', 'refunds'],
};
const byLabel = new Map(
  Object.entries(LABELS).flatMap(([col, labels]) => labels.map((l) => [normalizeLabel(l), col as Column])),
);
const columnOf = (cell: unknown): Column | undefined => byLabel.get(normalizeLabel(cell));

export function isOrderHeader(cells: readonly unknown[]): boolean {
  const cols = new Set(cells.map(columnOf));
  return cols.has('id') && (cols.has('region') || cols.has('logistics') || cols.has('refunds'));
}

export interface FileRefusal {
  line: number;
  reason: string;
}

export type OrderFile = { orders: ReportedOrder[]; refused: FileRefusal[] } | { problem: 'no_header' | 'no_rows' };

const text = (c: Cell): string =>
  (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c)).trim();

function timeOf(c: Cell, zone: string): string | undefined {
  if (c instanceof Date) return c.toISOString();
  const s = text(c);
  if (!s) return undefined;
  const iso = DateTime.fromISO(s, { setZone: true });
  if (iso.isValid && /[zZ]|[+-]\d\d:?\d\d$/.test(s)) return iso.toISO()!;
  for (const f of [
    'yyyy-MM-dd HH:mm:ss',
    'yyyy-MM-dd HH:mm',
    'yyyy/MM/dd HH:mm:ss',
    'yyyy/M/d HH:mm',
    "yyyy-MM-dd'T'HH:mm:ss",
  ]) {
    const d = DateTime.fromFormat(s, f, { zone });
    if (d.isValid) return d.toISO()!;
  }
  return s; // the schema says why it is not a time
}

const YES = /^(1|是|yes|y|true|已签收|签收)$/i;
const NO = /^(0|否|no|n|false|未签收)?$/i;

/** The orders of a sheet's rows; `store` fills a file without a store column (a one-store team). */
export function readOrderRows(rows: readonly Cell[][], zone: string, store?: string): OrderFile {
  const h = rows.slice(0, 30).findIndex((r) => isOrderHeader(r));
  if (h < 0) return { problem: 'no_header' };
  const at: Partial<Record<Column, number>> = {};
  rows[h]!.forEach((cell, i) => {
    const c = columnOf(cell);
    if (c && at[c] === undefined) at[c] = i;
  });
  const orders: ReportedOrder[] = [];
  const refused: FileRefusal[] = [];
  rows.slice(h + 1).forEach((r, k) => {
    const line = h + k + 2;
    const cell = (c: Column) => (at[c] === undefined ? undefined : r[at[c]!]);
    if (!text(cell('id'))) return; // an empty or summary row
    const num = (c: Column) => {
      const s = text(cell(c)).replace(/[¥￥,，元]/g, '');
      return s === '' ? undefined : Number(s);
    };
    const delivered = text(cell('delivered'));
    const raw = {
      id: text(cell('id')),
      store: text(cell('store')) || store,
      ...(text(cell('buyer')) ? { buyer: text(cell('buyer')) } : {}),
      ...(num('amount') !== undefined ? { amount: num('amount') } : {}),
      ...(text(cell('region')) ? { address_region: text(cell('region')) } : {}),
      ...(timeOf(cell('logistics'), zone) ? { logistics_updated_at: timeOf(cell('logistics'), zone) } : {}),
      ...(YES.test(delivered) ? { delivered: true } : NO.test(delivered) ? {} : { delivered: delivered as never }),
      ...(num('refunds') !== undefined ? { buyer_refunds: num('refunds') } : {}),
    };
    const parsed = Order.safeParse(raw);
    if (parsed.success) orders.push(parsed.data);
    else refused.push({ line, reason: parsed.error.issues.map((i) => i.message).join('；') });
  });
  if (!orders.length && !refused.length) return { problem: 'no_rows' };
  return { orders, refused };
}
