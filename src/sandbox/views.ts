/**
 * What the console page receives besides what the platform's driver shows: the demo people with
 * the roles the bot has on record, the clock and the jobs. Never the app secret or the encrypt key.
 */
import { desc } from 'drizzle-orm';
import { ManualClock } from '../clock';
import type { Deps } from '../core/deps';
import { effectiveRole } from '../core/people';
import { findTeam, listMembers } from '../core/teams';
import { jobRuns, type Role } from '../db/schema';
import { t } from '../i18n';
import { ROLE_NAMES } from '../i18n/messages';
import type { SandboxDriver } from './driver';
import { DEMO_PEOPLE } from './team';

/** Where the console downloads a file message's file (console-routes.ts). */
export const fileHref = (messageId: string) => `/sandbox/console/files/${encodeURIComponent(messageId)}`;

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

/** The demo team's row in the bot's database (undefined until the first message reached it). */
export const demoTeam = (driver: SandboxDriver, deps: Deps) =>
  findTeam(deps.db, { platform: driver.platform, tenantKey: driver.tenantKey, chatId: driver.groupChatId });

export async function roster(driver: SandboxDriver, deps: Deps | undefined): Promise<Person[]> {
  const roles = new Map<string, Role>();
  if (deps) {
    const team = await demoTeam(driver, deps);
    if (team) for (const m of await listMembers(deps.db, team.id)) roles.set(m.openId, effectiveRole(deps, m));
  }
  return DEMO_PEOPLE.map((p) => {
    const openId = driver.personId(p.name);
    const role = roles.get(openId);
    return {
      openId,
      name: p.name,
      // DingTalk's group API names no owner: the supervisor is one by /setup, not as the owner.
      title: driver.platform === 'dingtalk' ? p.title.replace(' · 群主', '') : p.title,
      ...(role ? { role, roleName: ROLE_NAMES[role]['zh-CN'] } : {}),
      p2pChatId: driver.p2pChatId(p.name),
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
