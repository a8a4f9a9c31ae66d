/** What /alert and /silence list show: every open alert (silenced ones marked), the settings, the silences. */
import type { Locale } from '../../config';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { formatTimeOfDay } from '../../core/schedule-rules';
import { formatDuration } from '../../domain/duration';
import { t, type Text } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { alertLine, worstFirst } from './card';
import { storeNamesOf, toCardAlert } from './flush';
import { activeSilences, firingAlerts, loadSettings } from './repo';
import { silencedBy } from './rules';
import type { AlertSettings } from './settings';
import { silenceText } from './silences';
import { AX } from './texts';
import { loadSevereRule } from './violation-repo';
import { severeText } from './violation-severity';

/** Lines beyond this go unshown: a text message stays far below the platform's size limit. */
const MAX_LIST = 300;

export function policyText(s: AlertSettings, L: Locale): string {
  const d = (ms: number) => formatDuration(ms, L);
  return t(L, AX.policyLine, {
    wait: d(s.groupWaitMs),
    interval: d(s.groupIntervalMs),
    repeat: d(s.repeatIntervalMs),
    hours: s.hours ? `${formatTimeOfDay(s.hours.start)}-${formatTimeOfDay(s.hours.end)}` : t(L, AX.always),
    minBase: s.minBase,
    hysteresis: `${Math.round(s.hysteresis * 1000) / 10}%`,
    flapChanges: s.flapChanges,
    flapWindow: d(s.flapWindowMs),
    flapMute: d(s.flapMuteMs),
    keywordMin: s.keywordMin,
  });
}

export async function alertListText(deps: Deps, team: Team, now: Date): Promise<string> {
  const L = localeOf(deps.config, team);
  const [rows, silences, names, s] = await Promise.all([
    firingAlerts(deps.db, team.id),
    activeSilences(deps.db, team.id, now),
    storeNamesOf(deps, team.id),
    loadSettings(deps.db, team.id),
  ]);
  const lines = rows
    .map((a) => ({ row: a, card: toCardAlert(a, names) }))
    .sort((a, b) => worstFirst(a.card, b.card))
    .map(({ row, card }) => {
      const line = alertLine(card, L, team.timeZone, now, true);
      const by = silencedBy(silences, { storeId: row.storeId, metric: row.metric }, now);
      return by ? t(L, AX.listSilenced, { line, id: by.id }) : line;
    });
  const shown = lines.slice(0, MAX_LIST);
  return [
    lines.length ? t(L, AX.listTitle, { n: lines.length }) : t(L, AX.listNone),
    ...shown,
    ...(lines.length > shown.length ? [t(L, AX.more, { n: lines.length - shown.length })] : []),
    '',
    policyText(s, L),
    severeText(await loadSevereRule(deps.db, team.id), L),
  ].join('\n');
}

export async function silenceListText(deps: Deps, team: Team, now: Date): Promise<string> {
  const L = localeOf(deps.config, team);
  const tr = (x: Text, p?: Record<string, string | number>) => t(L, x, p);
  const [silences, names, people] = await Promise.all([
    activeSilences(deps.db, team.id, now),
    storeNamesOf(deps, team.id),
    teamPeople(deps, team.id),
  ]);
  if (!silences.length) return tr(AX.silenceListNone);
  return [
    tr(AX.silenceList),
    ...silences.map((s) =>
      silenceText(s, names, tr, team.timeZone, L, now, people.names.get(s.createdBy) ?? s.createdBy),
    ),
  ].join('\n');
}
