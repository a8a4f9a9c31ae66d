/**
 * The cards of a chat import (pure): the preview with 导入 / 取消, the questions (which day, which
 * store), and the card as it ends (导入中, imported with counts, cancelled). One card per import:
 * later states patch it in place.
 */
import type { Locale } from '../../config';
import { button, buttons, card, divider, fields, form, input, markdown, mention, note } from '../../cards/card';
import type { Card, CardElement } from '../../cards/card';
import { t } from '../../i18n';
import { metricByKey } from './catalog';
import { formatValue } from './format';
import { PLATFORM_NAMES } from './headers';
import type { ImportSummary } from './import-file';
import { IX } from './import-texts';
import type { Refusal } from './export-table';

const COLUMNS_SHOWN = 15;
const REFUSED_SHOWN = 8;
const AGENTS_SHOWN = 8;
/** What /store add accepts; a longer cell is no store name worth a button. */
export const MAX_STORE_NAME = 40;

const metricName = (key: string, L: Locale) => {
  const m = metricByKey(key);
  return m ? t(L, m.name) : key;
};

/** A list of days as a range when there are several. */
export const daysText = (days: readonly string[]): string =>
  days.length <= 2 ? days.join('、') : `${days[0]} … ${days[days.length - 1]}（${days.length}）`;

export function refusalText(r: Refusal, L: Locale): string {
  switch (r.why) {
    case 'bad_value':
      return t(L, IX.whyBadValue, { column: r.column, text: r.text });
    case 'out_of_range':
      return t(L, r.range === 'negative' ? IX.whyNegative : IX.whyOver100, {
        column: r.column,
        value: String(r.value),
      });
    case 'no_store':
      return t(L, IX.whyNoStore, { agent: r.agent ? t(L, IX.whyNoStoreAgent, { agent: r.agent }) : '' });
    case 'no_date':
      return t(L, IX.whyNoDate);
  }
}

export interface PreviewView {
  id: number;
  /** Buttons carry the team: in a private chat the chat names none (see core/handle-event.ts). */
  team: number;
  fileName: string;
  summary: ImportSummary;
  /** Values the import would replace (a read-only count). */
  replaces: number;
  /** This very file imported before. */
  before?: { by: string; at: string };
  locale: Locale;
}

export function previewCard(v: PreviewView): Card {
  const L = v.locale;
  const s = v.summary;
  const elements: CardElement[] = [];
  const agents =
    s.agentCount > AGENTS_SHOWN
      ? t(L, IX.agentsMore, {
          list: s.agents.slice(0, AGENTS_SHOWN).join('、'),
          n: s.agentCount,
          more: s.agentCount - AGENTS_SHOWN,
        })
      : s.agents.join('、') || '—';
  elements.push(
    ...fields([
      [t(L, IX.platform), s.platform ? t(L, PLATFORM_NAMES[s.platform]) : t(L, IX.platformUnknown)],
      [t(L, IX.days), daysText(s.days) || '—'],
      [t(L, IX.stores), s.stores.join('、') || '—'],
      [t(L, IX.agents), agents],
      [
        t(L, IX.rows),
        t(L, IX.rowsValue, {
          rows: s.rows,
          values: s.values,
          summary: s.summaryRows ? t(L, IX.summaryRows, { n: s.summaryRows }) : '',
        }),
      ],
    ]),
  );
  const cols = s.columns
    .slice(0, COLUMNS_SHOWN)
    .map((c) => t(L, IX.columnLine, { label: c.label, metric: metricName(c.metric, L) }));
  if (s.columns.length > COLUMNS_SHOWN) cols.push(t(L, IX.refusedMore, { n: s.columns.length - COLUMNS_SHOWN }));
  elements.push(divider(), markdown([t(L, IX.columnsTitle), ...cols].join('\n')));
  if (s.ignored.length) elements.push(note(t(L, IX.ignored, { list: s.ignored.join('、') })));
  if (s.samples.length) {
    const lines = s.samples.map((x) => {
      const m = metricByKey(x.metric);
      return t(L, IX.sampleLine, {
        line: x.line,
        who: x.agent ? `${x.store} ${x.agent}` : x.store,
        day: x.day,
        metric: metricName(x.metric, L),
        value: m ? formatValue(x.value, m.unit, L) : String(x.value),
      });
    });
    elements.push(markdown([t(L, IX.samplesTitle), ...lines].join('\n')));
  }
  if (s.refusedCount) {
    const lines = s.refused
      .slice(0, REFUSED_SHOWN)
      .map((r) => t(L, IX.refusedLine, { line: r.line, why: refusalText(r, L) }));
    if (s.refusedCount > lines.length) lines.push(t(L, IX.refusedMore, { n: s.refusedCount - lines.length }));
    elements.push(divider(), markdown([t(L, IX.refusedTitle, { n: s.refusedCount }), ...lines].join('\n')));
  }
  if (s.unknownStores.length) elements.push(markdown(t(L, IX.unknownStores, { list: s.unknownStores.join('、') })));
  elements.push(divider());
  elements.push(markdown(v.replaces ? t(L, IX.replaces, { n: v.replaces }) : t(L, IX.replacesNone)));
  if (v.before) elements.push(markdown(t(L, IX.sameFile, { who: mention(v.before.by), at: v.before.at })));
  const actions = [];
  if (s.values > 0)
    actions.push(
      button({ text: t(L, IX.importButton), type: 'primary', value: { action: 'kpi.import', id: v.id, team: v.team } }),
    );
  else elements.push(markdown(t(L, IX.nothingToImport)));
  actions.push(button({ text: t(L, IX.cancelButton), value: { action: 'kpi.cancel', id: v.id, team: v.team } }));
  for (const store of s.unknownStores.filter((n) => n.length <= MAX_STORE_NAME).slice(0, 5))
    actions.push(
      button({
        text: t(L, IX.addStoreButton, { store }),
        value: { action: 'kpi.add_store', id: v.id, team: v.team, store },
      }),
    );
  elements.push(buttons(actions), note(t(L, IX.previewNote)));
  return card({ title: t(L, IX.previewTitle, { file: v.fileName }), color: 'blue', elements });
}

export function needDateCard(v: {
  id: number;
  team: number;
  fileName: string;
  range?: { from: string; to: string };
  locale: Locale;
}): Card {
  const L = v.locale;
  return card({
    title: t(L, IX.needDateTitle, { file: v.fileName }),
    color: 'orange',
    elements: [
      markdown(t(L, IX.needDate, { range: v.range ? t(L, IX.needDateRange, v.range) : '' })),
      form('kpi_day', [
        input({ name: 'day', label: t(L, IX.dayLabel), placeholder: '2026-11-30', required: true }),
        button({
          text: t(L, IX.dayButton),
          type: 'primary',
          submit: true,
          value: { action: 'kpi.day', id: v.id, team: v.team },
        }),
      ]),
      buttons([button({ text: t(L, IX.cancelButton), value: { action: 'kpi.cancel', id: v.id, team: v.team } })]),
    ],
  });
}

export function needStoreCard(v: {
  id: number;
  team: number;
  fileName: string;
  stores: readonly string[];
  locale: Locale;
}): Card {
  const L = v.locale;
  const picks = v.stores
    .slice(0, 10)
    .map((store) => button({ text: store, value: { action: 'kpi.store_pick', id: v.id, team: v.team, store } }));
  return card({
    title: t(L, IX.needStoreTitle, { file: v.fileName }),
    color: 'orange',
    elements: [
      markdown(t(L, IX.needStore)),
      buttons([
        ...picks,
        button({ text: t(L, IX.cancelButton), value: { action: 'kpi.cancel', id: v.id, team: v.team } }),
      ]),
    ],
  });
}

/** The preview card's final or in-between state: what happened, no buttons left to press. */
export function statusCard(v: {
  fileName: string;
  state: 'importing' | 'imported' | 'cancelled' | 'failed' | 'repreview';
  text?: string;
  locale: Locale;
}): Card {
  const L = v.locale;
  const title =
    v.state === 'imported'
      ? t(L, IX.importedTitle, { file: v.fileName })
      : v.state === 'cancelled'
        ? t(L, IX.cancelledTitle, { file: v.fileName })
        : t(L, IX.previewTitle, { file: v.fileName });
  const color =
    v.state === 'imported' ? 'green' : v.state === 'failed' ? 'red' : v.state === 'cancelled' ? 'grey' : 'blue';
  const text =
    v.text ??
    (v.state === 'importing' ? t(L, IX.importing) : v.state === 'repreview' ? t(L, IX.repreview) : t(L, IX.importing));
  return card({ title, color, elements: [markdown(text)] });
}
