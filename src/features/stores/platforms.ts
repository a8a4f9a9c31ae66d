import type { Text } from '../../i18n';

/** The marketplaces a team sells on. Names and aliases as CS teams write them. */
export const PLATFORMS = {
  taobao: { name: { 'zh-CN': '淘宝', en: 'Taobao' }, aliases: ['淘宝', 'taobao', 'tb'] },
  tmall: { name: { 'zh-CN': '天猫', en: 'Tmall' }, aliases: ['天猫', 'tmall', 'tm'] },
  jd: { name: { 'zh-CN': '京东', en: 'JD' }, aliases: ['京东', 'jd', 'jingdong'] },
  douyin: { name: { 'zh-CN': '抖音', en: 'Douyin' }, aliases: ['抖音', 'douyin', 'dy', '抖店'] },
  pdd: { name: { 'zh-CN': '拼多多', en: 'Pinduoduo' }, aliases: ['拼多多', 'pdd', 'pinduoduo'] },
  kuaishou: { name: { 'zh-CN': '快手', en: 'Kuaishou' }, aliases: ['快手', 'kuaishou', 'ks'] },
  xiaohongshu: { name: { 'zh-CN': '小红书', en: 'Xiaohongshu' }, aliases: ['小红书', 'xiaohongshu', 'xhs'] },
  other: { name: { 'zh-CN': '其他', en: 'other' }, aliases: ['其他', 'other'] },
} satisfies Record<string, { name: Text; aliases: string[] }>;

export type PlatformKey = keyof typeof PLATFORMS;

export function parsePlatform(word: string): PlatformKey | undefined {
  const w = word.trim().toLowerCase();
  return (Object.keys(PLATFORMS) as PlatformKey[]).find((k) => PLATFORMS[k].aliases.includes(w));
}

/** "天猫旗舰店" → tmall: a store name usually says where it sells. 京东 before 东 etc. is fine: first match wins by order. */
export function guessPlatform(storeName: string): PlatformKey {
  const n = storeName.toLowerCase();
  for (const k of Object.keys(PLATFORMS) as PlatformKey[]) {
    if (k === 'other') continue;
    if (PLATFORMS[k].aliases.some((a) => a.length >= 2 && n.includes(a))) return k;
  }
  return 'other';
}
