/** The warning's card (platform-neutral): the order, why it is risky, 认领, and the outcome buttons. */
import { button, buttons, card, markdown, note, type Card, type CardElement } from '../../cards/card';
import { mentionAll, nameOrMention } from '../../cards/mention';
import type { Locale } from '../../config';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import type { RiskOrder } from './repo';
import { closes, OUTCOMES, type Reason, type RiskRules } from './rules';
import { OUTCOME_NAMES, REASON_NAMES, REASON_SHORT, RX } from './texts';

const yuan = (n: number | null) => (n === null ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2));

/** One line per reason, with the order's own figures. */
export function reasonLine(L: Locale, r: Reason, o: RiskOrder, rules: RiskRules): string {
  return t(L, REASON_NAMES[r], {
    hours: rules.staleHours ?? '',
    region: o.region ?? '',
    amount: yuan(o.amount),
    line: yuan(rules.amountAtLeast),
    refunds: o.buyerRefunds ?? '',
  });
}

export const reasonsShort = (L: Locale, reasons: readonly Reason[]): string =>
  reasons.map((r) => t(L, REASON_SHORT[r])).join('、');

export interface WarningView {
  order: RiskOrder;
  rules: RiskRules;
  /** The senior agents of the team, asked on the card. */
  seniors: string[];
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
}

export function warningCard(v: WarningView): Card {
  const { order: o, locale: L } = v;
  const at = (d: Date) => formatLocal(d, v.zone, L, v.now);
  const who = (id: string) => nameOrMention(v.names, id);
  const elements: CardElement[] = [
    markdown(t(L, RX.cardOrder, { store: o.storeName, order: o.orderId })),
    markdown(t(L, RX.cardWhy, { reasons: o.reasons.map((r) => `- ${reasonLine(L, r, o, v.rules)}`).join('\n') })),
  ];
  const action = (name: string, extra: Record<string, unknown> = {}) => ({
    action: `risk.${name}`,
    id: o.id,
    team: o.teamId,
    ...extra,
  });
  if (o.claimedBy && o.claimedAt)
    elements.push(markdown(t(L, RX.cardClaimed, { who: who(o.claimedBy), at: at(o.claimedAt) })));
  if (o.outcome && o.outcomeBy && o.outcomeAt)
    elements.push(
      markdown(
        t(L, RX.cardOutcome, { outcome: t(L, OUTCOME_NAMES[o.outcome]), who: who(o.outcomeBy), at: at(o.outcomeAt) }),
      ),
    );
  if (o.complaintId) elements.push(markdown(t(L, RX.cardComplaint, { id: o.complaintId })));
  if (!o.closedAt) {
    if (o.status === 'open') {
      const asked = v.seniors.length ? mentionAll(v.names, v.seniors) : '';
      elements.push(markdown(t(L, RX.cardAsk, { who: asked }).trim()));
      if (!v.seniors.length) elements.push(note(t(L, RX.cardNoSenior)));
      if (o.unreachedAt) elements.push(note(t(L, RX.cardUnreached)));
      else if (o.nextStepAt) elements.push(note(t(L, RX.cardNext, { at: at(o.nextStepAt) })));
    }
    const outcomeButtons = OUTCOMES.filter((x) => x !== o.outcome).map((x) =>
      button({
        text: t(L, OUTCOME_NAMES[x]),
        value: action('outcome', { outcome: x }),
        type: closes(x) ? 'default' : 'primary',
        ...(x === 'complaint' ? { confirm: t(L, RX.complaintConfirm) } : {}),
      }),
    );
    elements.push(
      buttons([
        ...(o.status === 'open'
          ? [button({ text: t(L, RX.claimButton), value: action('claim'), type: 'primary_filled' })]
          : []),
        ...outcomeButtons,
      ]),
    );
  }
  return card({
    title: t(L, RX.cardTitle, { id: o.id }),
    subtitle: reasonsShort(L, o.reasons),
    color: o.closedAt ? 'green' : o.status === 'claimed' ? 'blue' : 'orange',
    elements,
  });
}
