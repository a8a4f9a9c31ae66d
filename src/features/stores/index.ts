import { defineFeature } from '../../core/feature';

/** The demo team's stores, one per platform the KPI exports come from. */
const DEMO_STORES: [name: string, platform: string][] = [
  ['淘宝旗舰店', 'taobao'],
  ['天猫旗舰店', 'tmall'],
  ['京东自营店', 'jd'],
  ['抖音小店', 'douyin'],
];

/** The team's store accounts (店铺): what anomalies, KPIs and alerts are about. */
export const storesFeature = defineFeature({
  name: 'stores',
  sandbox: {
    quick: ['/store list'],
    seed: [
      ...DEMO_STORES.map(([name, platform]) => ({ as: '王主管', text: `/store add ${name} ${platform}` })),
      // Who works which store (the cover list of a care case names them).
      { as: '王主管', text: '/store agents 天猫旗舰店 @小王' },
      { as: '王主管', text: '/store agents 京东自营店 @小陈' },
      { as: '小陈', text: '/store list' },
    ],
  },
});
