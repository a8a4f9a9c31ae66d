/** The library's cards: search results with a 复制 button each, one script with its history, the prefilled add. */
import {
  button,
  buttons,
  card,
  divider,
  form,
  input,
  markdown,
  nameOrMention,
  note,
  type Card,
  type CardElement,
} from '../../cards/card';
import type { Locale } from '../../config';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import type { ListedScript } from './repo';
import type { ScriptTier, ScriptVersion } from './schema';
import { SX, TIER_NAMES } from './texts';

export const SHOWN_RESULTS = 5;
const PREVIEW = 160;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const tagText = (tags: string[]) => (tags.length ? ' · ' + tags.map((x) => `#${x}`).join(' ') : '');

export function resultsCard(opts: { query: string; found: ListedScript[]; locale: Locale; team: number }): Card {
  const L = opts.locale;
  const shown = opts.found.slice(0, SHOWN_RESULTS);
  const elements: CardElement[] = [];
  shown.forEach((s, i) => {
    if (i) elements.push(divider());
    elements.push(
      markdown(
        t(L, SX.resultLine, {
          id: s.id,
          title: s.title,
          tier: t(L, TIER_NAMES[s.tier]),
          uses: s.uses,
          tags: tagText(s.tags),
          text: clip(s.body, PREVIEW),
        }),
      ),
      buttons([
        button({
          text: t(L, SX.copyBtn, { id: s.id }),
          type: i === 0 ? 'primary' : 'default',
          value: { action: 'script.copy', id: s.id, team: opts.team },
        }),
      ]),
    );
  });
  if (opts.found.length > shown.length) elements.push(note(t(L, SX.more, { n: opts.found.length - shown.length })));
  return card({
    title: t(L, SX.resultsTitle, { query: opts.query }),
    subtitle: t(L, SX.resultsSub, { n: opts.found.length }),
    color: 'turquoise',
    elements,
  });
}

export function detailCard(v: {
  script: ListedScript;
  versions: ScriptVersion[];
  places: string[];
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
}): Card {
  const L = v.locale;
  const s = v.script;
  const at = (d: Date) => formatLocal(d, v.zone, L, v.now);
  const who = (id: string) => (id === 'system' ? t(L, SX.system) : nameOrMention(v.names, id));
  const history = v.versions
    .map((x) =>
      t(L, SX.historyLine, {
        version: x.version,
        at: at(x.at),
        who: who(x.by),
        change: t(L, SX[`change_${x.change}`]),
      }),
    )
    .reverse();
  const elements: CardElement[] = [
    markdown(
      t(L, SX.detailMeta, {
        tier: t(L, TIER_NAMES[s.tier]),
        uses: s.uses,
        last: s.lastUsedAt ? t(L, SX.lastUsed, { at: at(s.lastUsedAt) }) : '',
        tags: tagText(s.tags),
      }),
    ),
    markdown(s.body),
  ];
  if (v.places.length) elements.push(note(t(L, SX.linkedTo, { places: v.places.join('、') })));
  elements.push(divider(), markdown(`${t(L, SX.historyTitle)}\n${history.slice(0, 20).join('\n')}`));
  if (!s.removedAt)
    elements.push(
      buttons([
        button({
          text: t(L, SX.copyBtn, { id: s.id }),
          type: 'primary',
          value: { action: 'script.copy', id: s.id, team: s.teamId },
        }),
      ]),
    );
  return card({
    title: t(L, SX.detailTitle, { id: s.id, title: s.title }) + (s.removedAt ? t(L, SX.removedMark) : ''),
    color: s.removedAt ? 'grey' : 'turquoise',
    elements,
  });
}

/** The add, prefilled from a keyword early warning; sent privately to whoever pressed 为此添加话术. */
export function draftCard(opts: { keyword: string; tier: ScriptTier; locale: Locale; team: number }): Card {
  const L = opts.locale;
  return card({
    title: t(L, SX.draftTitle, { keyword: opts.keyword }),
    color: 'turquoise',
    elements: [
      markdown(t(L, SX.draftHint, { keyword: opts.keyword })),
      form('script-draft', [
        input({ name: 'title', label: t(L, SX.fieldTitle), initial: opts.keyword, required: true }),
        input({
          name: 'text',
          label: t(L, SX.fieldText),
          placeholder: t(L, SX.textPlaceholder),
          multiline: true,
          required: true,
        }),
        input({ name: 'tags', label: t(L, SX.fieldTags), initial: opts.keyword }),
        input({ name: 'tier', label: t(L, SX.fieldTier), initial: t(L, TIER_NAMES[opts.tier]) }),
        buttons([
          button({
            text: t(L, SX.saveBtn),
            type: 'primary',
            submit: true,
            value: { action: 'script.create', team: opts.team },
          }),
        ]),
      ]),
    ],
  });
}

/** A button other features put on their cards (the keyword warning): it starts a prefilled add. */
export const draftButton = (locale: Locale, keyword: string) =>
  button({ text: t(locale, SX.draftBtn), value: { action: 'script.draft', keyword } });
