import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import type { CommandContext } from '../src/core/context';
import { upsertMember } from '../src/core/teams';
import { formatLocal } from '../src/domain/local-time';
import { levelArgs, recordedText } from '../src/features/mood/actions';
import { checkInCard, forgetCard, historyCard, levelWords } from '../src/features/mood/card';
import { setPromptTimes } from '../src/features/mood/prompts';
import { agentsLedBy, countEntries, entriesOf, promptMinutes, setLeader, teamEntries } from '../src/features/mood/repo';
import { formatPromptTimes, KEEP_DAYS, parseCheckIn, parseDays, parsePromptTimes } from '../src/features/mood/rules';
import { recordCheckIn } from '../src/features/mood/service';
import { MX } from '../src/features/mood/texts';

const DAY = 24 * 3_600_000;

/**
 * Where a mood answer goes: the private chat always. Used in a group, the group hears only
 * "已私信你" (the message typed there is the user's own) and everything else goes privately.
 */
async function privately(
  ctx: CommandContext,
): Promise<(body: Parameters<CommandContext['reply']>[0]) => Promise<void>> {
  if (ctx.event.chatType === 'p2p') return ctx.reply;
  await ctx.reply(ctx.t(MX.sentPrivately));
  return (body) => ctx.dm(ctx.caller.openId, body);
}

/** The words after "/mood" exactly as typed (a note keeps its key=value words and spacing). */
const restOf = (ctx: CommandContext) => (ctx.event.command ?? '').replace(/^[/／]\s*\S+\s*/, '');

const anyText = z.object({ text: z.string().optional() });

export const mood = defineCommand({
  name: 'mood',
  aliases: ['情绪'],
  description: MX.help,
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '情绪打卡（私聊）：不带参数弹出卡片，或直接写等级 1–4 和备注',
        en: 'Check in (privately): the card, or a level 1–4 and a note in one line',
      },
      params: [{ key: 'text', label: { 'zh-CN': '等级 备注', en: 'level note' }, optional: true, rest: true }],
      example: '/mood 2 被客户骂了',
      args: anyText,
      run: async (ctx) => {
        const say = await privately(ctx);
        const parsed = parseCheckIn(restOf(ctx));
        if (!parsed.ok) {
          const problem =
            parsed.problem === 'bad_level'
              ? ctx.t(MX.badLevel, levelArgs(ctx.t, parsed.word ?? ''))
              : ctx.t(MX.noteTooLong);
          return say([problem, ctx.t(MX.usage), ctx.t(MX.example)].join('\n'));
        }
        if (parsed.kind === 'card')
          return say({ msgType: 'interactive', content: checkInCard(ctx.locale, ctx.team.id, ctx.t(MX.cardTitle)) });
        const r = await recordCheckIn(
          ctx.deps,
          ctx.team,
          ctx.caller,
          { level: parsed.level, note: parsed.note, source: `msg:${ctx.event.id}` },
          ctx.now,
        );
        if (r.outcome === 'recorded') await say(recordedText(ctx.t, parsed.level));
      },
    }),
    defineSubcommand({
      name: 'history',
      aliases: ['记录'],
      description: { 'zh-CN': '查看我自己的打卡记录（私聊）', en: 'My own check-ins (privately)' },
      example: '/mood history',
      args: z.object({}),
      run: async (ctx) => {
        const say = await privately(ctx);
        const entries = await entriesOf(ctx.deps.db, ctx.caller.id, new Date(ctx.now.getTime() - KEEP_DAYS * DAY));
        await say({ msgType: 'interactive', content: historyCard(ctx.locale, ctx.team.timeZone, ctx.now, entries) });
      },
    }),
    defineSubcommand({
      name: 'forget',
      aliases: ['删除'],
      description: { 'zh-CN': '删除我自己的全部打卡记录（需确认）', en: 'Delete all my own check-ins (confirmed)' },
      example: '/mood forget',
      args: z.object({}),
      run: async (ctx) => {
        const say = await privately(ctx);
        const n = await countEntries(ctx.deps.db, ctx.caller.id);
        if (!n) return say(ctx.t(MX.forgetNothing));
        await say({ msgType: 'interactive', content: forgetCard(ctx.locale, ctx.team.id, n) });
      },
    }),
    defineSubcommand({
      name: 'team',
      aliases: ['团队'],
      description: {
        'zh-CN': '查看团队打卡明细（仅私聊；主管看全部，组长看自己组员）',
        en: 'The team’s check-ins (private chat only; supervisors see all, leaders their own agents)',
      },
      params: [{ key: 'days', label: { 'zh-CN': '天数', en: 'days' }, optional: true }],
      example: '/mood team 7d',
      roles: ['leader'],
      args: z.object({ days: z.string().optional() }),
      run: async (ctx, args) => {
        // Never in a group, not even the refusal's reason beyond "use the private chat".
        if (ctx.event.chatType !== 'p2p') return ctx.reply(ctx.t(MX.privateOnly));
        const days = parseDays(args.days);
        if (!days) return ctx.reply(ctx.t(MX.badDays, { word: args.days ?? '' }));
        const all = await teamEntries(ctx.deps.db, ctx.team.id, new Date(ctx.now.getTime() - days * DAY), ctx.now);
        const led =
          ctx.caller.role === 'supervisor' ? undefined : await agentsLedBy(ctx.deps.db, ctx.team.id, ctx.caller.openId);
        const rows = led ? all.filter((e) => led.has(e.memberId)) : all;
        const lines = rows.slice(0, 50).map((e) =>
          ctx.t(MX.teamLine, {
            when: formatLocal(e.createdAt, ctx.team.timeZone, ctx.locale, ctx.now),
            who: e.name || e.openId,
            n: e.level,
            text: levelWords(ctx.locale, e.level).slice(2),
            note: e.note ? ` · ${e.note}` : '',
          }),
        );
        await ctx.reply([ctx.t(MX.teamTitle, { days }), ...(lines.length ? lines : [ctx.t(MX.teamEmpty)])].join('\n'));
      },
    }),
    defineSubcommand({
      name: 'prompt',
      aliases: ['提醒'],
      description: {
        'zh-CN': '设置每天私信客服打卡的时间（off 关闭；不填查看）',
        en: 'Set the daily times each agent gets the check-in privately (off to stop; none to show)',
      },
      params: [{ key: 'times', label: { 'zh-CN': 'HH:MM,…', en: 'HH:MM,…' }, optional: true, rest: true }],
      example: '/mood prompt 09:00,14:00',
      roles: ['leader'],
      args: z.object({ times: z.string().optional() }),
      run: async (ctx, args) => {
        if (!args.times) {
          const minutes = await promptMinutes(ctx.deps.db, ctx.team.id);
          return ctx.reply(
            minutes.length ? ctx.t(MX.promptShow, { times: formatPromptTimes(minutes) }) : ctx.t(MX.promptNone),
          );
        }
        const parsed = parsePromptTimes(args.times);
        if (!parsed.ok) return ctx.reply(ctx.t(MX.badTime, { word: parsed.word }));
        await setPromptTimes(ctx.deps, ctx.team, parsed.minutes, ctx.caller.openId);
        await ctx.reply(
          parsed.minutes.length
            ? ctx.t(MX.promptSet, { times: formatPromptTimes(parsed.minutes) })
            : ctx.t(MX.promptOff),
        );
      },
    }),
    defineSubcommand({
      name: 'leader',
      aliases: ['组长'],
      description: {
        'zh-CN': '设置客服的组长：组长也会收到这些客服的关怀卡片',
        en: 'Set agents’ leader: the leader gets their care cards too',
      },
      usageTail: { 'zh-CN': '@组长 @客服…', en: '@leader @agent…' },
      example: '/mood leader @李组长 @小王',
      roles: [],
      args: z.object({ mentions: z.array(z.object({ openId: z.string(), name: z.string() })) }),
      run: async (ctx, args) => {
        const [leader, ...agents] = args.mentions;
        if (!leader || !agents.length) return ctx.reply(ctx.t(MX.leaderNeedsPeople));
        const ids: number[] = [];
        for (const a of agents) ids.push((await upsertMember(ctx.deps, ctx.team.id, a)).id);
        await upsertMember(ctx.deps, ctx.team.id, leader);
        await setLeader(ctx.deps.db, ctx.team.id, ids, leader.openId, ctx.now);
        await ctx.reply(ctx.t(MX.leaderSet, { leader: leader.name, agents: agents.map((a) => a.name).join('、') }));
      },
    }),
  ],
});
