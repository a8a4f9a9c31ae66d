/**
 * The sandbox's demo check-ins: 小王 at level 2 with a note (so 王主管 finds a care card in his
 * private chat, with 小陈 as cover), 小陈 and 运营小张 doing fine — three people, so the digest shows
 * its aggregate. Stored once (fixed sources); who works which store is set if nobody set it yet.
 */
import { and, eq } from 'drizzle-orm';
import type { SandboxData } from '../../core/feature';
import { members } from '../../db/schema';
import { activeStores, setStoreAgents, storesByMember } from '../stores/repo';
import { recordCheckIn } from './service';

const DEMO: [name: string, level: number, note: string][] = [
  ['小陈', 4, ''],
  ['运营小张', 3, '活动页改完了'],
  ['小王', 2, '被客户骂了，有点委屈'],
];
const STORES: [store: string, name: string][] = [
  ['天猫旗舰店', '小王'],
  ['淘宝旗舰店', '小王'],
  ['京东自营店', '小陈'],
];

export const moodDemo: SandboxData = async (deps, team, now) => {
  const people = await deps.db
    .select()
    .from(members)
    .where(and(eq(members.teamId, team.id)));
  const byName = new Map(people.map((m) => [m.name, m]));
  if (!(await storesByMember(deps.db, team.id)).size) {
    const stores = await activeStores(deps.db, team.id);
    for (const [storeName, name] of STORES) {
      const s = stores.find((x) => x.name === storeName);
      const m = byName.get(name);
      if (s && m) await setStoreAgents(deps.db, s.id, [m.id], now);
    }
  }
  for (const [name, level, note] of DEMO) {
    const m = byName.get(name);
    if (m) await recordCheckIn(deps, team, m, { level, note, source: `demo:${name}` }, now);
  }
};
