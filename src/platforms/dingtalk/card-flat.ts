/**
 * The card model flattened into the one-dimensional list DingTalk can show: its template loops over
 * a list of blocks, and its markdown is one column of paragraphs. Both DingTalk renderings
 * (card-template.ts, card-markdown.ts) start from this list.
 *
 * - columns become their elements one after the other (nothing sits side by side in a loop);
 * - fields become rows of two pairs; a row of buttons at most MAX_ROW_BUTTONS wide;
 * - charts become a note saying so and a compact table of their data;
 * - a form's inputs (and named tick boxes) take numbered slots, f1…fN, that the template keeps
 *   in local variables and its submit buttons send back; the button carries which slot is which
 *   input, so a press decodes without any state on our side.
 */
import type { Button, Card, CardElement } from '../../cards/card';
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { chartAsTable } from './card-chart';
import { DX } from './card-texts';

/** Buttons side by side in one block (the template has this many button places per row). */
export const MAX_ROW_BUTTONS = 4;
/** Inputs and named tick boxes one card can hold (the template's local variables f1…f8). */
export const MAX_FORM_SLOTS = 8;
/** Rows of a chart's data shown as a table: a month of days. */
export const MAX_CHART_ROWS = 31;

export type SlotName = `f${number}`;

/** Which slot holds which of a form's inputs, and what it held when the card was sent. */
export type FormSlots = Record<string, { name: string; kind: 'text' | 'check'; initial?: string | boolean }>;

export type Flat =
  | { kind: 'markdown'; text: string; align?: 'left' | 'center' | 'right' }
  | { kind: 'note'; text: string }
  | { kind: 'divider' }
  | { kind: 'fields'; pairs: { label: string; value: string }[] }
  | {
      kind: 'table';
      columns: { key: string; title: string }[];
      rows: Record<string, string>[];
      /** Set when rows were left out (a chart's data beyond MAX_CHART_ROWS). */
      total?: number;
    }
  | { kind: 'buttons'; buttons: { button: Button; form?: FormSlots }[] }
  | {
      kind: 'checker';
      text: string;
      checked: boolean;
      value: Record<string, unknown>;
      disabled?: boolean;
      /** In a form with a name: its state goes into the form's slot instead of calling back. */
      slot?: SlotName;
    }
  | {
      kind: 'input';
      label?: string;
      placeholder?: string;
      initial?: string;
      required?: boolean;
      multiline?: boolean;
      /** Absent when the card has more inputs than the template has slots. */
      slot?: SlotName;
    };

export function flattenCard(c: Card, locale: Locale): Flat[] {
  const out: Flat[] = [];
  let slots = 0;
  const nextSlot = (): SlotName | undefined => (slots < MAX_FORM_SLOTS ? `f${++slots}` : undefined);

  const buttonRow = (bs: Button[], form?: FormSlots) => {
    for (let i = 0; i < bs.length; i += MAX_ROW_BUTTONS)
      out.push({
        kind: 'buttons',
        buttons: bs
          .slice(i, i + MAX_ROW_BUTTONS)
          .map((button) => (button.submit && form ? { button, form } : { button })),
      });
  };

  const walk = (el: CardElement, form?: FormSlots): void => {
    switch (el.kind) {
      case 'markdown':
        out.push({ kind: 'markdown', text: el.text, ...(el.align ? { align: el.align } : {}) });
        return;
      case 'note':
        out.push({ kind: 'note', text: el.text });
        return;
      case 'divider':
        out.push({ kind: 'divider' });
        return;
      case 'fields':
        for (let i = 0; i < el.pairs.length; i += 2) out.push({ kind: 'fields', pairs: el.pairs.slice(i, i + 2) });
        return;
      case 'table':
        out.push({ kind: 'table', columns: el.columns, rows: el.rows });
        return;
      case 'chart': {
        const tbl = chartAsTable(el.spec);
        out.push({ kind: 'note', text: `${t(locale, DX.chartAsTable)}${tbl.title ? ` ${tbl.title}` : ''}` });
        const rows = tbl.rows.slice(0, MAX_CHART_ROWS);
        out.push({
          kind: 'table',
          columns: tbl.columns,
          rows,
          ...(rows.length < tbl.rows.length ? { total: tbl.rows.length } : {}),
        });
        return;
      }
      case 'button':
        buttonRow([el], form);
        return;
      case 'buttons':
        buttonRow(el.buttons, form);
        return;
      case 'checker': {
        const slot = form && el.name ? nextSlot() : undefined;
        if (slot && form && el.name) form[slot] = { name: el.name, kind: 'check', initial: el.checked };
        out.push({
          kind: 'checker',
          text: el.text,
          checked: el.checked,
          value: el.value,
          ...(el.disabled ? { disabled: true } : {}),
          ...(slot ? { slot } : {}),
        });
        return;
      }
      case 'input': {
        const slot = form ? nextSlot() : undefined;
        if (slot && form) form[slot] = { name: el.name, kind: 'text', ...(el.initial ? { initial: el.initial } : {}) };
        out.push({
          kind: 'input',
          ...(el.label ? { label: el.label } : {}),
          ...(el.placeholder ? { placeholder: el.placeholder } : {}),
          ...(el.initial ? { initial: el.initial } : {}),
          ...(el.required ? { required: true } : {}),
          ...(el.multiline ? { multiline: true } : {}),
          ...(slot ? { slot } : {}),
        });
        return;
      }
      case 'form': {
        // Filled while its elements are walked: the submit buttons hold the same object, so a
        // button above an input still sends that input.
        const own: FormSlots = {};
        for (const e of el.elements) walk(e, own);
        return;
      }
      case 'columns':
        for (const col of el.columns) for (const e of col.elements) walk(e, form);
        return;
    }
  };
  for (const el of c.elements) walk(el);
  return out;
}

/** Every text of a card (header included), for reading its language and its mentions. */
export function cardTexts(c: Card): string[] {
  const texts: string[] = [c.header.title, c.header.subtitle ?? ''];
  const walk = (el: CardElement): void => {
    switch (el.kind) {
      case 'markdown':
      case 'note':
        texts.push(el.text);
        return;
      case 'fields':
        for (const p of el.pairs) texts.push(p.label, p.value);
        return;
      case 'table':
        texts.push(...el.columns.map((x) => x.title));
        for (const r of el.rows) texts.push(...Object.values(r));
        return;
      case 'button':
        texts.push(el.text);
        return;
      case 'buttons':
        texts.push(...el.buttons.map((b) => b.text));
        return;
      case 'checker':
        texts.push(el.text);
        return;
      case 'input':
        texts.push(el.label ?? '', el.placeholder ?? '', el.initial ?? '');
        return;
      case 'form':
        el.elements.forEach(walk);
        return;
      case 'columns':
        for (const col of el.columns) col.elements.forEach(walk);
        return;
      case 'chart':
      case 'divider':
        return;
    }
  };
  c.elements.forEach(walk);
  return texts;
}
