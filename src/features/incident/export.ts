/**
 * Incidents as an export (/export incidents): one row per incident started in the period. A
 * private playbook's incident (staff health) keeps its description out of the file.
 */
import { sql } from 'drizzle-orm';
import { recordsInRange, type ExportContext, type ExportKind } from '../../core/export-def';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import type { IncidentStep, PlaybookSnapshot } from './schema';

const x = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const STATUS = { open: x('进行中', 'open'), claimed: x('已响应', 'acknowledged'), resolved: x('已关闭', 'closed') };

interface Row {
  id: number;
  started_at: Date;
  kind: string;
  severity: number;
  description: string;
  status: keyof typeof STATUS;
  reporter_open_id: string;
  playbook: PlaybookSnapshot;
  steps: IncidentStep[];
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  mitigated_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
  summary: string | null;
}

const d = (v: Date | null) => (v ? new Date(v) : null);
const minutes = (a: Date | null, b: Date) => (a ? Math.round(((a.getTime() - b.getTime()) / 60_000) * 10) / 10 : null);

async function* rows(ctx: ExportContext) {
  const { deps, team } = ctx;
  const locale = localeOf(deps.config, team);
  for await (const r of recordsInRange<Row>(ctx, {
    select: sql`select id, started_at, kind, severity, description, status, reporter_open_id, playbook, steps,
              acknowledged_at, acknowledged_by, mitigated_at, closed_at, closed_by, summary
            from incidents`,
    at: 'started_at',
  })) {
    const started = new Date(r.started_at);
    const steps = r.steps ?? [];
    yield [
      Number(r.id),
      started,
      r.playbook?.name || r.kind,
      r.severity,
      r.playbook?.private ? t(locale, x('（私密，不导出）', '(private, not exported)')) : r.description,
      t(locale, STATUS[r.status] ?? STATUS.open),
      ctx.nameOf(r.reporter_open_id),
      d(r.acknowledged_at),
      ctx.nameOf(r.acknowledged_by),
      minutes(d(r.acknowledged_at), started),
      d(r.mitigated_at),
      d(r.closed_at),
      ctx.nameOf(r.closed_by),
      minutes(d(r.closed_at), started),
      `${steps.filter((s) => s.doneAt).length}/${steps.length}`,
      r.summary ?? '',
    ];
  }
}

export const incidentExport: ExportKind = {
  kind: 'incidents',
  aliases: ['incident', '应急', '事件'],
  title: x('应急事件', 'Incidents'),
  columns: [
    { title: x('编号', 'ID'), type: 'int' },
    { title: x('开始时间', 'Started'), type: 'datetime' },
    { title: x('预案', 'Playbook'), type: 'text', summary: 'count' },
    { title: x('级别', 'Severity'), type: 'int', summary: 'count' },
    { title: x('描述', 'Description'), type: 'text', width: 40 },
    { title: x('状态', 'Status'), type: 'text', summary: 'count' },
    { title: x('发起人', 'Reporter'), type: 'text' },
    { title: x('响应时间', 'Acknowledged'), type: 'datetime' },
    { title: x('响应人', 'Acknowledged by'), type: 'text' },
    { title: x('响应用时（分钟）', 'Minutes to acknowledge'), type: 'minutes', summary: 'avg' },
    { title: x('缓解时间', 'Mitigated'), type: 'datetime' },
    { title: x('关闭时间', 'Closed'), type: 'datetime' },
    { title: x('关闭人', 'Closed by'), type: 'text' },
    { title: x('持续（分钟）', 'Minutes open'), type: 'minutes', summary: 'avg' },
    { title: x('步骤完成', 'Steps done'), type: 'text' },
    { title: x('总结', 'Summary'), type: 'text', width: 40 },
  ],
  rows,
};
