import { z } from 'zod';
import { defineSubcommand } from '../src/core/command-def';
import { activeToken, issueToken } from '../src/core/api-tokens';
import { audited } from '../src/core/audit';
import { formatLocal } from '../src/domain/local-time';

const TX = {
  sentPrivately: {
    'zh-CN': '已私信你数据接口的令牌。令牌只发一次，不会出现在群里。',
    en: 'I sent you the data-API token privately. It is shown once and never in the group.',
  },
  exists: {
    'zh-CN':
      '本组已有数据接口令牌（{prefix}…，{at} 创建）。令牌只在创建时发一次；忘了就发送 /setup token rotate 换一个（旧的立即失效）。',
    en: 'This team has a data-API token ({prefix}…, created {at}). It is shown only when created; if it is lost, send /setup token rotate for a new one (the old one stops at once).',
  },
  token: {
    'zh-CN':
      '「{team}」的数据接口令牌{rotated}：\n{token}\n\n用法：在请求头加 Authorization: Bearer <令牌>，例如\nPOST /api/v1/metrics  {"samples":[{"store":"天猫旗舰店","metric":"first_response_s","value":28,"date":"2026-11-30"}]}\n接口文档：/api/v1/openapi.json。请像密码一样保管；泄露了就 /setup token rotate。',
    en: 'The data-API token of "{team}"{rotated}:\n{token}\n\nUse it as the header Authorization: Bearer <token>, e.g.\nPOST /api/v1/metrics  {"samples":[{"store":"Tmall","metric":"first_response_s","value":28,"date":"2026-11-30"}]}\nThe API is described at /api/v1/openapi.json. Keep it like a password; if it leaks, /setup token rotate.',
  },
  auditIssued: { 'zh-CN': '创建了数据接口令牌（{prefix}…）', en: 'Issued the data-API token ({prefix}…)' },
  auditRotated: {
    'zh-CN': '更换了数据接口令牌（新 {prefix}…，旧的失效）',
    en: 'Rotated the data-API token (new {prefix}…; the old one revoked)',
  },
  rotated: { 'zh-CN': '（已替换旧令牌，旧的立即失效）', en: ' (the old one no longer works)' },
};

/** /setup token [rotate]: the team's data-API token, sent to the supervisor privately. */
export const setupToken = defineSubcommand({
  name: 'token',
  aliases: ['令牌'],
  description: {
    'zh-CN': '数据接口的令牌（私信发给你；rotate 换新）',
    en: 'The data-API token (sent to you privately; rotate replaces it)',
  },
  params: [{ key: 'rotate', label: { 'zh-CN': 'rotate', en: 'rotate' }, optional: true }],
  example: '/setup token',
  roles: [],
  args: z.object({
    rotate: z
      .string()
      .refine((w) => ['rotate', '更换', '换'].includes(w.toLowerCase()), {
        message: '只能写 rotate（换一个新令牌）|only "rotate" (a new token) may follow',
      })
      .optional(),
  }),
  run: async (ctx, args) => {
    const current = await activeToken(ctx.deps.db, ctx.team.id);
    if (current && !args.rotate)
      return ctx.reply(
        ctx.t(TX.exists, {
          prefix: current.prefix,
          at: formatLocal(current.createdAt, ctx.team.timeZone, ctx.locale, ctx.now),
        }),
      );
    const { token, replaced } = await audited(
      ctx.deps,
      ctx.now,
      (deps) => issueToken(deps.db, ctx.team.id, ctx.caller.openId, ctx.now),
      (r) => ({
        teamId: ctx.team.id,
        actor: ctx.caller.openId,
        action: 'token',
        summary: ctx.t(r.replaced ? TX.auditRotated : TX.auditIssued, { prefix: r.token.slice(0, 7) }),
        source: `${ctx.event.id}:token`,
      }),
    );
    await ctx.dm(
      ctx.caller.openId,
      ctx.t(TX.token, { team: ctx.team.name || ctx.team.chatId, token, rotated: replaced ? ctx.t(TX.rotated) : '' }),
    );
    if (ctx.event.chatType === 'group') await ctx.reply(ctx.t(TX.sentPrivately));
  },
});
