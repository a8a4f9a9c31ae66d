/**
 * The sandbox's library: the defaults from the features' slots, plus shared and personal scripts of
 * a real floor (logistics, returns, promotions, invoices, after-sales) and the synonyms that make
 * "发货慢" find "物流延迟". Idempotent by source: a second run adds nothing.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { listMembers, localeOf, type Team } from '../../core/teams';
import { scripts, type ScriptTier } from './schema';
import { addScript, addSynonyms, ensureDefaults } from './service';

const DEMO: [ScriptTier, string, string, string[]][] = [
  [
    'public',
    '道歉统一口径',
    '亲，非常抱歉给您带来不好的体验，这是我们的问题，我们一定负责到底，马上为您处理。',
    ['道歉', '投诉'],
  ],
  [
    'public',
    '隐私合规提醒',
    '亲，为保护您的信息安全，请不要在聊天中发送银行卡号、验证码等敏感信息，我们也绝不会向您索要。',
    ['合规', '隐私'],
  ],
  [
    'public',
    '不承诺赔付口径',
    '亲，您的诉求我们已完整记录，赔付方案需要核实后由专人答复您，我们会在 2 小时内给您结果。',
    ['赔付', '合规'],
  ],
  [
    'department',
    '物流延迟安抚',
    '亲，您的包裹因快递站点爆仓稍有延迟，我们已联系快递加急派送，预计 1–2 天送达，给您添麻烦了。',
    ['物流', '延迟'],
  ],
  [
    'department',
    '催发货回复',
    '亲，您的订单已在仓库加急处理，今天 18 点前发出，发出后物流单号会同步到订单里。',
    ['发货', '物流'],
  ],
  [
    'department',
    '快递丢件处理',
    '亲，非常抱歉，包裹在运输途中丢失，我们马上为您补发一件，补发单号稍后发您，原包裹找回也无需退回。',
    ['物流', '丢件', '补发'],
  ],
  [
    'department',
    '七天无理由退货',
    '亲，本店支持七天无理由退货，请在订单页申请退货，商品不影响二次销售即可，运费险会自动理赔。',
    ['退货', '售后'],
  ],
  [
    'department',
    '退款到账时间',
    '亲，退款已同意，原路退回，一般 1–3 个工作日到账，银行卡可能稍慢，请您留意。',
    ['退款', '售后'],
  ],
  [
    'department',
    '尺码推荐',
    '亲，麻烦告诉我您的身高体重，我帮您推荐合适的尺码，不合适也支持免费换码。',
    ['尺码', '售前'],
  ],
  [
    'department',
    '双11 预售规则',
    '亲，双11 预售需先付定金，11 月 1 日晚 8 点付尾款，定金不退，尾款时间内付清才能享受优惠哦。',
    ['大促', '双11', '预售'],
  ],
  [
    'department',
    '满减叠加说明',
    '亲，店铺满减可以和平台跨店满减叠加使用，结算页会自动计算最优价，以实际付款为准。',
    ['优惠券', '满减', '大促'],
  ],
  [
    'department',
    '发票开具',
    '亲，订单确认收货后可在订单详情申请电子发票，开票后会发到您的邮箱，抬头请填写完整哦。',
    ['发票'],
  ],
  [
    'department',
    '质量问题换货',
    '亲，看到您发的照片了，确实是质量问题，非常抱歉，我们给您免费换新，来回运费我们承担。',
    ['质量', '换货', '售后'],
  ],
  [
    'department',
    '差评挽回',
    '亲，看到您的评价了，这次没让您满意我们很惭愧，想为您补偿一张 10 元无门槛券，也想听听您的建议。',
    ['差评', '挽回'],
  ],
  ['personal', '我的开场白', '亲亲您好呀～我是小王，很高兴为您服务，有什么可以帮您的吗？', ['开场']],
  ['personal', '我的结束语', '感谢您的耐心～还有问题随时找小王哦，祝您生活愉快！', ['结束']],
];

const SYNONYMS = [
  ['物流延迟', '发货慢', '快递慢', '没收到'],
  ['退款', '退钱', '返款'],
  ['质量差', '质量问题', '坏了', '破损'],
];

export async function seedScriptDemo(deps: Deps, team: Team, now: Date): Promise<void> {
  await ensureDefaults(deps, team, localeOf(deps.config, team), now);
  // Runs after every clock move: one count when the demo library is there already.
  const [seeded] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(scripts)
    .where(and(eq(scripts.teamId, team.id), like(scripts.source, 'demo:script:%')));
  if (Number(seeded?.n ?? 0) >= DEMO.length) return;
  const people = await listMembers(deps.db, team.id);
  const boss = people.find((m) => m.role === 'supervisor') ?? people[0];
  const agent = people.find((m) => m.role === 'agent') ?? boss;
  if (!boss || !agent) return;
  for (const [i, [tier, title, body, tags]] of DEMO.entries())
    await addScript(
      deps.db,
      team,
      { tier, title, body, tags, source: `demo:script:${i}`, ...(tier === 'personal' ? { owner: agent.openId } : {}) },
      tier === 'personal' ? agent.openId : boss.openId,
      now,
    );
  for (const words of SYNONYMS) await addSynonyms(deps.db, team.id, words, boss.openId, now);
}
