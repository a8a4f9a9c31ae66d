/**
 * The inspection card (pure): progress, each item's state with its pre-fill and who confirmed it
 * when, 正常 / 有问题 per item, "其余全部正常", a form to record a problem with a note, and the open
 * follow-ups of earlier mornings. One card per day, updated in place.
 */
import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  columns,
  divider,
  form,
  input,
  markdown,
  note,
  type Card,
  type CardElement,
} from '../../cards/card';
import { mention, nameOrMention } from '../../cards/mention';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { progress, type ItemState } from './items';
import type { Followup, Inspection } from './repo';
import { IX } from './texts';

export interface CardView {
  row: Pick<Inspection, 'id' | 'day' | 'owner' | 'deadlineAt' | 'completedAt' | 'items'>;
  carried: Pick<Followup, 'id' | 'item' | 'note' | 'owner' | 'openedAt'>[];
  /** Display names by open_id: who confirmed is shown by name (a mention would notify on every update). */
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
}

/** The state word, coloured: green OK, red problem, orange where the data shows something to look at. */
function stateText(it: ItemState, L: Locale): string {
  if (it.state === 'ok') return `<font color='green'>${t(L, IX.ok)}</font>`;
  if (it.state === 'problem') return `<font color='red'>${t(L, IX.problem)}</font>`;
  if (it.prefill.status === 'ok') return `<font color='green'>${t(L, IX.dataOk)}</font>`;
  if (it.prefill.status === 'issue') return `<font color='orange'>${t(L, IX.pending)}（${t(L, IX.dataIssue)}）</font>`;
  return t(L, IX.pending);
}

function itemText(it: ItemState, n: number, v: CardView): string {
  const L = v.locale;
  const lines = [`**${n}. ${it.name}** · ${stateText(it, L)}`];
  if (it.by && it.at)
    lines.push(
      t(L, IX.confirmedBy, { who: nameOrMention(v.names, it.by), at: formatLocal(new Date(it.at), v.zone, L, v.now) }),
    );
  if (it.state === 'problem')
    lines.push(t(L, IX.problemLine, { note: it.note ?? '', owner: nameOrMention(v.names, it.owner ?? '') }));
  const colour = it.prefill.status === 'issue' ? 'orange' : 'grey';
  for (const l of it.prefill.lines) lines.push(`<font color='${colour}'>${l}</font>`);
  return lines.join('\n');
}

export function inspectionCard(v: CardView): Card {
  const L = v.locale;
  const items = v.row.items;
  const p = progress(items);
  const day = v.row.day.slice(5);
  const elements: CardElement[] = [
    markdown(
      t(L, IX.owner, {
        who: v.row.owner ? mention(v.row.owner) : t(L, IX.ownerNobody),
        deadline: formatLocal(v.row.deadlineAt, v.zone, L, v.now),
      }) + (!v.row.completedAt && v.now.getTime() >= v.row.deadlineAt.getTime() ? `\n${t(L, IX.late)}` : ''),
    ),
  ];
  items.forEach((it, i) => {
    const n = i + 1;
    elements.push(
      columns(
        [
          [markdown(itemText(it, n, v))],
          [
            buttons([
              button({
                text: t(L, IX.okBtn),
                type: it.state === 'ok' ? 'primary_filled' : 'default',
                value: { action: 'inspection.mark', id: v.row.id, n, state: 'ok' },
                command: `/inspect ${n} ok`,
              }),
              button({
                text: t(L, IX.problemBtn),
                type: it.state === 'problem' ? 'danger_filled' : 'danger',
                value: { action: 'inspection.mark', id: v.row.id, n, state: 'problem' },
              }),
            ]),
          ],
        ],
        { weights: [4, 2] },
      ),
    );
  });
  if (p.done < p.total)
    elements.push(
      buttons([
        button({
          text: t(L, IX.restBtn),
          type: 'primary',
          value: { action: 'inspection.rest', id: v.row.id },
          confirm: t(L, IX.restConfirm),
        }),
      ]),
    );
  elements.push(
    form(`inspection_${v.row.id}`, [
      input({ name: 'n', label: t(L, IX.formNo), placeholder: '3', required: true }),
      input({ name: 'note', label: t(L, IX.formNote), required: true }),
      button({
        text: t(L, IX.formSubmit),
        type: 'danger',
        submit: true,
        value: { action: 'inspection.problem', id: v.row.id },
      }),
    ]),
  );
  if (v.carried.length) {
    elements.push(divider());
    elements.push(
      markdown(
        [
          t(L, IX.carried),
          ...v.carried.map(
            (f) =>
              `#${f.id} ` +
              t(L, IX.carriedLine, {
                day: formatLocal(f.openedAt, v.zone, L, v.now),
                item: f.item,
                note: f.note,
                owner: nameOrMention(v.names, f.owner),
              }),
          ),
        ].join('\n'),
      ),
    );
    elements.push(
      buttons(
        v.carried.slice(0, 5).map((f) =>
          button({
            text: t(L, IX.followupDoneBtn, { id: f.id }),
            value: { action: 'inspection.followup', id: v.row.id, followup: f.id },
          }),
        ),
      ),
    );
  }
  elements.push(note(t(L, IX.footer)));
  const done = v.row.completedAt !== null;
  return card({
    title: done
      ? t(L, IX.titleDone, { day, problems: p.problems })
      : t(L, IX.title, { day, done: p.done, total: p.total }),
    color: done ? (p.problems ? 'orange' : 'green') : v.now.getTime() >= v.row.deadlineAt.getTime() ? 'red' : 'blue',
    elements,
  });
}
