/** The form `/complaint new` answers with when nothing follows it: the same fields as the command. Pure. */
import type { Locale } from '../../config';
import { button, card, form, input, note, type Card } from '../../cards/card';
import { t } from '../../i18n';
import { CATEGORIES } from './rules';
import { CATEGORY_NAMES, CX } from './texts';

/** The form's input names, which the `complaint.new` action reads back. */
export const NEW_FIELDS = ['store', 'order', 'wants', 'amount', 'category'] as const;

export function newComplaintForm(L: Locale, storeNames: string[]): Card {
  const stores = storeNames.slice(0, 12).join('、') + (storeNames.length > 12 ? ' …' : '');
  const categories = CATEGORIES.map((c) => t(L, CATEGORY_NAMES[c])).join('、');
  return card({
    title: t(L, CX.formTitle),
    color: 'red',
    elements: [
      form('complaint_new', [
        input({ name: 'store', label: t(L, CX.formStore), placeholder: stores || t(L, CX.formStore), required: true }),
        input({ name: 'order', label: t(L, CX.formOrder), placeholder: '4012345678901234567', required: true }),
        input({
          name: 'wants',
          label: t(L, CX.formWants),
          placeholder: t(L, CX.formWantsHint),
          required: true,
          multiline: true,
        }),
        input({ name: 'amount', label: t(L, CX.formAmount), placeholder: '30 / 30元 / ¥30' }),
        input({ name: 'category', label: t(L, CX.formCategory), placeholder: categories }),
        button({ text: t(L, CX.formSubmit), value: { action: 'complaint.new' }, type: 'primary_filled', submit: true }),
      ]),
      note(t(L, CX.formNote)),
    ],
  });
}
