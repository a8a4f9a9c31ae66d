/** Store anomalies as an export (/export anomalies): one row per anomaly reported in the period. */
import { sql } from 'drizzle-orm';
import { recordsInRange, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { kindName } from './kinds';

const x = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const STATUS = { open: x('待处理', 'open'), claimed: x('处理中', 'claimed'), resolved: x('已解决', 'resolved') };

interface Row {
  id: number;
  reported_at: Date;
  store_name: string;
  kind: string;
  description: string;
  report_count: number;
  reporter_open_id: string;
  status: keyof typeof STATUS;
  claimed_at: Date | null;
  claimed_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
  unreached_at: Date | null;
}

const minutes = (a: Date | null, b: Date) => (a ? Math.round(((a.getTime() - b.getTime()) / 60_000) * 10) / 10 : null);

async function* rows(ctx: ExportContext) {
  const { deps, team } = ctx;
  const locale = localeOf(deps.config, team);
  const yes = t(locale, x('是', 'yes'));
  for await (const r of recordsInRange<Row>(ctx, {
    select: sql`select id, reported_at, store_name, kind, description, report_count, reporter_open_id, status,
              claimed_at, claimed_by, resolved_at, resolved_by, resolution_note, unreached_at
            from anomalies`,
    at: 'reported_at',
  }))
    yield [
      Number(r.id),
      new Date(r.reported_at),
      r.store_name,
      t(locale, kindName(r.kind)),
      r.description,
      r.report_count,
      ctx.nameOf(r.reporter_open_id),
      t(locale, STATUS[r.status] ?? STATUS.open),
      r.claimed_at ? new Date(r.claimed_at) : null,
      ctx.nameOf(r.claimed_by),
      minutes(r.claimed_at ? new Date(r.claimed_at) : null, new Date(r.reported_at)),
      r.resolved_at ? new Date(r.resolved_at) : null,
      ctx.nameOf(r.resolved_by),
      r.resolution_note ?? '',
      r.unreached_at ? yes : '',
    ];
}

export const anomalyExport: ExportKind = {
  kind: 'anomalies',
  aliases: ['anomaly', '异常'],
  title: x('店铺异常', 'Store anomalies'),
  columns: [
    { title: x('编号', 'ID'), type: 'int' },
    { title: x('上报时间', 'Reported'), type: 'datetime' },
    { title: x('店铺', 'Store'), type: 'text', summary: 'count' },
    { title: x('类型', 'Kind'), type: 'text', summary: 'count' },
    { title: x('描述', 'Description'), type: 'text', width: 40 },
    { title: x('上报次数', 'Reports'), type: 'int', summary: 'sum' },
    { title: x('上报人', 'Reporter'), type: 'text' },
    { title: x('状态', 'Status'), type: 'text', summary: 'count' },
    { title: x('认领时间', 'Claimed'), type: 'datetime' },
    { title: x('认领人', 'Claimed by'), type: 'text' },
    { title: x('响应用时（分钟）', 'Minutes to claim'), type: 'minutes', summary: 'avg' },
    { title: x('解决时间', 'Resolved'), type: 'datetime' },
    { title: x('解决人', 'Resolved by'), type: 'text' },
    { title: x('处理说明', 'Resolution'), type: 'text', width: 30 },
    { title: x('无人接听', 'Nobody answered'), type: 'text', summary: 'count' },
  ],
  rows,
};
