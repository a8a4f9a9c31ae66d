import type { Locale } from '../../config';
import {
  button,
  buttons,
  card,
  divider,
  markdown,
  mention,
  nameOrMention,
  note,
  type Card,
  type CardColor,
} from '../../cards/card';
import type { ShownScript } from '../../core/script-slots';
import { customerScript, kindName } from './kinds';
import { stepInfo, type EscalationPolicy } from '../../escalation/policy';
import { stepName as engineStepName } from '../../escalation/texts';
import { anomalyPolicy } from './policy';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import type { Anomaly, AnomalyEvent } from './repo';
import { AX } from './texts';

export interface CardView {
  anomaly: Anomaly;
  events: AnomalyEvent[];
  ops: string[];
  names: Map<string, string>;
  locale: Locale;
  zone: string;
  /** The script the team linked to the anomaly's kind (absent: the kind's built-in wording). */
  script?: ShownScript;
}

const MAX_TIMELINE = 40;

/** People as the card shows them: the known name, else a mention (which shows as the name). */
const who = (names: Map<string, string>, ids: string[]) => ids.map((id) => nameOrMention(names, id)).join('、');

/** "primary", "backup", "supervisors", a role (a step past the last counts as the supervisors'). */
export const stepName = (locale: Locale, policy: EscalationPolicy, step: number): string =>
  engineStepName(locale, stepInfo(policy, step));

function timelineLine(v: Pick<CardView, 'names' | 'locale' | 'zone' | 'anomaly'>, e: AnomalyEvent): string {
  const { locale, names } = v;
  const at = formatLocal(e.at, v.zone, locale, v.anomaly.reportedAt);
  const actor = e.actorOpenId ? who(names, [e.actorOpenId]) : '';
  const people = who(names, e.openIds);
  const d = e.detail as Record<string, unknown>;
  switch (e.kind) {
    case 'reported':
      return t(locale, AX.evReported, { at, who: actor });
    case 'merged':
      return t(locale, AX.evMerged, { at, who: actor, text: String(d.description ?? '') });
    case 'buzz':
      return t(locale, AX.evBuzz, { at, who: people });
    case 'skipped':
      return t(locale, AX.evSkipped, {
        at,
        step: stepName(locale, anomalyPolicy(v.anomaly), Number(d.step ?? 1)),
        why: d.reason === 'unreachable' ? t(locale, AX.whyUnreachable, { who: people }) : t(locale, AX.whyNobody),
      });
    case 'unreached':
      return t(locale, AX.evUnreached, { at });
    case 'claimed':
      return t(locale, AX.evClaimed, { at, who: actor });
    case 'resolved':
      return d.note
        ? t(locale, AX.evResolvedNote, { at, who: actor, note: String(d.note) })
        : t(locale, AX.evResolved, { at, who: actor });
    case 'reminder':
      return t(locale, AX.evReminder, { at, who: people });
    case 'buzz_failed':
      return t(locale, AX.evBuzzFailed, { at, who: people, why: String(d.reason ?? d.code ?? '') });
  }
}

function nextStepLine(v: CardView): string | undefined {
  const a = v.anomaly;
  if (a.status !== 'open' || !a.nextStepAt || a.unreachedAt) return undefined;
  const info = stepInfo(anomalyPolicy(a), a.step + 1);
  const target =
    info.kind === 'primary'
      ? t(v.locale, AX.nextStepPrimary)
      : info.kind === 'backup'
        ? t(v.locale, AX.nextStepBackup)
        : info.kind === 'supervisors'
          ? t(v.locale, AX.nextStepSupervisors, { round: info.round ?? 1 })
          : info.kind === 'unreached'
            ? t(v.locale, AX.nextStepUnreached)
            : engineStepName(v.locale, info);
  return t(v.locale, AX.nextStep, { at: formatLocal(a.nextStepAt, v.zone, v.locale, a.reportedAt), who: target });
}

/**
 * The anomaly card. It is re-rendered whole on every change and patched in place; the final form
 * (resolved) is a timeline without buttons.
 */
export function anomalyCard(v: CardView): Card {
  const a = v.anomaly;
  const L = v.locale;
  const title = t(L, AX.cardTitle, { id: a.id, store: a.storeName, kind: t(L, kindName(a.kind)) });
  const buzzed = v.events.some((e) => e.kind === 'buzz');
  let color: CardColor;
  let subtitle: string;
  if (a.status === 'resolved') [color, subtitle] = ['green', t(L, AX.subResolved)];
  else if (a.status === 'claimed') [color, subtitle] = ['blue', t(L, AX.subClaimed)];
  else if (a.unreachedAt) [color, subtitle] = ['red', t(L, AX.subUnreached)];
  else [color, subtitle] = [buzzed ? 'red' : 'orange', t(L, AX.subOpen)];

  const what =
    t(L, AX.what, { text: a.description }) + (a.reportCount > 1 ? ' ' + t(L, AX.count, { n: a.reportCount }) : '');
  const elements = [markdown(what)];
  if (a.status !== 'resolved') {
    elements.push(
      markdown(v.ops.length ? t(L, AX.ops, { people: v.ops.map((id) => mention(id)).join(' ') }) : t(L, AX.noOps)),
    );
    elements.push(markdown(`${t(L, AX.scriptTitle)}\n${v.script?.text ?? t(L, customerScript(a.kind))}`));
    if (v.script?.id) elements.push(note(t(L, AX.scriptFrom, { id: v.script.id, title: v.script.title })));
    const next = nextStepLine(v);
    if (next) elements.push(markdown(next));
  }
  elements.push(divider());
  const lines = v.events.map((e) => timelineLine(v, e));
  const shown = lines.length > MAX_TIMELINE ? [...lines.slice(0, 5), '…', ...lines.slice(-(MAX_TIMELINE - 6))] : lines;
  elements.push(markdown(`${t(L, AX.timeline)}\n${shown.join('\n')}`));
  if (a.status !== 'resolved') {
    const btns = [];
    if (a.status === 'open')
      btns.push(
        button({
          text: t(L, AX.claimBtn),
          type: 'primary_filled',
          value: { action: 'anomaly.claim', id: a.id },
          command: `/ack ${a.id}`,
        }),
      );
    btns.push(
      button({
        text: t(L, AX.resolveBtn),
        type: 'default',
        value: { action: 'anomaly.resolve', id: a.id },
        command: `/resolve ${a.id}`,
      }),
    );
    elements.push(buttons(btns));
    elements.push(note(t(L, AX.claimHint, { id: a.id })));
  }
  return card({ title, subtitle, color, elements });
}
