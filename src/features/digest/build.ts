/**
 * The digests as the team sees them: every registered digest section (deps.app.digest, in their
 * order) asked about the period, and the answers fitted into one card for the team's platform. The
 * digest imports no feature: what it shows is whatever the features contribute.
 */
import type { Deps } from '../../core/deps';
import type { DigestKind } from '../../core/feature';
import { localeOf, type Team } from '../../core/teams';
import { markdown, note } from '../../cards/card';
import { weekdayName } from '../../domain/local-time';
import { t } from '../../i18n';
import { DateTime } from 'luxon';
import { fitDigest, type BuiltSection, type Fitted, type FitTexts } from './fit';
import { digestPeriod } from './periods';
import { GX } from './texts';

export async function buildDigest(deps: Deps, team: Team, kind: DigestKind, now: Date): Promise<Fitted> {
  const L = localeOf(deps.config, team);
  const period = digestPeriod(kind, now, team.timeZone);
  const sections = deps.app.digest.filter((s) => !s.kinds || s.kinds.includes(kind));
  // Sections read different tables: ask them all at once.
  const answers = await Promise.all(
    sections.map(async (s): Promise<BuiltSection | undefined> => {
      const title = t(L, s.title);
      try {
        const elements = await s.build(deps, team, period);
        if (!elements?.length) return undefined;
        return { key: s.key, title, elements, ...(s.maxBytes !== undefined ? { maxBytes: s.maxBytes } : {}) };
      } catch (err) {
        // One broken section never costs the team its digest.
        deps.log.error('digest section failed', { key: s.key, teamId: team.id, error: String(err) });
        return { key: s.key, title, elements: [note(t(L, GX.failed, { title }))] };
      }
    }),
  );
  const built = answers.filter((a): a is BuiltSection => a !== undefined);
  if (!built.length) built.push({ key: 'empty', title: '', elements: [markdown(t(L, GX.empty))] });
  const day = DateTime.fromISO(period.days.from, { zone: team.timeZone });
  const title =
    kind === 'daily'
      ? t(L, GX.dailyTitle, { day: period.days.from.slice(5), weekday: weekdayName(day.weekday, L) })
      : t(L, GX.weeklyTitle, { from: period.days.from.slice(5), to: period.days.to.slice(5) });
  const texts: FitTexts = {
    rowsCut: (n) => t(L, GX.rowsCut, { n }),
    chartsCut: (n) => t(L, GX.chartsCut, { n }),
    partCut: t(L, GX.partCut),
    footer: t(L, GX.footer),
  };
  return fitDigest({ title, color: 'blue' }, built, deps.platformFor(team.platform), texts);
}
