/**
 * Each complaint category is a place of the script library (core/script-slots.ts): step ⑤ of the
 * card shows the script the team linked to it, starting from these openings (empathy first, no
 * assumption that the customer is making trouble: domain.md §6). Pure data.
 */
import type { ScriptSlot } from '../../core/script-slots';
import type { Text } from '../../i18n';
import { CATEGORIES, type Category } from './rules';
import { CATEGORY_NAMES } from './texts';

const OPENINGS: Record<Category, Text> = {
  quality: {
    'zh-CN':
      '亲，看到商品出了问题，换作是我也会很着急，非常抱歉。麻烦您发一下照片，我们马上为您安排退换或补偿，一定给您满意的处理。',
    en: 'We are truly sorry the item arrived like this; we would be upset too. Please send us a photo and we will arrange a replacement or compensation right away.',
  },
  logistics: {
    'zh-CN': '亲，让您久等了，非常抱歉。我们已联系快递核实包裹位置，今天内给您明确答复，真有问题我们负责到底。',
    en: 'Sorry for the wait. We have asked the carrier where your parcel is and will give you a clear answer today; if something went wrong, it is on us.',
  },
  wrong_item: {
    'zh-CN':
      '亲，发错/漏发是我们的失误，非常抱歉。我们马上为您补发正确的商品，错发的商品我们安排上门取回，不用您操心。',
    en: 'Sending the wrong or missing item is our mistake, sorry. We will ship the right one now and collect the wrong one from you at no trouble to you.',
  },
  price: {
    'zh-CN': '亲，价格和优惠的问题我们非常重视，正在为您核实订单，确认后差价或优惠会为您补上，请您放心。',
    en: 'We take price and discount problems seriously and are checking your order; once confirmed we will make up the difference.',
  },
  attitude: {
    'zh-CN': '亲，之前的沟通让您不愉快，我代表店铺向您郑重道歉。接下来由我负责跟进，您的问题我会一直处理到您满意为止。',
    en: 'We sincerely apologise for how you were spoken to. I will look after your case myself from now on until you are satisfied.',
  },
  aftersales: {
    'zh-CN': '亲，售后处理慢了，让您反复来问，非常抱歉。我已为您加急，今天内给您处理结果，并会主动告诉您进度。',
    en: 'Sorry that after-sales took this long and you had to keep asking. I have expedited it and will come back to you today with the outcome.',
  },
  other: {
    'zh-CN': '亲，非常抱歉给您带来困扰，您的问题我们已记录并升级处理，我会尽快给您明确的方案。',
    en: 'We are very sorry for the trouble. Your case is recorded and escalated; I will come back with a clear proposal soon.',
  },
};

export const COMPLAINT_SCRIPT_SLOTS: Record<string, ScriptSlot> = Object.fromEntries(
  CATEGORIES.map((c) => [
    `complaint.${c}`,
    {
      label: { 'zh-CN': `客诉·${CATEGORY_NAMES[c]['zh-CN']}`, en: `complaint·${CATEGORY_NAMES[c].en}` },
      title: { 'zh-CN': `客诉开场·${CATEGORY_NAMES[c]['zh-CN']}`, en: `Complaint opening: ${CATEGORY_NAMES[c].en}` },
      text: OPENINGS[c],
      tags: ['客诉', CATEGORY_NAMES[c]['zh-CN']],
    },
  ]),
);
