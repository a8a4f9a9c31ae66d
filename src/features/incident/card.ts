/** The incident card: re-rendered whole on every change and patched in place by ref. Pure. */
import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  checker,
  divider,
  fields,
  form,
  input,
  markdown,
  nameOrMention,
  note,
  type Card,
  type CardColor,
  type CardElement,
} from '../../cards/card';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import type { ShownScript } from '../../core/script-slots';
import { wordingShown } from './kinds';
import { isOverdue, phaseOf, type Phase } from './rules';
import type { Incident, IncidentEvent } from './repo';
import type { IncidentStep } from './schema';
import { IX } from './texts';

export interface CardView {
  incident: Incident;
  events: IncidentEvent[];
  names: ReadonlyMap<string, string>;
  locale: Locale;
  zone: string;
  now: Date;
  /** The script the team linked to the incident's kind (core/script-slots.ts). */
  script?: ShownScript;
}

const MAX_TIMELINE = 30;

export const phaseText = (L: Locale, p: Phase) =>
  t(L, p === 'closed' ? IX.phaseClosed : p === 'mitigated' ? IX.phaseMitigated : IX.phaseActive);

const who = (names: ReadonlyMap<string, string>, id: string | null | undefined) => (id ? nameOrMention(names, id) : '');

function stepLine(v: CardView, st: IncidentStep, n: number): string {
  const L = v.locale;
  const i = v.incident;
  const owner = st.assignee ? who(v.names, st.assignee) : t(L, IX.unassigned);
  let tail = st.limitMin ? t(L, IX.stepLimit, { min: st.limitMin }) : '';
  if (st.doneAt)
    tail = t(L, IX.stepDone, {
      who: who(v.names, st.doneBy),
      at: formatLocal(new Date(st.doneAt), v.zone, L, i.startedAt),
    });
  else if (!i.closedAt && (st.overdueAt || isOverdue(st, i.startedAt, v.now))) tail += t(L, IX.stepOverdue);
  return t(L, IX.stepLine, { n, text: st.text, owner, limit: tail });
}

function timelineLine(v: CardView, e: IncidentEvent): string {
  const L = v.locale;
  const at = formatLocal(e.at, v.zone, L, v.incident.startedAt);
  const actor = who(v.names, e.actorOpenId);
  const people = e.openIds.map((id) => who(v.names, id)).join('、');
  const d = e.detail;
  const n = Number(d.n ?? 0);
  switch (e.kind) {
    case 'started':
      return t(L, IX.evStarted, { at, who: actor });
    case 'ack':
      return t(L, IX.evAck, { at, who: actor });
    case 'step':
      return t(L, IX.evStep, { at, who: actor, n });
    case 'reassign':
      return t(L, IX.evReassign, { at, who: actor, n, to: people });
    case 'update':
      return v.incident.playbook.private
        ? t(L, IX.evUpdatePrivate, { at, who: actor })
        : t(L, IX.evUpdate, { at, who: actor, text: String(d.text ?? '') });
    case 'sev':
      return t(L, IX.evSev, { at, who: actor, from: Number(d.from), to: Number(d.to) });
    case 'mitigated':
      return t(L, IX.evMitigated, { at, who: actor });
    case 'wording':
      return t(L, IX.evWording, { at, who: actor });
    case 'overdue':
      return t(L, IX.evOverdue, { at, n });
    case 'reminder':
      return t(L, IX.evReminder, { at, who: people });
    case 'closed':
      return t(L, IX.evClosed, { at, who: actor });
    case 'followup':
      return t(L, IX.evFollowup, { at, n, text: String(d.text ?? ''), who: people });
    case 'buzz':
      return t(L, IX.evBuzz, { at, who: people });
    case 'skipped':
      return t(L, IX.evSkipped, {
        at,
        why: d.reason === 'unreachable' ? t(L, IX.whyUnreachable, { who: people }) : t(L, IX.whyNobody),
      });
    case 'unreached':
      return t(L, IX.evUnreached, { at });
    case 'buzz_failed':
      return t(L, IX.evBuzzFailed, { at, who: people });
    default:
      return `${at} ${e.kind}`;
  }
}

export function incidentCard(v: CardView): Card {
  const i = v.incident;
  const L = v.locale;
  const phase = phaseOf(i);
  const closed = phase === 'closed';
  const buzzed = v.events.some((e) => e.kind === 'buzz');
  const color: CardColor = closed
    ? 'green'
    : phase === 'mitigated'
      ? 'blue'
      : i.severity === 1 || buzzed
        ? 'red'
        : 'orange';
  const status =
    phaseText(L, phase) + (!closed && !i.acknowledgedAt ? ` · ${t(L, i.unreachedAt ? IX.unreached : IX.unacked)}` : '');
  const elements: CardElement[] = [
    ...fields([
      [t(L, IX.fieldKind), i.playbook.name],
      [t(L, IX.fieldSev), `S${i.severity}`],
      [t(L, IX.fieldWho), who(v.names, i.reporterOpenId)],
      [t(L, IX.fieldStatus), status],
      ...(i.acknowledgedBy ? ([[t(L, IX.fieldOwner), who(v.names, i.acknowledgedBy)]] as [string, string][]) : []),
    ]),
  ];
  if (i.playbook.private) elements.push(markdown(t(L, IX.privateWhat)));
  else if (i.description) elements.push(markdown(t(L, IX.what, { text: i.description })));
  elements.push(markdown(t(L, IX.steps)));
  i.steps.forEach((st, k) =>
    elements.push(
      checker({
        text: stepLine(v, st, k + 1),
        checked: Boolean(st.doneAt),
        value: { action: 'incident.step', id: i.id, n: k + 1 },
        ...(closed || st.doneAt ? { disabled: true } : {}),
      }),
    ),
  );
  const wording = wordingShown(i.kind, i.playbook.wording, v.script?.text);
  if (wording) elements.push(markdown(`${t(L, IX.wording)}\n${wording}`));
  if (wording && v.script?.id && wording === v.script.text)
    elements.push(note(t(L, IX.wordingFrom, { id: v.script.id, title: v.script.title })));
  if (!closed && !i.acknowledgedAt && i.nextStepAt && !i.unreachedAt)
    elements.push(markdown(t(L, IX.nextStep, { at: formatLocal(i.nextStepAt, v.zone, L, i.startedAt) })));
  if (closed && i.summary && !i.playbook.private) elements.push(markdown(t(L, IX.summary, { text: i.summary })));
  elements.push(divider());
  const lines = v.events.map((e) => timelineLine(v, e));
  const shown = lines.length > MAX_TIMELINE ? [...lines.slice(0, 3), '…', ...lines.slice(-(MAX_TIMELINE - 4))] : lines;
  elements.push(markdown(`${t(L, IX.timeline)}\n${shown.join('\n')}`));
  if (!closed) {
    const act = (action: string, extra: Record<string, unknown> = {}) => ({ action, id: i.id, ...extra });
    elements.push(
      form(`incident-${i.id}`, [
        input({ name: 'note', placeholder: t(L, IX.notePlaceholder), multiline: true }),
        buttons([
          button({
            text: t(L, IX.btnUpdate),
            type: 'primary',
            submit: true,
            value: act('incident.update', { v: i.version }),
          }),
          button({ text: t(L, IX.btnReassign), submit: true, value: act('incident.reassign') }),
          button({
            text: t(L, IX.btnClose),
            type: 'danger',
            submit: true,
            confirm: t(L, IX.closeConfirm),
            value: act('incident.close'),
          }),
        ]),
      ]),
    );
    const row = [];
    if (!i.acknowledgedAt)
      row.push(
        button({
          text: t(L, IX.btnAck),
          type: 'primary_filled',
          value: act('incident.ack'),
          command: `/incident ${i.id} ack`,
        }),
      );
    if (phase === 'active')
      row.push(
        button({
          text: t(L, IX.btnMitigated),
          value: act('incident.mitigated'),
          command: `/incident ${i.id} mitigated`,
        }),
      );
    for (const sev of [1, 2, 3].filter((x) => x !== i.severity))
      row.push(
        button({
          text: t(L, IX.btnSev, { sev }),
          value: act('incident.sev', { sev }),
          command: `/incident ${i.id} sev ${sev}`,
        }),
      );
    elements.push(buttons(row));
    elements.push(note(t(L, IX.hint, { id: i.id })));
  }
  return card({
    title: t(L, IX.cardTitle, { id: i.id, kind: i.playbook.name, sev: i.severity }),
    subtitle: status,
    color,
    elements,
  });
}
