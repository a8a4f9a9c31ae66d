/**
 * What the console page receives: the tenant's chats and people, messages as HTML, the buzz and
 * violation logs, the clock and the jobs. Never the app secret or the encrypt key.
 */
import { desc } from 'drizzle-orm';
import { ManualClock } from '../clock';
import type { Deps } from '../core/deps';
import { effectiveRole } from '../core/people';
import { findTeam, listMembers } from '../core/teams';
import { jobRuns, type Role } from '../db/schema';
import type { ApiCall, Delivery, FeishuEmulator, StoredMessage, UrgentCall, Violation } from '../emulator/feishu';
import { RULE_TEXTS } from '../emulator/feishu/rule-texts';
import { t } from '../i18n';
import { ROLE_NAMES } from '../i18n/messages';
import type { PeopleLookup } from './render/escape';
import { showMessage, summary, type ShownMessage } from './render/message';
import { DEMO_PEOPLE, GROUP_NAME, sandboxIds } from './team';

export function peopleOf(emulator: FeishuEmulator): PeopleLookup {
  return (openId) => (openId === emulator.bot.openId ? emulator.bot.name : emulator.user(openId)?.name);
}

/** Where the console downloads a file message's file (console-routes.ts). */
export const fileHref = (messageId: string) => `/sandbox/console/files/${encodeURIComponent(messageId)}`;

export function shownMessage(emulator: FeishuEmulator, m: StoredMessage): ShownMessage {
  return showMessage(m, peopleOf(emulator), m.parentId ? emulator.message(m.parentId) : undefined, {
    size: (key) => emulator.file(key)?.bytes.length,
    href: fileHref,
  });
}

const KIND_NAMES = { app: '应用内加急', sms: '短信加急', phone: '电话加急' } as const;

export function shownUrgent(emulator: FeishuEmulator, c: UrgentCall) {
  const people = peopleOf(emulator);
  const m = emulator.message(c.messageId);
  return {
    time: c.time,
    kind: c.kind,
    kindName: KIND_NAMES[c.kind],
    messageId: c.messageId,
    chatId: m?.chatId,
    about: m ? summary(m, people) : c.messageId,
    callees: c.callees.map((id) => people(id) ?? id),
    invalid: c.invalid,
    result: c.result === 'ok' ? 'ok' : `${c.result.code} ${c.result.msg}`,
  };
}

export const shownViolation = (v: Violation) => ({ ...v, ruleText: RULE_TEXTS[v.rule] });
export const shownCall = (c: ApiCall) => ({
  seq: c.seq,
  time: c.time,
  method: c.method,
  path: c.path,
  status: c.status,
  code: c.code,
  msg: c.msg,
  dedup: c.dedup,
});
export const shownDelivery = (d: Delivery) => ({
  time: d.time,
  eventType: d.eventType,
  status: d.status,
  elapsedMs: d.elapsedMs,
  error: d.error,
});

export interface Person {
  openId: string;
  name: string;
  title: string;
  /** The role the bot has on record for this person in 客服一组 (undefined: not met yet). */
  role?: Role;
  /** The role as the console shows it (the console is in zh-CN). */
  roleName?: string;
  p2pChatId: string;
}

export async function roster(emulator: FeishuEmulator, deps: Deps | undefined): Promise<Person[]> {
  const roles = new Map<string, Role>();
  if (deps) {
    const team = await findTeam(deps.db, {
      platform: 'feishu',
      tenantKey: emulator.tenantKey,
      chatId: sandboxIds.groupChatId,
    });
    if (team) for (const m of await listMembers(deps.db, team.id)) roles.set(m.openId, effectiveRole(deps, m));
  }
  return DEMO_PEOPLE.map((p) => {
    const { openId } = sandboxIds.person(p.name);
    const role = roles.get(openId);
    return {
      openId,
      name: p.name,
      title: p.title,
      ...(role ? { role, roleName: ROLE_NAMES[role]['zh-CN'] } : {}),
      p2pChatId: sandboxIds.p2pChatId(p.name),
    };
  });
}

export function clockView(deps: Deps | undefined) {
  const clock = deps?.clock;
  return {
    now: (clock ?? { now: () => new Date() }).now().getTime(),
    aheadMs: clock instanceof ManualClock ? clock.offset : 0,
    movable: clock instanceof ManualClock,
    timeZone: deps?.config.timeZone ?? 'Asia/Shanghai',
  };
}

export async function jobsView(deps: Deps | undefined) {
  const last = new Map<string, { slot: string; startedAt: number; outcome: string | null }>();
  if (deps) {
    const rows = await deps.db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt)).limit(200);
    for (const r of rows)
      if (!last.has(r.job)) last.set(r.job, { slot: r.slot, startedAt: r.startedAt.getTime(), outcome: r.outcome });
  }
  const locale = deps?.config.locale ?? 'zh-CN';
  return (deps?.app.jobs ?? []).map((j) => ({
    name: j.name,
    description: t(locale, j.description),
    schedule: j.schedule,
    lastRun: last.get(j.name) ?? null,
  }));
}

export function chatsView(emulator: FeishuEmulator) {
  return emulator.chats().map((c) => ({
    chatId: c.chatId,
    name: c.type === 'group' ? c.name || GROUP_NAME : c.name,
    type: c.type,
    ownerOpenId: c.ownerOpenId,
    memberOpenIds: c.memberOpenIds,
  }));
}
