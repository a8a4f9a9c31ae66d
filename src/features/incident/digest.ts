/** The digest's incident section: what is still open, and the review items not done. */
import { markdown } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { phaseText } from './card';
import { openFollowups, openIncidents } from './repo';
import { phaseOf } from './rules';
import { IX } from './texts';

export const incidentDigest: DigestSection = {
  key: 'incident',
  title: IX.digestTitle,
  order: 20,
  async build(deps, team) {
    const [open, followups] = await Promise.all([openIncidents(deps.db, team.id), openFollowups(deps.db, team.id)]);
    if (!open.length && !followups.length) return undefined;
    const L = localeOf(deps.config, team);
    const lines = open.map((i) =>
      t(L, IX.digestLine, {
        id: i.id,
        kind: i.playbook.name,
        sev: i.severity,
        phase: phaseText(L, phaseOf(i)),
        done: i.steps.filter((s) => s.doneAt).length,
        total: i.steps.length,
      }),
    );
    if (followups.length) lines.push(t(L, IX.digestFollowups, { n: followups.length }));
    return [markdown(lines.join('\n'))];
  },
};
