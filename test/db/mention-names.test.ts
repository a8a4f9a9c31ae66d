/**
 * Names for nameless mentions on a platform that shows only the names written (DingTalk): read from
 * the team's members just before the platform renders, never from another team, and the id kept
 * (the platform's fallback) for anyone the team has no name for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mention, splitMentions } from '../../src/cards/mention';
import { members, teams } from '../../src/db/schema';
import type { OutboxRow } from '../../src/outbox/claim';
import { namelessInPayload, withMemberNames, withTeamNames } from '../../src/outbox/mention-names';
import { dingTalkTraits } from '../../src/platforms/dingtalk/traits';
import type { PlatformApi } from '../../src/port/platform';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

const at = new Date('2026-12-01T08:00:00.000Z');
// Only the traits are read: the DingTalk adapter's own, and a platform that renders names from ids.
const dingtalk = dingTalkTraits({ edition: 'standard' }) as PlatformApi;
const feishu = { name: 'feishu' } as PlatformApi;

describe('names for nameless mentions, from the team’s members', () => {
  let db: TestDatabase;
  let team: number;
  let other: number;
  beforeAll(async () => {
    db = await openTestDatabase();
    const made = await db.db
      .insert(teams)
      .values(
        ['cid_a', 'cid_b'].map((chatId) => ({
          platform: 'dingtalk',
          tenantKey: 'corp1',
          chatId,
          timeZone: 'Asia/Shanghai',
          createdAt: at,
        })),
      )
      .returning({ id: teams.id });
    [team, other] = made.map((t) => t.id) as [number, number];
    const person = (teamId: number, openId: string, name: string) => ({
      teamId,
      openId,
      name,
      createdAt: at,
      updatedAt: at,
    });
    await db.db
      .insert(members)
      .values([
        person(team, 'u_wang', '小王'),
        person(team, 'u_quiet', ''),
        person(other, 'u_zhang', '运营小张'),
        person(other, 'u_wang', '另一个小王'),
      ]);
  });
  afterAll(() => db.destroy());

  const people = (text: string) => splitMentions(text).filter((p) => typeof p !== 'string');

  it('fills the names this team has, keeps a name a token carries, and leaves the rest to the id', async () => {
    const text = `${mention('u_wang')} ${mention('u_quiet')} ${mention('u_zhang')} ${mention('u_li', '李组长')}`;
    const named = await withTeamNames(db.db, team, text);
    expect(people(named)).toEqual([
      { id: 'u_wang', name: '小王' },
      // Known without a name, and a member of another team only: nameless, shown as the id.
      { id: 'u_quiet' },
      { id: 'u_zhang' },
      { id: 'u_li', name: '李组长' },
    ]);
    expect(people(await withTeamNames(db.db, other, text))).toEqual([
      { id: 'u_wang', name: '另一个小王' },
      { id: 'u_quiet' },
      { id: 'u_zhang', name: '运营小张' },
      { id: 'u_li', name: '李组长' },
    ]);
  });

  it('reaches every text of a stored card and leaves what is not text as it is', async () => {
    const payload = {
      msgType: 'interactive',
      content: {
        header: { title: `异常 ${mention('u_wang')}` },
        elements: [
          { tag: 'markdown', content: `${mention('u_wang')} 请处理` },
          { tag: 'fields', n: 2, ok: true },
        ],
      },
    };
    expect(namelessInPayload(payload)).toEqual(['u_wang']);
    const named = await withTeamNames(db.db, team, payload);
    expect(named).toEqual({
      msgType: 'interactive',
      content: {
        header: { title: `异常 ${mention('u_wang', '小王')}` },
        elements: [
          { tag: 'markdown', content: `${mention('u_wang', '小王')} 请处理` },
          { tag: 'fields', n: 2, ok: true },
        ],
      },
    });
    // Nothing to fill: the very same value back.
    const plain = { msgType: 'text', content: { text: `${mention('u_li', '李组长')} 好` } };
    expect(await withTeamNames(db.db, team, plain)).toBe(plain);
  });

  it('an outbox row: filled for a platform that needs names, as it is for one that does not or for no team', async () => {
    const row = {
      id: 1,
      teamId: team,
      kind: 'send',
      payload: { msgType: 'text', content: { text: `${mention('u_wang')} 请看` } },
    } as unknown as OutboxRow;
    const named = await withMemberNames(db.db, dingtalk, row);
    expect(named.payload).toEqual({ msgType: 'text', content: { text: `${mention('u_wang', '小王')} 请看` } });
    // The stored row is not changed: a retry reads the names afresh.
    expect(row.payload).toEqual({ msgType: 'text', content: { text: `${mention('u_wang')} 请看` } });
    expect(await withMemberNames(db.db, feishu, row)).toBe(row);
    const teamless = { ...row, teamId: null };
    expect(await withMemberNames(db.db, dingtalk, teamless)).toBe(teamless);
  });
});
