/**
 * The sandbox's demo check-ins: 小王 at level 2 with a note (so 王主管 finds a care card in his
 * private chat, with 小陈 as cover), 小陈 and 运营小张 doing fine — three people, so the digest shows
 * its aggregate. Stored once (fixed sources). Who works which store comes from the stores seed.
 */
import { eq } from 'drizzle-orm';
import type { SandboxData } from '../../core/feature';
import { members } from '../../db/schema';
import { recordCheckIn } from './service';

const DEMO: [name: string, level: number, note: string][] = [
  ['小陈', 4, ''],
  ['运营小张', 3, '活动页改完了'],
  ['小王', 2, '被客户骂了，有点委屈'],
];
export const moodDemo: SandboxData = async (deps, team, now) => {
  const people = await deps.db.select().from(members).where(eq(members.teamId, team.id));
  const byName = new Map(people.map((m) => [m.name, m]));
  for (const [name, level, note] of DEMO) {
    const m = byName.get(name);
    if (m) await recordCheckIn(deps, team, m, { level, note, source: `demo:${name}` }, now);
  }
};
