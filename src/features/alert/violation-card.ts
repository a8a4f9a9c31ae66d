/** A violation's card: posted at once, its own message (violations are not grouped), 认领 until claimed. */
import type { Locale } from '../../config';
import { button, buttons, card, fields, markdown, note, type CardElement } from '../../cards/card';
import { mention, mentionAll } from '../../cards/mention';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { delayBefore, type EscalationPolicy } from '../../escalation/policy';
import type { Violation } from './violation-repo';
import { VX } from './violation-texts';

/** The store's ops people (its own, else the team's ops role), @-mentioned while nobody has claimed it. */
export interface CardOps {
  ids: readonly string[];
  names: ReadonlyMap<string, string>;
}

export function violationCard(
  v: Violation,
  policy: EscalationPolicy | null,
  L: Locale,
  zone: string,
  now: Date,
  ops?: CardOps,
) {
  const num = (n: number | null, unit?: 'amount') =>
    n === null ? t(L, VX.none) : unit ? t(L, VX.amountValue, { n }) : String(n);
  const elements: CardElement[] = [
    ...fields([
      [t(L, VX.store), v.storeName],
      [t(L, VX.kind), v.kind],
      [t(L, VX.points), num(v.points)],
      [t(L, VX.amount), num(v.amount, 'amount')],
      [t(L, VX.when), formatLocal(v.occurredAt, zone, L, now)],
    ]),
    markdown(v.description),
  ];
  if (v.claimedBy)
    elements.push(note(t(L, VX.claimedBy, { who: mention(v.claimedBy), at: formatLocal(v.claimedAt!, zone, L, now) })));
  else {
    if (ops?.ids.length) elements.push(markdown(t(L, VX.ops, { who: mentionAll(ops.names, ops.ids) })));
    elements.push(
      buttons([
        button({
          text: t(L, VX.claimBtn),
          type: 'primary_filled',
          value: { action: 'alert.violationClaim', id: v.id },
        }),
      ]),
    );
    if (v.severe && policy)
      elements.push(note(t(L, VX.severeNote, { minutes: Math.round(delayBefore(policy, 1) / 60_000) })));
  }
  const vars = { store: v.storeName, kind: v.kind };
  return card({
    title: t(L, v.severe ? VX.titleSevere : VX.title, vars),
    color: v.claimedBy ? 'grey' : v.severe ? 'red' : 'orange',
    elements,
  });
}
