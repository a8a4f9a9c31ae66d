/** The mood cards: the check-in (private), the care card (private, to supervisors), the cover ask, history, forget. */
import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  checker,
  fields,
  form,
  input,
  markdown,
  note,
  type Card,
  type CardElement,
} from '../../cards/card';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { LEVELS, type Level } from './rules';
import type { Care, MoodEntry } from './repo';
import { CARE_STEPS, LEVEL_TEXT, MX } from './texts';

export const levelWords = (L: Locale, level: number) => `${level} ${t(L, LEVEL_TEXT[level as Level] ?? LEVEL_TEXT[3])}`;

/** The four levels as buttons and a note, one form: a press sends the level with the note. */
export function checkInCard(L: Locale, team: number, title: string, extra?: string): Card {
  const elements: CardElement[] = [markdown(t(L, MX.cardIntro))];
  if (extra) elements.push(note(extra));
  elements.push(
    form('mood', [
      input({ name: 'note', placeholder: t(L, MX.notePlaceholder), multiline: true }),
      ...LEVELS.map((n) =>
        button({
          text: t(L, MX.levelBtn, { n, text: t(L, LEVEL_TEXT[n]) }),
          value: { action: 'mood.checkin', team, level: n },
          command: `/mood ${n}`,
          type: n <= 2 ? 'default' : 'primary',
          submit: true,
        }),
      ),
    ]),
  );
  return card({ title, color: 'turquoise', elements });
}

export function answeredCard(L: Locale, level: number, text: string): Card {
  return card({ title: t(L, MX.answeredTitle), color: 'grey', elements: [markdown(text), note(levelWords(L, level))] });
}

export interface CareView {
  care: Care;
  entry: Pick<MoodEntry, 'level' | 'note' | 'createdAt'>;
  agentName: string;
  agentStores: string[];
  /** Who could cover now, with their stores. */
  candidates: { openId: string; name: string; stores: string[] }[];
  names: ReadonlyMap<string, string>;
}

/** The care card: who, the level, the note, when; the six steps ticked with who/when; cover; close. */
export function careCard(v: CareView, L: Locale, zone: string, now: Date): Card {
  const { care, entry } = v;
  const when = (iso: string | Date) => formatLocal(new Date(iso), zone, L, now);
  const nameOf = (id: string) => v.names.get(id) || id;
  const closed = care.status === 'resolved';
  const elements: CardElement[] = [
    ...fields([
      [t(L, MX.careWho), v.agentName],
      [t(L, MX.careLevel), levelWords(L, entry.level)],
      [t(L, MX.careWhen), when(entry.createdAt)],
      [t(L, MX.agentStores), v.agentStores.join('、') || t(L, MX.coverNoStores)],
    ]),
    markdown(`**${t(L, MX.careNote)}**：${entry.note || t(L, MX.careNoNote)}`),
    markdown(t(L, MX.careSteps)),
  ];
  CARE_STEPS.forEach((step, i) => {
    const tick = care.steps[String(i + 1)];
    elements.push(
      checker({
        text: tick ? t(L, MX.careTicked, { step: t(L, step), who: nameOf(tick.by), at: when(tick.at) }) : t(L, step),
        checked: Boolean(tick),
        value: { action: 'mood.step', id: care.id, team: care.teamId, step: i + 1 },
        ...(closed ? { disabled: true } : {}),
      }),
    );
  });
  elements.push(markdown(t(L, MX.coverTitle)));
  const asks = new Map(care.cover.map((c) => [c.openId, c]));
  const status = (id: string) => {
    const s = asks.get(id)?.status;
    return s === 'accepted'
      ? t(L, MX.coverAccepted)
      : s === 'declined'
        ? t(L, MX.coverDeclined)
        : s === 'asked'
          ? t(L, MX.coverAsked)
          : '';
  };
  // Whoever was asked stays listed (their answer is part of the record), then the others free now.
  const listed = [
    ...care.cover.map((c) => ({
      openId: c.openId,
      name: nameOf(c.openId),
      stores: v.candidates.find((x) => x.openId === c.openId)?.stores ?? [],
    })),
    ...v.candidates.filter((c) => !asks.has(c.openId)),
  ];
  if (!listed.length) elements.push(note(t(L, MX.coverNone)));
  for (const c of listed)
    elements.push(
      markdown(
        t(L, MX.coverLine, {
          who: c.name || c.openId,
          stores: c.stores.join('、') || t(L, MX.coverNoStores),
          status: status(c.openId),
        }),
      ),
    );
  const askable = closed ? [] : v.candidates.filter((c) => !asks.has(c.openId)).slice(0, 5);
  if (askable.length)
    elements.push(
      buttons(
        askable.map((c) =>
          button({
            text: t(L, MX.coverAskBtn, { who: c.name || c.openId }),
            value: { action: 'mood.askCover', id: care.id, team: care.teamId, openId: c.openId },
          }),
        ),
      ),
    );
  if (care.ackedBy) elements.push(note(t(L, MX.careAcked, { who: nameOf(care.ackedBy), at: when(care.ackedAt!) })));
  if (closed) elements.push(note(t(L, MX.careClosed, { who: nameOf(care.closedBy ?? ''), at: when(care.closedAt!) })));
  else {
    const row = [
      button({
        text: t(L, MX.careCloseBtn),
        type: 'primary_filled',
        value: { action: 'mood.close', id: care.id, team: care.teamId },
      }),
    ];
    if (!care.ackedBy)
      row.unshift(
        button({
          text: t(L, MX.careAckBtn),
          type: 'primary',
          value: { action: 'mood.ack', id: care.id, team: care.teamId },
        }),
      );
    elements.push(buttons(row));
    if (!care.ackedBy) elements.push(note(t(L, MX.careAckHint)));
  }
  const title = t(L, care.repeated ? MX.careTitleRepeat : MX.careTitle, { id: care.id, who: v.agentName });
  return card({ title, color: closed ? 'grey' : entry.level === 1 ? 'red' : 'orange', elements });
}

/** To a colleague: can you take these accounts? No level, no note: only who and which stores. */
export function coverAskCard(
  L: Locale,
  x: { team: number; careId: number; boss: string; who: string; stores: string[]; answer?: 'accepted' | 'declined' },
): Card {
  const elements: CardElement[] = [
    markdown(t(L, MX.askBody, { boss: x.boss, who: x.who, stores: x.stores.join('、') || t(L, MX.coverNoStores) })),
  ];
  if (x.answer)
    elements.push(
      note(t(L, MX.askAnswered, { answer: t(L, x.answer === 'accepted' ? MX.askAccepted : MX.askDeclined) })),
    );
  else
    elements.push(
      buttons([
        button({
          text: t(L, MX.askAccept),
          type: 'primary_filled',
          value: { action: 'mood.cover', team: x.team, id: x.careId, answer: 'accepted' },
        }),
        button({
          text: t(L, MX.askDecline),
          value: { action: 'mood.cover', team: x.team, id: x.careId, answer: 'declined' },
        }),
      ]),
    );
  return card({ title: t(L, MX.askTitle), color: x.answer ? 'grey' : 'blue', elements });
}

export function historyCard(L: Locale, zone: string, now: Date, entries: MoodEntry[]): Card {
  if (!entries.length) return card({ title: t(L, MX.historyTitle), elements: [markdown(t(L, MX.historyEmpty))] });
  const shown = entries.slice(0, 30);
  const lines = shown.map(
    (e) => `- ${formatLocal(e.createdAt, zone, L, now)} · ${levelWords(L, e.level)}${e.note ? ` · ${e.note}` : ''}`,
  );
  const elements: CardElement[] = [markdown(lines.join('\n'))];
  if (entries.length > shown.length) elements.push(note(t(L, MX.historyMore, { n: entries.length - shown.length })));
  return card({ title: t(L, MX.historyTitle), elements });
}

export function forgetCard(L: Locale, team: number, n: number, done?: number): Card {
  if (done !== undefined)
    return card({ title: t(L, MX.forgetTitle), color: 'grey', elements: [markdown(t(L, MX.forgotten, { n: done }))] });
  return card({
    title: t(L, MX.forgetTitle),
    color: 'red',
    elements: [
      markdown(t(L, MX.forgetBody, { n })),
      buttons([
        button({
          text: t(L, MX.forgetBtn),
          type: 'danger_filled',
          value: { action: 'mood.forget', team },
          confirm: t(L, MX.forgetConfirm),
        }),
      ]),
    ],
  });
}
