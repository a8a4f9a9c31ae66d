import { z } from 'zod';
import type { Config, Locale } from '../src/config';
import type { PlatformWords } from '../src/port/platform';
import { callsThisMonth } from '../src/outbox/health';
import { M } from '../src/i18n/messages';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { ROLES, withRole } from '../src/core/people';
import { canonicalZone, formatTimeOfDay } from '../src/core/schedule-rules';
import { schedulesOfTeam } from '../src/core/schedules';
import { refreshTeamInfo, setTeamLocale, setTeamTimeZone } from '../src/core/team-settings';
import { listMembers, localeOf, upsertMember } from '../src/core/teams';
import { mention } from '../src/cards/mention';
import { formatLocal, weekdayName } from '../src/domain/local-time';
import { t } from '../src/i18n';
import { activeStores } from '../src/features/stores/repo';
import { deliveryHealth } from '../src/outbox/health';
import { ROLE_NAMES } from '../src/i18n/messages';
import { card, divider, fields, interactive, markdown, note } from '../src/cards/card';
import { setupToken } from './setup-token';

const TX = {
  title: { 'zh-CN': '现场管家 · 本群设置', en: 'floorwalker · this team' },
  bound: { 'zh-CN': '本群已绑定为客服团队（{name}）。', en: 'This group is bound as a team ({name}).' },
  team: { 'zh-CN': '团队', en: 'Team' },
  zone: { 'zh-CN': '时区 / 语言', en: 'Time zone / language' },
  zoneLine: { 'zh-CN': '{zone}（当地 {now}）/ {locale}', en: '{zone} (local {now}) / {locale}' },
  localeDefault: { 'zh-CN': '{name}（部署默认）', en: '{name} (deployment default)' },
  changeHow: {
    'zh-CN': '主管可改：/setup timezone Europe/Berlin，/setup locale en',
    en: 'Supervisors change them: /setup timezone Europe/Berlin, /setup locale zh-CN',
  },
  schedules: { 'zh-CN': '定时任务（本地时间）', en: 'Schedules (local time)' },
  scheduleLine: { 'zh-CN': '{name}：{days} {time}{off}', en: '{name}: {days} {time}{off}' },
  scheduleOff: { 'zh-CN': '（已关闭）', en: ' (off)' },
  platform: { 'zh-CN': '平台', en: 'Platform' },
  sandbox: { 'zh-CN': '沙盒（本地模拟{platform}）', en: 'sandbox (local {platform} emulator)' },
  calls: { 'zh-CN': '本月 API 调用', en: 'API calls this month' },
  callsLine: {
    'zh-CN': '约 {used} / {limit} 次（标准版上限；超过后消息发不出去）',
    en: 'about {used} / {limit} (the standard edition’s limit; past it nothing can be sent)',
  },
  firstSupervisor: {
    'zh-CN':
      '👑 {who} 是第一个在本群运行 /setup 的人，已成为本群主管（钉钉不告诉机器人谁是群主）。主管可用 /role 调整角色。',
    en: '👑 {who} is the first to run /setup in this group and is now its supervisor (DingTalk does not tell the bot who owns a group). Supervisors change roles with /role.',
  },
  ownerUnknown: {
    'zh-CN': '钉钉不告诉机器人谁是群主：主管是 FLOORWALKER_ADMINS 里的人和第一个在本群运行 /setup 的人。',
    en: 'DingTalk does not tell the bot who owns a group: supervisors are FLOORWALKER_ADMINS and the first person to run /setup here.',
  },
  database: { 'zh-CN': '数据库', en: 'Database' },
  people: { 'zh-CN': '成员', en: 'People' },
  stores: { 'zh-CN': '店铺', en: 'Stores' },
  delivery: { 'zh-CN': '消息送达（24 小时）', en: 'Delivery (24 h)' },
  deliveryLine: {
    'zh-CN': '已送达 {sent} · 排队中 {pending} · 失败 {failed}',
    en: 'sent {sent} · queued {pending} · failed {failed}',
  },
  stuck: {
    'zh-CN': '⚠️ 最早的待发消息已等待 {minutes} 分钟，发送可能受阻。',
    en: '⚠️ The oldest queued message has waited {minutes} min: delivery may be stuck.',
  },
  healthy: { 'zh-CN': '✅ 没有发现送达问题。', en: '✅ No delivery problems.' },
  problem: { 'zh-CN': '❌ {explanation}（{count} 次，最近 {at}）', en: '❌ {explanation} ({count}×, last {at})' },
  chatInfo: {
    'zh-CN': '⚠️ 读不到群信息，无法自动把群主设为主管：{error}。请在开发者后台开通 im:chat:readonly 并发布新版本。',
    en: "⚠️ Cannot read the group's info, so its owner is not a supervisor yet: {error}. Add the im:chat:readonly scope and publish a new version.",
  },
  next: { 'zh-CN': '下一步', en: 'Next steps' },
  addStores: { 'zh-CN': '添加店铺：/store add 天猫旗舰店', en: 'Add stores: /store add "Tmall flagship"' },
  addOps: {
    'zh-CN': '指定运营同事（异常会 @ 他们）：/role @某人 运营',
    en: 'Name the operations people (anomalies @ them): /role @someone ops',
  },
  allSet: {
    'zh-CN': '基础设置已完成。发送 /help 看看还能做什么。',
    en: 'The basics are done. Send /help to see what else you can do.',
  },
};

const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文 (zh-CN)', en: 'English (en)' };

/** What people type for a language; "default" goes back to the deployment's FLOORWALKER_LOCALE. */
const LOCALE_WORDS: Record<string, Locale | null> = {
  'zh-cn': 'zh-CN',
  zh: 'zh-CN',
  cn: 'zh-CN',
  中文: 'zh-CN',
  简体中文: 'zh-CN',
  汉语: 'zh-CN',
  en: 'en',
  'en-us': 'en',
  english: 'en',
  英文: 'en',
  英语: 'en',
  default: null,
  默认: null,
};

const SETTINGS_TX = {
  badZone: {
    'zh-CN':
      '没有改动：「{zone}」不是时区名。请用 IANA 时区名，例如 Asia/Shanghai、Asia/Tokyo、Europe/Berlin、America/New_York。',
    en: 'Nothing changed: "{zone}" is not a time zone. Use an IANA name such as Asia/Shanghai, Asia/Tokyo, Europe/Berlin or America/New_York.',
  },
  zoneSame: { 'zh-CN': '本群时区已经是 {zone}，没有改动。', en: 'This team is on {zone} already; nothing changed.' },
  zoneSet: {
    'zh-CN': '已把本群时区从 {from} 改为 {zone}（当地现在 {now}）。值班表和定时任务按新时区的当地时间执行。',
    en: "Changed this team's time zone from {from} to {zone} (local time now {now}). Rosters and schedules follow the new local time.",
  },
  badLocale: {
    'zh-CN': '没有改动：「{locale}」不是支持的语言。可选：zh-CN（中文）、en（English），或 default（部署默认）。',
    en: 'Nothing changed: "{locale}" is not a supported language. Choose zh-CN (中文), en (English), or default (the deployment\'s).',
  },
  localeSame: { 'zh-CN': '本群语言已经是 {name}，没有改动。', en: 'This team already speaks {name}; nothing changed.' },
  localeSet: { 'zh-CN': '好的，以后我在本群说中文。', en: 'OK — from now on I speak English in this team.' },
  localeReset: {
    'zh-CN': '好的，本群语言恢复为部署默认：{name}。',
    en: "OK — this team is back to the deployment's language: {name}.",
  },
};

function zoneLine(locale: Locale, team: { timeZone: string; locale: Locale | null }, now: Date): string {
  const name = LOCALE_NAMES[locale];
  return t(locale, TX.zoneLine, {
    zone: team.timeZone,
    now: formatLocal(now, team.timeZone, locale),
    locale: team.locale ? name : t(locale, TX.localeDefault, { name }),
  });
}

/** "周一至周五" reads better than five names; any other set is listed. */
function weekdaysText(locale: Locale, days: readonly number[]): string {
  const key = days.join(',');
  if (key === '1,2,3,4,5') return locale === 'en' ? 'Mon–Fri' : '周一至周五';
  if (key === '1,2,3,4,5,6,7') return locale === 'en' ? 'daily' : '每天';
  return days.map((d) => weekdayName(d, locale)).join(locale === 'en' ? ', ' : '、');
}

function platformLine(
  ctx: { t: (x: { 'zh-CN': string; en: string }, v?: Record<string, string | number>) => string },
  words: PlatformWords,
  deps: { config: Config },
): string {
  const name = ctx.t(words.name);
  if (deps.config.platform === 'sandbox') return ctx.t(TX.sandbox, { platform: name });
  const mode = deps.config.platform === 'dingtalk' ? deps.config.dingtalk.eventMode : deps.config.feishu.eventMode;
  return `${name} · ${mode}`;
}

export const setup = defineCommand({
  name: 'setup',
  aliases: ['设置'],
  description: {
    'zh-CN': '绑定本群为团队；查看配置和消息送达情况',
    en: 'Bind this group as a team; show its configuration and delivery health',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '查看本群设置与送达情况', en: 'Show configuration and delivery health' },
      example: '/setup',
      // Leaders and supervisors; on a platform that names no group owner (DingTalk), also whoever
      // runs it first in a group that has no supervisor yet, who becomes one (checked below).
      roles: ['leader', 'agent', 'ops'],
      args: z.object({}),
      run: async (ctx) => {
        const { deps, team, now } = ctx;
        const platform = deps.platformFor(team.platform);
        let firstSupervisor = false;
        if (ctx.caller.role !== 'supervisor' && ctx.caller.role !== 'leader') {
          const all = await listMembers(deps.db, team.id);
          const supervised = all.some((m) => m.role === 'supervisor' && !deps.config.admins.includes(m.openId));
          if (!platform.words.firstSetupIsSupervisor || supervised) {
            await ctx.reply(
              ctx.t(M.notAllowed, {
                command: '/setup',
                roles: [ctx.t(ROLE_NAMES.supervisor), ctx.t(ROLE_NAMES.leader)].join(ctx.t(M.or)),
                role: ctx.t(ROLE_NAMES[ctx.caller.role]),
              }),
            );
            return;
          }
          await upsertMember(deps, team.id, { openId: ctx.caller.openId }, 'supervisor');
          firstSupervisor = true;
        }
        // Try the chat info again: the scope may have been granted since the team was created.
        let chatInfoError = typeof team.settings.chatInfoError === 'string' ? team.settings.chatInfoError : undefined;
        try {
          const info = await platform.chatInfo(team.chatId);
          team.name = (await refreshTeamInfo(deps.db, team, info)).name;
          if (info.ownerOpenId && chatInfoError)
            await upsertMember(deps, team.id, { openId: info.ownerOpenId }, 'supervisor');
          chatInfoError = undefined;
        } catch (err) {
          chatInfoError = err instanceof Error ? err.message : String(err);
        }
        const [people, stores, health, schedules] = await Promise.all([
          listMembers(deps.db, team.id),
          activeStores(deps.db, team.id),
          deliveryHealth(deps.db, team.id, new Date(now.getTime() - 24 * 3600_000)),
          schedulesOfTeam(deps, team.id),
        ]);
        const byRole = ROLES.map((r) => {
          const ms = withRole(deps, people, r);
          const who =
            r === 'supervisor' || r === 'ops' ? ms.map((m) => mention(m.openId)).join(' ') : String(ms.length);
          return `${ctx.t(ROLE_NAMES[r])}：${who || '0'}`;
        });
        const time = (d: Date) => d.toLocaleString(ctx.locale, { timeZone: team.timeZone, hour12: false });
        const deliveryLines = [
          ctx.t(TX.deliveryLine, { sent: health.sent, pending: health.pending, failed: health.failed }),
        ];
        const stuckMinutes = health.oldestPendingDueAt
          ? Math.floor((now.getTime() - health.oldestPendingDueAt.getTime()) / 60_000)
          : 0;
        if (stuckMinutes >= 5) deliveryLines.push(ctx.t(TX.stuck, { minutes: stuckMinutes }));
        for (const p of health.problems)
          deliveryLines.push(ctx.t(TX.problem, { explanation: ctx.t(p.explanation), count: p.count, at: time(p.at) }));
        if (!health.problems.length && stuckMinutes < 5) deliveryLines.push(ctx.t(TX.healthy));

        const next: string[] = [];
        if (!stores.length) next.push(ctx.t(TX.addStores));
        if (!people.some((m) => m.role === 'ops')) next.push(ctx.t(TX.addOps));
        const problems = health.problems.length > 0 || chatInfoError !== undefined || stuckMinutes >= 5;
        await ctx.reply(
          interactive(
            card({
              title: ctx.t(TX.title),
              color: problems ? 'orange' : 'green',
              elements: [
                markdown(ctx.t(TX.bound, { name: team.name || team.chatId })),
                ...fields([
                  [ctx.t(TX.team), `${team.name || '—'}\n${team.chatId}`],
                  [ctx.t(TX.zone), `${zoneLine(ctx.locale, team, now)}\n${ctx.t(TX.changeHow)}`],
                  [ctx.t(TX.platform), platformLine(ctx, platform.words, deps)],
                  [ctx.t(TX.database), deps.dbKind === 'pglite' ? 'PGlite' : 'Postgres'],
                  [ctx.t(TX.people), byRole.join('\n')],
                  [ctx.t(TX.stores), stores.length ? stores.map((s) => s.name).join('、') : '0'],
                  ...(schedules.length
                    ? [
                        [
                          ctx.t(TX.schedules),
                          schedules
                            .map((s) =>
                              ctx.t(TX.scheduleLine, {
                                name: ctx.t(deps.app.schedules[s.key]!.description),
                                days: weekdaysText(ctx.locale, s.weekdays),
                                time: formatTimeOfDay(s.minuteOfDay),
                                off: s.enabled ? '' : ctx.t(TX.scheduleOff),
                              }),
                            )
                            .join('\n'),
                        ] as [string, string],
                      ]
                    : []),
                ]),
                ...(chatInfoError ? [markdown(ctx.t(TX.chatInfo, { error: chatInfoError.slice(0, 200) }))] : []),
                ...(firstSupervisor ? [markdown(ctx.t(TX.firstSupervisor, { who: mention(ctx.caller.openId) }))] : []),
                ...(platform.words.firstSetupIsSupervisor && !firstSupervisor ? [note(ctx.t(TX.ownerUnknown))] : []),
                ...(platform.words.monthlyCallLimit
                  ? [
                      markdown(
                        `**${ctx.t(TX.calls)}**：${ctx.t(TX.callsLine, {
                          used: await callsThisMonth(deps.db, team.platform, team.timeZone, now),
                          limit: platform.words.monthlyCallLimit.toLocaleString('en-US'),
                        })}`,
                      ),
                    ]
                  : []),
                ...(platform.words.setupNotes ?? []).map((n) => note(ctx.t(n))),
                divider(),
                markdown(`**${ctx.t(TX.delivery)}**\n${deliveryLines.join('\n')}`),
                divider(),
                note(`${ctx.t(TX.next)}：${next.length ? next.join('；') : ctx.t(TX.allSet)}`),
              ],
            }),
          ),
        );
      },
    }),
    setupToken,
    defineSubcommand({
      name: 'timezone',
      aliases: ['时区', 'tz', 'zone'],
      description: {
        'zh-CN': '设置本群时区（值班、定时任务按它的当地时间）',
        en: "Set the team's time zone (rosters and schedules follow its local time)",
      },
      params: [{ key: 'zone', label: { 'zh-CN': '时区', en: 'zone' } }],
      example: '/setup timezone Asia/Shanghai',
      roles: [],
      args: z.object({
        zone: z.string({ message: '缺少时区，例如 Asia/Shanghai|the time zone is missing, e.g. Asia/Shanghai' }),
      }),
      run: async (ctx, args) => {
        const zone = canonicalZone(args.zone);
        if (!zone) return ctx.reply(ctx.t(SETTINGS_TX.badZone, { zone: args.zone }));
        if (zone === ctx.team.timeZone) return ctx.reply(ctx.t(SETTINGS_TX.zoneSame, { zone }));
        const team = await setTeamTimeZone(ctx.deps, ctx.team.id, zone);
        await ctx.reply(
          ctx.t(SETTINGS_TX.zoneSet, {
            from: ctx.team.timeZone,
            zone: team.timeZone,
            now: formatLocal(ctx.now, team.timeZone, ctx.locale),
          }),
        );
      },
    }),
    defineSubcommand({
      name: 'locale',
      aliases: ['语言', 'language', 'lang'],
      description: {
        'zh-CN': '设置我在本群说的语言（zh-CN / en）',
        en: 'Set the language I speak in this team (zh-CN / en)',
      },
      params: [{ key: 'locale', label: { 'zh-CN': '语言', en: 'language' } }],
      example: '/setup locale en',
      roles: [],
      args: z.object({ locale: z.string({ message: '缺少语言：zh-CN 或 en|the language is missing: zh-CN or en' }) }),
      run: async (ctx, args) => {
        const word = args.locale.trim().toLowerCase();
        if (!Object.hasOwn(LOCALE_WORDS, word)) return ctx.reply(ctx.t(SETTINGS_TX.badLocale, { locale: args.locale }));
        const wanted = LOCALE_WORDS[word]!;
        if (wanted === ctx.team.locale)
          return ctx.reply(ctx.t(SETTINGS_TX.localeSame, { name: LOCALE_NAMES[ctx.locale] }));
        const team = await setTeamLocale(ctx.deps.db, ctx.team.id, wanted);
        // Said in the language just chosen: it is the first thing the team hears in it.
        const now = localeOf(ctx.deps.config, team);
        await ctx.reply(t(now, wanted ? SETTINGS_TX.localeSet : SETTINGS_TX.localeReset, { name: LOCALE_NAMES[now] }));
      },
    }),
  ],
});
