/** `/violation list [7d]`: the team's recent violations, newest first, claimed or not. */
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { nameOrMention } from '../../cards/mention';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { teamPeople } from '../duty/roster';
import { recentViolations } from './violation-repo';
import { VX } from './violation-texts';

/** Lines shown at most; the rest are counted. */
export const LIST_SHOWN = 30;

export async function violationListText(deps: Deps, team: Team, days: number, now: Date): Promise<string> {
  const L = localeOf(deps.config, team);
  const rows = await recentViolations(deps.db, team.id, new Date(now.getTime() - days * 86_400_000));
  if (!rows.length) return t(L, VX.listNone, { days });
  const { names } = await teamPeople(deps, team.id);
  const open = rows.filter((v) => !v.claimedBy).length;
  const lines = rows.slice(0, LIST_SHOWN).map((v) =>
    t(L, VX.listLine, {
      id: v.id,
      store: v.storeName,
      kind: v.kind,
      severe: v.severe ? t(L, VX.listSevere) : '',
      points: v.points ?? t(L, VX.none),
      amount: v.amount === null ? t(L, VX.none) : t(L, VX.amountValue, { n: v.amount }),
      when: formatLocal(v.occurredAt, team.timeZone, L, now),
      who: v.claimedBy ? t(L, VX.listClaimed, { who: nameOrMention(names, v.claimedBy) }) : t(L, VX.listUnclaimed),
    }),
  );
  if (rows.length > LIST_SHOWN) lines.push(t(L, VX.listMore, { n: rows.length - LIST_SHOWN }));
  return [t(L, VX.listTitle, { days, n: rows.length, open }), ...lines].join('\n');
}
