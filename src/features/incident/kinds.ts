/**
 * The six emergencies of the floor (domain.md §4) and their default playbooks: what a team gets
 * until it edits one with /playbook. Pure data and lookups.
 */
import type { Locale } from '../../config';
import { closest } from '../../core/suggest';
import type { ScriptSlot } from '../../core/script-slots';
import type { Text } from '../../i18n';
import type { PlaybookStep } from './schema';

interface DefaultStep {
  text: Text;
  owner?: string;
  limitMin?: number;
}

export interface DefaultKind {
  name: Text;
  severity: 1 | 2 | 3;
  steps: DefaultStep[];
  wording?: Text;
  /** Staff health: the group card says only that a colleague is looked after. */
  private?: boolean;
  /** Store anomalies are the anomaly feature's flow (/anomaly), not a playbook of ours. */
  handover?: 'anomaly';
}

const s = (zh: string, en: string, owner?: string, limitMin?: number): DefaultStep => ({
  text: { 'zh-CN': zh, en },
  ...(owner ? { owner } : {}),
  ...(limitMin ? { limitMin } : {}),
});

export const DEFAULT_KINDS = {
  outage: {
    name: { 'zh-CN': '断电断网', en: 'Power/network outage' },
    severity: 1,
    steps: [
      s('立即报告 IT 和行政（物业）', 'Report to IT and facilities at once', 'duty', 5),
      s(
        '切换备用：笔记本连外部 Wi-Fi 或手机热点',
        'Switch to the backup: laptops on an outside Wi-Fi or a phone hotspot',
        'leader',
        10,
      ),
      s('收集组内备用设备，分给在岗客服', 'Gather spare devices from the team for the agents on shift', 'leader'),
      s('逐个确认所有店铺账号已重新在线', 'Confirm every store account is back online', 'leader', 30),
    ],
    wording: {
      'zh-CN': '亲，非常抱歉，我们这边网络临时故障，正在紧急恢复，回复会慢一些，请您稍等，恢复后第一时间为您处理。',
      en: 'We are very sorry: our network is down for a moment and being restored. Replies may be slow; we will handle your request first thing once it is back.',
    },
  },
  system: {
    name: { 'zh-CN': '系统异常', en: 'System failure' },
    severity: 2,
    steps: [
      s(
        '电脑故障：其他客服登录顶上这台电脑的账号',
        'A computer: other agents log in to cover its accounts',
        'leader',
        5,
      ),
      s('报修，安排重装，说明预计恢复时间', 'Report it, arrange a reinstall, state the expected time', 'duty'),
      s(
        '软件故障（订单查询、聊天客户端）：改用其他方式查订单',
        'Software (order view, chat client): switch to another way to look orders up',
        'leader',
      ),
      s('告知值班主管和运营', 'Tell the duty supervisor and operations', 'duty'),
    ],
  },
  surge: {
    name: { 'zh-CN': '接待量暴涨', en: 'Traffic surge' },
    severity: 2,
    steps: [
      s('上报，让主管掌握现场情况', 'Report it so the supervisor knows the floor', 'duty', 5),
      s('查明原因：有活动？有负面消息？', 'Find the cause: a promotion? bad news?', 'ops', 15),
      s('请其他组或运营助理支援', 'Ask other groups or operations assistants for help', 'duty'),
      s('必要时主管亲自接待账号', 'The supervisor takes accounts personally if needed', 'supervisor'),
    ],
  },
  opinion: {
    name: { 'zh-CN': '舆情', en: 'Public opinion' },
    severity: 1,
    steps: [
      s(
        '重视但不慌：任何人不在外部渠道自行回应',
        'Take it seriously without panic: nobody answers publicly on their own',
        'duty',
        5,
      ),
      s(
        '收集事实和传播渠道（截图、链接、时间）',
        'Collect the facts and the channels (screenshots, links, times)',
        'leader',
        15,
      ),
      s('商定统一口径', 'Agree the one wording', 'supervisor', 30),
      s('通知关键岗位（运营、品牌、各组组长）', 'Tell key roles (operations, brand, group leaders)', 'duty'),
      s('准备应答话术并下发给客服', 'Prepare responses and hand them to the agents', 'leader'),
      s('记录对外说过的每一句话', 'Record what was said publicly', 'leader'),
    ],
    wording: {
      'zh-CN': '亲，感谢您的关注，相关情况我们已在核实处理中，结果会第一时间通过官方渠道公布，请以官方信息为准。',
      en: 'Thank you for your concern. We are looking into it and will publish the outcome through our official channels first; please rely on official information.',
    },
  },
  health: {
    name: { 'zh-CN': '身心健康', en: 'Staff health' },
    severity: 2,
    private: true,
    steps: [
      s('取常备药品（创可贴、肠胃药、晕车药等）', 'Get the common medicine at hand', 'leader', 5),
      s('发烧不要给药：联系家属并送医', 'Never give drugs for fever: call family and go to hospital', 'duty'),
      s('联系不上本人：拨打紧急联系人', 'An employee who cannot be reached: call the emergency contact', 'supervisor'),
      s('安排人接替其账号', 'Put someone on their accounts', 'leader'),
    ],
  },
  store: {
    name: { 'zh-CN': '店铺异常', en: 'Store anomaly' },
    severity: 2,
    handover: 'anomaly',
    steps: [
      s(
        '按店铺异常流程：/anomaly 上报，运营 5 分钟未认领电话值班主管',
        'The anomaly flow: /anomaly reports it; unclaimed by operations after 5 minutes, the duty supervisor is phoned',
      ),
    ],
  },
} satisfies Record<string, DefaultKind>;

export type BuiltInKind = keyof typeof DEFAULT_KINDS;
export const BUILT_IN: BuiltInKind[] = Object.keys(DEFAULT_KINDS) as BuiltInKind[];
export const isBuiltIn = (k: string): k is BuiltInKind => k in DEFAULT_KINDS;

/** Words that are subcommands of /incident or /playbook, never a kind of a team's own. */
export const RESERVED = new Set(['list', 'stats', 'remind', 'followup', 'help', '列表', '统计', '提醒', '复盘项']);

/** A playbook as commands and cards use it, in the team's language. */
export interface Playbook {
  kind: string;
  name: string;
  severity: number;
  steps: PlaybookStep[];
  wording?: string;
  private: boolean;
  handover?: 'anomaly';
  version: number;
  /** Whether the team changed it (or made it). */
  edited: boolean;
}

export function defaultPlaybook(kind: BuiltInKind, locale: Locale): Playbook {
  const d: DefaultKind = DEFAULT_KINDS[kind];
  return {
    kind,
    name: d.name[locale],
    severity: d.severity,
    steps: d.steps.map((x) => ({
      text: x.text[locale],
      ...(x.owner ? { owner: x.owner } : {}),
      ...(x.limitMin ? { limitMin: x.limitMin } : {}),
    })),
    ...(d.wording ? { wording: d.wording[locale] } : {}),
    private: d.private === true,
    ...(d.handover ? { handover: d.handover } : {}),
    version: 1,
    edited: false,
  };
}

export type KindMatch = { kind: string } | { unknown: string; suggestions: string[] };

/**
 * "outage", "断电断网", "断网", a team's own kind by name → its key; anything else → the closest
 * names ("did you mean"). `own`: the team's own kinds (key = name).
 */
export function matchKind(word: string, own: string[]): KindMatch {
  const w = word.trim().toLowerCase();
  for (const k of BUILT_IN) {
    const d: DefaultKind = DEFAULT_KINDS[k];
    if (w === k || w === d.name['zh-CN'] || w === d.name.en.toLowerCase()) return { kind: k };
  }
  const hit = own.find((k) => k.toLowerCase() === w);
  if (hit) return { kind: hit };
  // Short forms people type: 断网, 停电, 暴涨, 系统, 健康, 店铺.
  const partial = BUILT_IN.filter((k) => w.length >= 2 && DEFAULT_KINDS[k].name['zh-CN'].includes(w));
  if (partial.length === 1) return { kind: partial[0]! };
  const names = [...BUILT_IN, ...BUILT_IN.map((k) => DEFAULT_KINDS[k].name['zh-CN']), ...own];
  return { unknown: word, suggestions: closest(word, names) };
}

/** "outage 断电断网 / surge 接待量暴涨 / …" plus the team's own. */
export const kindList = (locale: Locale, own: string[]): string =>
  [...BUILT_IN.map((k) => `${k} ${DEFAULT_KINDS[k].name[locale]}`), ...own].join(' / ');

/**
 * The customer wording of each kind customers hear about is a place of the script library
 * (core/script-slots.ts); the built-in wording is the default it starts with. Staff health is
 * private and store anomalies are the anomaly feature's: neither has one.
 */
export const INCIDENT_SCRIPT_SLOTS: Record<string, ScriptSlot> = Object.fromEntries(
  BUILT_IN.filter((k) => k !== 'health' && k !== 'store').map((k) => {
    const d: DefaultKind = DEFAULT_KINDS[k];
    return [
      `incident.${k}`,
      {
        label: { 'zh-CN': `应急·${d.name['zh-CN']}`, en: `incident·${d.name.en}` },
        title: { 'zh-CN': `${d.name['zh-CN']}·对顾客口径`, en: `${d.name.en}: what we tell customers` },
        ...(d.wording ? { text: d.wording } : {}),
        tags: ['应急', d.name['zh-CN']],
      },
    ];
  }),
);

/**
 * The wording an incident's card shows: one the team wrote (on the incident or in its playbook)
 * wins; else the script linked to the kind; else the built-in one. Pure.
 */
export function wordingShown(kind: string, own: string | undefined, linked: string | undefined): string | undefined {
  const builtIn = isBuiltIn(kind) ? (DEFAULT_KINDS[kind] as DefaultKind).wording : undefined;
  const written = own && !(builtIn && Object.values(builtIn).includes(own)) ? own : undefined;
  return written ?? linked ?? own;
}
