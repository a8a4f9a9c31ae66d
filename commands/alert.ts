import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { formatTimeOfDay } from '../src/core/schedule-rules';
import { alertListText, policyText } from '../src/features/alert/list';
import { saveSettings } from '../src/features/alert/repo';
import { POLICY_WORDS, readHours, readPolicy } from '../src/features/alert/settings';
import { AX } from '../src/features/alert/texts';
import { readSevere, SEVERE_KEY, severeText } from '../src/features/alert/violation-severity';
import { VX } from '../src/features/alert/violation-texts';

export const alert = defineCommand({
  name: 'alert',
  aliases: ['告警', 'alerts'],
  description: {
    'zh-CN': '当前告警，以及告警的分组和工作时间设置',
    en: 'Open alerts, and how they are grouped and when sent',
  },
  subcommands: [
    defineSubcommand({
      name: 'policy',
      aliases: ['设置', '策略'],
      description: {
        'zh-CN': '设置分组等待、分组间隔、重复间隔和降噪参数（主管）',
        en: 'Set group_wait, group_interval, repeat_interval and the noise guards (supervisors)',
      },
      params: [{ key: 'words', label: { 'zh-CN': '项=值 …', en: 'key=value …' }, optional: true, rest: true }],
      example: '/alert policy group_wait=10s interval=5m repeat=4h',
      roles: [],
      // key=value words arrive as options (command-args.ts), "key value" pairs as the rest.
      args: z.object({ words: z.string().optional() }).catchall(z.unknown()),
      run: async (ctx, args) => {
        const options = Object.entries(args).filter(
          ([k, v]) => !['words', 'mentions', '_extra'].includes(k) && typeof v === 'string',
        );
        const words = [
          ...options.map(([k, v]) => `${k}=${String(v)}`),
          ...(args.words ?? '').split(/\s+/).filter(Boolean),
        ];
        const read = readPolicy(words);
        if (!read.ok)
          return ctx.reply(
            ctx.t(read.why === 'out_of_range' ? AX.policyRange : AX.policyBad, {
              word: read.word,
              keys: POLICY_WORDS.join(', '),
            }),
          );
        const s = await saveSettings(ctx.deps.db, ctx.team.id, read.changes, ctx.caller.openId, ctx.now);
        await ctx.reply(ctx.t(AX.policySet, { line: policyText(s, ctx.locale) }));
      },
    }),
    defineSubcommand({
      name: 'hours',
      aliases: ['工作时间'],
      description: {
        'zh-CN': '工作时间：非工作时间的告警在下个工作时段开始时汇总发送（主管）',
        en: 'Business hours: alerts outside them are summarised when the next period starts (supervisors)',
      },
      params: [{ key: 'hours', label: { 'zh-CN': 'HH:MM-HH:MM 或 off', en: 'HH:MM-HH:MM or off' } }],
      example: '/alert hours 09:00-23:00',
      roles: [],
      args: z.object({
        hours: z.string({ message: '缺少工作时间，例如 09:00-23:00|the hours are missing, e.g. 09:00-23:00' }),
      }),
      run: async (ctx, args) => {
        const hours = readHours(args.hours);
        if (hours === undefined) return ctx.reply(ctx.t(AX.hoursBad));
        await saveSettings(ctx.deps.db, ctx.team.id, { hours }, ctx.caller.openId, ctx.now);
        await ctx.reply(
          hours
            ? ctx.t(AX.hoursSet, {
                hours: `${formatTimeOfDay(hours.start)}-${formatTimeOfDay(hours.end)}`,
                zone: ctx.team.timeZone,
              })
            : ctx.t(AX.hoursOff),
        );
      },
    }),
    // Which violations are severe (they escalate): kept with the alert settings.
    defineSubcommand({
      name: 'severe',
      aliases: ['严重'],
      description: {
        'zh-CN': '哪些违规算严重（无人认领电话升级）：points>=N amount>=N kinds=类型,…，或 off（主管）',
        en: 'Which violations are severe (phoned when unclaimed): points>=N amount>=N kinds=a,b, or off (supervisors)',
      },
      params: [{ key: 'words', label: { 'zh-CN': '条件 …', en: 'conditions …' }, rest: true }],
      example: '/alert severe points>=6 amount>=500 kinds=虚假发货',
      roles: [],
      args: z.object({ words: z.string().optional() }).catchall(z.unknown()),
      run: async (ctx, args) => {
        // "kinds=…" arrives as an option (command-args.ts), "points>=6" as words.
        const options = Object.entries(args).filter(
          ([k, v]) => !['words', 'mentions', '_extra'].includes(k) && typeof v === 'string',
        );
        const words = [
          ...options.map(([k, v]) => `${k}=${String(v)}`),
          ...(args.words ?? '').split(/\s+/).filter(Boolean),
        ];
        const read = readSevere(words);
        if (!read.ok) return ctx.reply(ctx.t(VX.severeBad, { word: read.word }));
        await saveSettings(ctx.deps.db, ctx.team.id, { [SEVERE_KEY]: read.rule }, ctx.caller.openId, ctx.now);
        await ctx.reply(ctx.t(VX.severeSet, { line: severeText(read.rule, ctx.locale) }));
      },
    }),
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '列出当前全部告警（最严重的在前）', en: 'Every open alert, worst first' },
      example: '/alert',
      args: z.object({}),
      run: async (ctx) => ctx.reply(await alertListText(ctx.deps, ctx.team, ctx.now)),
    }),
  ],
});
