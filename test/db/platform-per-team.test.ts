/**
 * Teams live on a platform: the same chat id on two platforms is two teams, each team's outbox
 * rows go out through its own platform within that platform's limits, and events stored before
 * they named their platform count as Feishu's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import type { PlatformApi } from '../../src/port/platform';
import { withPlatform, type InboundMessage } from '../../src/core/inbound';
import { ensureTeam, findTeam, teamOfPerson, upsertMember } from '../../src/core/teams';
import { query } from '../../src/db/client';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue } from '../../src/outbox/enqueue';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { inboundMessage } from '../helpers/inbound';
import { seedChats, sendsOf, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });

describe('a platform per team', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.200Z'));
  // Two real emulators behind real SDK clients: Feishu, and one that poses as a second platform
  // (its own name, chat names and a smaller app budget) until DingTalk has an emulator of its own.
  let one: FakeFeishu;
  let two: FakeFeishu;
  beforeAll(async () => {
    [db, one, two] = await Promise.all([openTestDatabase(), startFakeFeishu({ clock }), startFakeFeishu({ clock })]);
    clock.freeze();
  });
  afterAll(async () => {
    await Promise.all([db.destroy(), one.close(), two.close()]);
  });
  beforeEach(async () => {
    for (const f of [one, two]) f.emulator.reset();
    seedChats(one.emulator, ['oc_same', 'oc_f', 'oc_w', ...[0, 1, 2, 3, 4].map((i) => `oc_${i}`)], {
      openId: 'ou_p2p',
    });
    seedChats(two.emulator, ['cid_d', ...[0, 1, 2, 3, 4].map((i) => `cid_${i}`)]);
    await db.db.execute(sql`delete from outbox`);
    await db.db.execute(sql`delete from rate_slots`);
    await db.db.execute(sql`delete from members`);
    await db.db.execute(sql`delete from teams`);
    clock.advance(10_000);
  });

  /** Feishu as the default, and a second platform with its own name, chat names and limits. */
  const setup = () => {
    const base = two.platform;
    const dingtalk: PlatformApi = {
      ...base,
      name: 'dingtalk',
      limits: { ...base.limits, appPerSlice: 3, appReserve: { normal: 0, bulk: 0 } },
      chatInfo: async () => ({ name: '钉钉群', ownerOpenId: 'staff_owner' }),
      // The spread copies the methods unbound; these keep their client.
      send: (to, body, uuid) => base.send(to, body, uuid),
      reply: (id, body, uuid) => base.reply(id, body, uuid),
      messageFile: (id) => base.messageFile(id),
      downloadFile: (id, file, maxBytes) => base.downloadFile(id, file, maxBytes),
    };
    const deps = createTestDeps({ database: db, platform: one.platform, platforms: [dingtalk], clock });
    const seen = (f: FakeFeishu) => [
      ...sendsOf(f.emulator)
        .filter((x) => x.status === 200)
        .map((x) => x.content),
      ...f.emulator
        .calls({ method: 'POST', path: /\/reply$/ })
        .map((c) => JSON.parse((c.body as { content: string }).content) as unknown),
    ];
    return { deps, feishu: () => seen(one), dingtalk: () => seen(two) };
  };

  it('keys teams by platform, tenant and chat, and asks the team’s own platform about the chat', async () => {
    const { deps } = setup();
    const key = { tenantKey: 't1', chatId: 'oc_same' };
    const onFeishu = await ensureTeam(deps, { platform: 'feishu', ...key });
    const onDingtalk = await ensureTeam(deps, { platform: 'dingtalk', ...key });
    expect(onFeishu.created && onDingtalk.created).toBe(true);
    expect(onDingtalk.team.id).not.toBe(onFeishu.team.id);
    expect(onDingtalk.team).toMatchObject({ platform: 'dingtalk', name: '钉钉群' });
    expect(onFeishu.team).toMatchObject({ platform: 'feishu', name: 'oc_same' });
    expect((await ensureTeam(deps, { platform: 'dingtalk', ...key })).created).toBe(false);
    expect((await findTeam(deps.db, { platform: 'dingtalk', ...key }))?.id).toBe(onDingtalk.team.id);
    expect(await findTeam(deps.db, { platform: 'wecom', ...key })).toBeUndefined();

    // A person in both: a p2p message finds the team on the platform it came from.
    await upsertMember(deps, onFeishu.team.id, { openId: 'u_1' });
    clock.advance(1000);
    await upsertMember(deps, onDingtalk.team.id, { openId: 'u_1' });
    expect((await teamOfPerson(deps.db, { platform: 'feishu', tenantKey: 't1', openId: 'u_1' }))?.id).toBe(
      onFeishu.team.id,
    );
    expect((await teamOfPerson(deps.db, { platform: 'dingtalk', tenantKey: 't1', openId: 'u_1' }))?.id).toBe(
      onDingtalk.team.id,
    );
  });

  it('sends each row through its team’s platform; rows of no team through the default', async () => {
    const { deps, feishu, dingtalk } = setup();
    const f = (await ensureTeam(deps, { platform: 'feishu', tenantKey: 't1', chatId: 'oc_f' })).team;
    const d = (await ensureTeam(deps, { platform: 'dingtalk', tenantKey: 't1', chatId: 'cid_d' })).team;
    await enqueue(db.db, clock.now(), { kind: 'send', teamId: f.id, to: { chatId: 'oc_f' }, body: text('to feishu') });
    await enqueue(db.db, clock.now(), {
      kind: 'send',
      teamId: d.id,
      to: { chatId: 'cid_d' },
      body: text('to dingtalk'),
    });
    one.emulator.setWebhook(() => Response.json({}));
    const { message: asked } = await one.emulator.emitMessage({ chatId: 'oc_f', senderOpenId: 'ou_p2p', text: 'hi' });
    await enqueue(db.db, clock.now(), {
      kind: 'reply',
      teamId: null,
      messageId: asked.messageId,
      body: text('nobody’s'),
    });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 3, failed: 0 });
    expect(feishu()).toEqual(expect.arrayContaining([{ text: 'to feishu' }, { text: 'nobody’s' }]));
    expect(feishu()).toHaveLength(2);
    expect(dingtalk()).toEqual([{ text: 'to dingtalk' }]);
  });

  it('counts each platform’s app-wide budget on its own', async () => {
    const { deps, feishu, dingtalk } = setup();
    const d = (await ensureTeam(deps, { platform: 'dingtalk', tenantKey: 't1', chatId: 'cid_d' })).team;
    const f = (await ensureTeam(deps, { platform: 'feishu', tenantKey: 't1', chatId: 'oc_f' })).team;
    // Five chats each: one slot per chat, so only the app budgets (dingtalk 3 a slice, Feishu 10) hold rows back.
    for (let i = 0; i < 5; i++) {
      await enqueue(db.db, clock.now(), {
        kind: 'send',
        teamId: d.id,
        to: { chatId: `cid_${i}` },
        body: text(`d${i}`),
      });
      await enqueue(db.db, clock.now(), { kind: 'send', teamId: f.id, to: { chatId: `oc_${i}` }, body: text(`f${i}`) });
    }
    await dispatchOutbox(deps);
    expect(dingtalk()).toHaveLength(3);
    expect(feishu()).toHaveLength(5);
    const keys = await query<{ key: string; count: number }>(
      db.db,
      sql`select key, count from rate_slots where key like 'app%' order by key`,
    );
    // One slice each (the clock stands still): `app#q` and `app:dingtalk#q`.
    expect(keys.map((k) => ({ ...k, key: k.key.replace(/#\d$/, '') }))).toEqual([
      { key: 'app', count: 5 },
      { key: 'app:dingtalk', count: 3 },
    ]);
  });

  it('does not send a row of a team whose platform this process has no connection to', async () => {
    const { deps, feishu, dingtalk } = setup();
    const w = (await ensureTeam(deps, { platform: 'feishu', tenantKey: 't1', chatId: 'oc_w' })).team;
    await db.db.execute(sql`update teams set platform = 'wecom' where id = ${w.id}`);
    const id = await enqueue(db.db, clock.now(), {
      kind: 'send',
      teamId: w.id,
      to: { chatId: 'oc_w' },
      body: text('x'),
    });
    expect(await dispatchOutbox(deps)).toMatchObject({ sent: 0, deferred: 1 });
    expect([...feishu(), ...dingtalk()]).toEqual([]);
    const [row] = await query<{ status: string; error_reason: string; last_error: string }>(
      db.db,
      sql`select status, error_reason, last_error from outbox where id = ${id}`,
    );
    expect(row).toMatchObject({
      status: 'pending',
      error_reason: 'internal',
      last_error: expect.stringContaining('no "wecom" platform'),
    });
  });

  it('reads events stored before they named their platform as Feishu’s', () => {
    const { platform: _, ...stored } = inboundMessage('om_old');
    expect(withPlatform<InboundMessage>(stored).platform).toBe('feishu');
    expect(withPlatform<InboundMessage>({ ...stored, platform: 'dingtalk' }).platform).toBe('dingtalk');
  });
});
