/** The morning inspections as an export (/export inspections): one row per checklist item per day. */
import { sql } from 'drizzle-orm';
import { pagedRows, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { query } from '../../db/client';
import { t } from '../../i18n';
import type { ItemState } from './items';

const x = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const STATE = { pending: x('未确认', 'pending'), ok: x('正常', 'ok'), problem: x('有问题', 'problem') };
const PREFILL = { ok: x('数据正常', 'data ok'), issue: x('数据有异常', 'data shows an issue'), none: x('', '') };

interface Row {
  id: number;
  day: string;
  posted_at: Date;
  deadline_at: Date;
  completed_at: Date | null;
  escalated: boolean;
  items: ItemState[];
}

async function* rows(ctx: ExportContext) {
  const { deps, team, range } = ctx;
  const locale = localeOf(deps.config, team);
  const yes = t(locale, x('是', 'yes'));
  for await (const r of pagedRows<Row, string>(
    (after, size) =>
      query<Row>(
        deps.db,
        sql`select id, day::text as day, posted_at, deadline_at, completed_at, escalated, items
            from inspections
            where team_id = ${team.id} and day >= ${range.fromDay} and day <= ${range.toDay}
              and day > ${after ?? '1970-01-01'}
            order by day limit ${size}`,
      ),
    (r) => r.day,
    200,
  )) {
    const done = r.completed_at ? new Date(r.completed_at) : null;
    const late = done ? done.getTime() > new Date(r.deadline_at).getTime() : false;
    for (const [i, it] of (r.items ?? []).entries())
      yield [
        r.day,
        i + 1,
        it.name,
        t(locale, STATE[it.state] ?? STATE.pending),
        it.prefill ? t(locale, PREFILL[it.prefill.status] ?? PREFILL.none) : '',
        ctx.nameOf(it.by),
        it.at ? new Date(it.at) : null,
        it.note ?? '',
        ctx.nameOf(it.owner),
        done,
        late ? yes : '',
        r.escalated ? yes : '',
      ];
  }
}

export const inspectionExport: ExportKind = {
  kind: 'inspections',
  aliases: ['inspection', 'inspect', '巡店'],
  title: x('巡店记录', 'Inspections'),
  columns: [
    { title: x('日期', 'Day'), type: 'date' },
    { title: x('序号', 'No.'), type: 'int' },
    { title: x('检查项', 'Item'), type: 'text', summary: 'count' },
    { title: x('结果', 'Result'), type: 'text', summary: 'count' },
    { title: x('数据预填', 'Prefilled'), type: 'text' },
    { title: x('确认人', 'Confirmed by'), type: 'text' },
    { title: x('确认时间', 'Confirmed'), type: 'datetime' },
    { title: x('备注', 'Note'), type: 'text', width: 30 },
    { title: x('跟进人', 'Owner'), type: 'text' },
    { title: x('全部完成时间', 'Completed'), type: 'datetime' },
    { title: x('超时完成', 'Late'), type: 'text', summary: 'count' },
    { title: x('已升级', 'Escalated'), type: 'text' },
  ],
  rows,
};
