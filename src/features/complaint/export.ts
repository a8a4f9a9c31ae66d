/** Serious complaints as an export (/export complaints): one row per complaint logged in the period. */
import { sql } from 'drizzle-orm';
import { recordsInRange, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';

const x = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const STATUS = { open: x('处理中', 'open'), claimed: x('处理中', 'open'), resolved: x('已结案', 'closed') };

interface Row {
  id: number;
  created_at: Date;
  store_name: string;
  order_id: string;
  wants: string;
  amount: number | null;
  category: string;
  responsibility: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  owner_open_id: string;
  done: Record<string, string>;
  breaches: string[];
  root_cause: { cause: string; text: string } | null;
  prevention: string | null;
}

async function* rows(ctx: ExportContext) {
  const { deps, team } = ctx;
  const locale = localeOf(deps.config, team);
  for await (const r of recordsInRange<Row>(ctx, {
    select: sql`select id, created_at, store_name, order_id, wants, amount, category, responsibility, closed_at,
              closed_by, owner_open_id, done, breaches, root_cause, prevention
            from complaints`,
    at: 'created_at',
  }))
    yield [
      Number(r.id),
      new Date(r.created_at),
      r.store_name,
      r.order_id,
      r.wants,
      r.amount,
      r.category,
      r.responsibility ?? '',
      t(locale, r.closed_at ? STATUS.resolved : STATUS.open),
      ctx.nameOf(r.owner_open_id),
      Object.keys(r.done ?? {}).length,
      (r.breaches ?? []).join('、'),
      r.closed_at ? new Date(r.closed_at) : null,
      ctx.nameOf(r.closed_by),
      r.root_cause ? [r.root_cause.cause, r.root_cause.text].filter(Boolean).join('：') : '',
      r.prevention ?? '',
    ];
}

export const complaintExport: ExportKind = {
  kind: 'complaints',
  aliases: ['complaint', '客诉'],
  title: x('严重客诉', 'Serious complaints'),
  columns: [
    { title: x('编号', 'ID'), type: 'int' },
    { title: x('登记时间', 'Logged'), type: 'datetime' },
    { title: x('店铺', 'Store'), type: 'text', summary: 'count' },
    { title: x('订单号', 'Order'), type: 'text', width: 22 },
    { title: x('客户诉求', 'Customer wants'), type: 'text', width: 30 },
    { title: x('金额', 'Amount'), type: 'money', summary: 'sum' },
    { title: x('类别', 'Category'), type: 'text', summary: 'count' },
    { title: x('责任', 'Responsibility'), type: 'text', summary: 'count' },
    { title: x('状态', 'Status'), type: 'text', summary: 'count' },
    { title: x('负责人', 'Owner'), type: 'text' },
    { title: x('已完成环节', 'Steps done'), type: 'int' },
    { title: x('超时环节', 'SLA breaches'), type: 'text' },
    { title: x('结案时间', 'Closed'), type: 'datetime' },
    { title: x('结案人', 'Closed by'), type: 'text' },
    { title: x('根因', 'Root cause'), type: 'text', width: 30 },
    { title: x('预防措施', 'Prevention'), type: 'text', width: 30 },
  ],
  rows,
};
