/** The complaint card: the six steps on one card, re-rendered whole on each change, patched by ref. Pure. */
import type { ShownScript } from '../../core/script-slots';
import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  divider,
  fields,
  form,
  input,
  markdown,
  nameOrMention,
  note,
  type Card,
  type CardElement,
} from '../../cards/card';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { categoryName, type Complaint } from './repo';
import {
  granted,
  needsRiskApproval,
  riskCleared,
  RESPONSIBILITIES,
  STAGES,
  type ComplaintSettings,
  type Responsibility,
  type RootCause,
  type Stage,
} from './rules';
import { FACTS } from './schema';
import { ANSWER_NAMES, CAUSE_NAMES, CX, FACT_NAMES, RESPONSIBILITY_NAMES, ROLE_NAMES, STAGE_NAMES } from './texts';

export interface CardView {
  complaint: Complaint;
  settings: ComplaintSettings;
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
  /** The store's platform order-id check failed. */
  orderWarning?: string;
  /** The script the team linked to the complaint's category (core/script-slots.ts). */
  script?: ShownScript;
}

/** The last notes shown, each to its first NOTE_CHARS: the card stays within Feishu's 30 KB at its fullest. */
const MAX_NOTES = 8;
const NOTE_CHARS = 140;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const roleName = (L: Locale, r: string) => t(L, ROLE_NAMES[r] ?? { 'zh-CN': r, en: r });
export const money = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? '?' : Number.isInteger(n) ? String(n) : n.toFixed(2);

/** The next stage not done yet, and its deadline. */
export function nextDue(c: Complaint): { stage: Stage; at: Date } | undefined {
  const s = STAGES.find((x) => !c.done[x]);
  return s ? { stage: s, at: new Date(c.due[s]) } : undefined;
}

export function complaintCard(v: CardView): Card {
  const c = v.complaint;
  const L = v.locale;
  const id = c.id;
  const who = (openId: string | null | undefined) => (openId ? nameOrMention(v.names, openId) : '');
  const at = (iso: string | Date) => formatLocal(new Date(iso), v.zone, L, v.now);
  const el: CardElement[] = [];
  const cat = v.settings.categories[c.category as keyof ComplaintSettings['categories']];
  el.push(
    markdown(t(L, CX.head, { order: c.orderId, wants: c.wants, owner: who(c.ownerOpenId), at: at(c.createdAt) })),
  );
  if (v.orderWarning) el.push(note(v.orderWarning));
  const sla = STAGES.map((s) =>
    t(L, CX.slaItem, {
      stage: t(L, STAGE_NAMES[s]),
      at: at(c.due[s]),
      mark: c.done[s] ? t(L, CX.slaDone) : c.breaches.includes(s) ? t(L, CX.slaBreached) : '',
    }),
  ).join(' · ');
  el.push(markdown(t(L, CX.sla, { list: sla })));
  if (c.pausedAt) el.push(note(t(L, CX.paused, { at: at(c.pausedAt), id })));
  if (c.escalatedAt) {
    el.push(markdown(t(L, CX.escalated, { at: at(c.escalatedAt) })));
    if (c.claimedBy) el.push(note(t(L, CX.escalationAcked, { who: who(c.claimedBy), at: at(c.claimedAt!) })));
    else if (!c.closedAt)
      el.push(buttons([button({ text: t(L, CX.ackBtn), value: { action: 'complaint.ack', id }, type: 'danger' })]));
  }
  const open = !c.closedAt;

  // ① Locate
  el.push(divider(), markdown(t(L, CX.s1)));
  el.push(
    ...fields(
      FACTS.map((f) => {
        const x = c.facts[f];
        return [
          t(L, FACT_NAMES[f]),
          x ? t(L, CX.factMeta, { text: x.text, who: who(x.by), at: at(x.at) }) : t(L, CX.factEmpty),
        ];
      }),
    ),
  );
  if (open)
    el.push(
      form(`complaint-${id}-facts`, [
        ...FACTS.map((f) =>
          input({
            name: f,
            label: t(L, FACT_NAMES[f]),
            multiline: true,
            ...(c.facts[f] ? { initial: c.facts[f]!.text } : {}),
            ...(f === 'progress' ? { placeholder: t(L, CX.factPlaceholder) } : {}),
          }),
        ),
        buttons([
          button({
            text: t(L, CX.factsSaveBtn),
            type: 'primary',
            submit: true,
            value: { action: 'complaint.facts', id },
          }),
        ]),
      ]),
    );
  const notes = c.events.filter((e) => e.kind === 'note').slice(-MAX_NOTES);
  for (const n of notes)
    el.push(markdown(`${at(String(n.at))} ${who(n.actor as string)}：${clip(String(n.text), NOTE_CHARS)}`));
  if (open) el.push(note(t(L, CX.s1Hint, { id })));

  // ② Responsibility
  el.push(markdown(t(L, CX.s2)));
  if (c.responsibility) {
    el.push(
      markdown(
        t(L, CX.s2Set, {
          resp: t(L, RESPONSIBILITY_NAMES[c.responsibility as Responsibility]),
          who: who(c.events.findLast((e) => e.kind === 'resp')?.actor as string),
          note: c.responsibilityNote ?? '',
        }),
      ),
    );
  }
  // Still changeable while open: the platform's ruling can come in after a first guess.
  if (open) {
    el.push(note(t(L, c.responsibility ? CX.s2Change : CX.s2Hint)));
    el.push(
      form(`complaint-${id}-resp`, [
        input({ name: 'note', placeholder: t(L, CX.respNotePlaceholder) }),
        buttons(
          RESPONSIBILITIES.map((r) =>
            button({
              text: t(L, RESPONSIBILITY_NAMES[r]),
              submit: true,
              value: { action: 'complaint.resp', id, r },
              command: `/complaint ${id} resp ${r}`,
            }),
          ),
        ),
      ]),
    );
  }

  // ③ Risk estimate
  el.push(markdown(t(L, CX.s3)));
  const risk = { amount: c.amount, crisis: !!c.crisis, approvals: c.approvals };
  const worst = c.amount === null ? t(L, CX.unknownAmount) : t(L, CX.yuan, { n: money(c.amount) });
  const line = money(v.settings.riskLine);
  if (!needsRiskApproval(risk, v.settings.riskLine)) el.push(markdown(t(L, CX.s3Direct, { worst, line })));
  else {
    el.push(markdown(t(L, CX.s3Needs, { worst, line, crisis: c.crisis ? t(L, CX.s3Crisis) : '' })));
    const missing: CardElement[] = [];
    for (const r of ['supervisor', 'ops'] as const) {
      const a = c.approvals[r];
      if (a) el.push(note(t(L, CX.approvedBy, { role: roleName(L, r), who: who(a.by), at: at(a.at) })));
      else if (open)
        missing.push(
          button({
            text: t(L, CX.approveRiskBtn, { role: roleName(L, r) }),
            value: { action: 'complaint.approveRisk', id, role: r },
            command: `/complaint ${id} approve risk`,
            type: 'primary',
          }),
        );
    }
    if (missing.length) el.push({ kind: 'buttons', buttons: missing.filter((b) => b.kind === 'button') });
    if (c.crisis) el.push(note(t(L, CX.s3CrisisHint)));
  }

  // ④ Compensation, one tier at a time
  el.push(markdown(t(L, CX.s4)));
  for (const o of c.offers) {
    let state = '';
    if (o.needs && !o.approvedBy) state = t(L, CX.offerPending, { role: roleName(L, o.needs) });
    else if (o.approvedBy) state = t(L, CX.offerApproved, { who: who(o.approvedBy) });
    if (o.answer) state += t(L, CX.offerAnswer, { answer: t(L, ANSWER_NAMES[o.answer]) });
    el.push(
      markdown(
        t(L, CX.offerLine, {
          tier: o.tier,
          label: o.label,
          amount: money(o.amount),
          who: who(o.by),
          at: at(o.at),
          state,
        }),
      ),
    );
  }
  const last = c.offers.at(-1);
  const tiers = cat?.tiers ?? [];
  if (open && last?.needs && !last.approvedBy)
    el.push(
      buttons([
        button({
          text: t(L, CX.approveOfferBtn, { tier: last.tier, amount: money(last.amount) }),
          value: { action: 'complaint.approveOffer', id, tier: last.tier },
          command: `/complaint ${id} approve ${last.tier}`,
          type: 'primary',
        }),
      ]),
    );
  const settled = c.offers.some((o) => o.answer === 'accepted');
  const next = c.offers.length + 1;
  if (
    open &&
    !settled &&
    (!last || last.answer === 'declined') &&
    next <= tiers.length &&
    riskCleared(risk, v.settings.riskLine)
  ) {
    el.push(
      buttons([
        button({
          text: t(L, CX.offerNextBtn, { tier: next, label: tiers[next - 1]!.label }),
          value: { action: 'complaint.offer', id, tier: next },
          command: `/complaint ${id} offer ${next}`,
          type: 'primary',
        }),
      ]),
    );
    if (tiers.length > next) el.push(note(t(L, CX.tiersLeft, { n: tiers.length - next })));
  }

  // ⑤ Talking with the customer
  el.push(markdown(t(L, CX.s5)));
  if (open && v.script) {
    el.push(markdown(t(L, CX.s5Script, { text: v.script.text })));
    if (v.script.id) el.push(note(t(L, CX.s5ScriptFrom, { id: v.script.id, title: v.script.title })));
  }
  for (const e of c.events.filter((x) => x.kind === 'answer'))
    el.push(
      note(
        t(L, CX.contactLine, {
          at: at(String(e.at)),
          tier: Number(e.tier),
          answer: t(L, ANSWER_NAMES[e.answer as keyof typeof ANSWER_NAMES]),
          who: who(e.actor as string),
        }),
      ),
    );
  if (open && last && granted(last) && last.answer !== 'accepted' && last.answer !== 'declined') {
    el.push(note(t(L, CX.s5Hint, { tier: last.tier })));
    el.push(
      buttons(
        (['accepted', 'declined', 'no_answer'] as const).map((a) =>
          button({
            text: t(L, CX.answerBtn, { answer: t(L, ANSWER_NAMES[a]) }),
            value: { action: 'complaint.answer', id, tier: last.tier, a },
            command: `/complaint ${id} answer ${a}`,
            type: a === 'accepted' ? 'primary' : 'default',
          }),
        ),
      ),
    );
  }

  // ⑥ Close the loop
  el.push(markdown(t(L, CX.s6)));
  if (c.rootCause) {
    const f = c.followup;
    const followup = f
      ? t(L, CX.s6Followup, {
          kind: t(L, CX.followupKinds).split('|')[f.kind === 'training' ? 0 : 1]!,
          who: who(f.owner),
          state: t(L, f.doneAt ? CX.followupDone : CX.followupOpen),
        })
      : '';
    el.push(
      markdown(
        t(L, CX.s6Done, {
          cause: t(L, CAUSE_NAMES[c.rootCause.cause as RootCause]),
          text: c.rootCause.text,
          prevention: c.prevention ?? '',
          followup,
        }),
      ),
    );
  } else el.push(note(t(L, CX.s6Hint, { id })));

  const category = categoryName(L, c.category);
  return card({
    title: c.closedAt
      ? t(L, CX.closedTitle, { id, store: c.storeName })
      : t(L, CX.title, { id, store: c.storeName, category }),
    color: c.closedAt ? 'green' : c.breaches.length || needsRiskApproval(risk, v.settings.riskLine) ? 'red' : 'orange',
    elements: el,
  });
}
