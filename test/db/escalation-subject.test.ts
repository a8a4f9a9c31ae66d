import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { card, interactive, markdown } from '../../src/cards/card';
import { defineFeature } from '../../src/core/feature';
import type { Deps } from '../../src/core/deps';
import { teamOf, type Team } from '../../src/core/teams';
import { query, type Db } from '../../src/db/client';
import { escalationGuards, onEscalationOutcome, startEscalation, stopForClaim } from '../../src/escalation';
import { DEFAULT_POLICY, policyFrom, type EscalationPolicy } from '../../src/escalation/policy';
import type { EscalationState, EscalationSubject } from '../../src/escalation/subject';
import { dutyDirectory } from '../../src/features/anomaly/people';
import { enqueue, PRIORITY } from '../../src/outbox/enqueue';
import { appWith } from '../helpers/app';
import { createWorld, MIN, type World } from '../helpers/anomaly-world';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * A second subject, defined here and nowhere in src/: an unfinished fire drill. It escalates
 * through the same engine as store anomalies — its own table, card, timeline and texts, a policy
 * with a role and named people on other channels — with no change to the engine.
 */
interface DrillRow {
  id: string | number;
  team_id: string | number;
  title: string;
  status: 'open' | 'claimed' | 'resolved';
  policy: unknown;
  step: number;
  started_at: string | Date;
  claimed_at: string | Date | null;
  claimed_by: string | null;
  unreached_at: string | Date | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

const asState = (r: DrillRow, fallback: EscalationPolicy): EscalationState => ({
  id: Number(r.id),
  teamId: Number(r.team_id),
  status: r.status,
  policy: policyFrom(r.policy, fallback),
  step: r.step,
  startedAt: new Date(r.started_at),
  claimedAt: date(r.claimed_at),
  claimedBy: r.claimed_by,
  unreachedAt: date(r.unreached_at),
  vars: () => ({ id: Number(r.id), title: r.title }),
});

const text = (zh: string) => ({ 'zh-CN': zh, en: zh });

function drillCard(r: { id: number; title: string; status: string; step: number }) {
  return card({ title: `演练 #${r.id} · ${r.title}`, elements: [markdown(`状态 ${r.status}，第 ${r.step} 步`)] });
}

const DRILL_POLICY: EscalationPolicy = {
  steps: [
    { delayMs: 1 * MIN, targets: [{ who: 'role', role: 'leader' }], channels: ['sms', 'app'] },
    // Filled in with the world's ops person below.
    {
      delayMs: 2 * MIN,
      targets: [{ who: 'people', openIds: ['?'] }],
      channels: ['phone'],
      rounds: 2,
      intervalMs: 2 * MIN,
    },
  ],
  unreachedAfterMs: 3 * MIN,
  claimReminderMs: 10 * MIN,
};

const lockRow = async (tx: Db, id: number, how: 'update' | 'share') =>
  (
    await query<DrillRow>(
      tx,
      how === 'update'
        ? sql`select * from drills where id = ${id} for update`
        : sql`select * from drills where id = ${id} for share`,
    )
  )[0];

const drillSubject: EscalationSubject = {
  title: text('消防演练'),
  noun: text('演练'),
  defaultPolicy: DRILL_POLICY,
  async lock(tx, id) {
    const r = await lockRow(tx, id, 'update');
    return r && asState(r, DRILL_POLICY);
  },
  async sharedStatus(tx, id) {
    return (await lockRow(tx, id, 'share'))?.status;
  },
  cardRef: (id) => `drill:${id}:card`,
  async record(tx, id, events) {
    for (const e of events) {
      await tx.execute(
        sql`insert into drill_events (drill_id, kind, open_ids, source) values (${id}, ${e.kind}, ${JSON.stringify(e.openIds)}::jsonb, ${e.source}) on conflict do nothing`,
      );
    }
  },
  async buzzed(tx, id) {
    const rows = await query<{ open_ids: string[] | string }>(
      tx,
      sql`select open_ids from drill_events where drill_id = ${id} and kind = 'buzz'`,
    );
    return [
      ...new Set(
        rows.flatMap((r) => (typeof r.open_ids === 'string' ? (JSON.parse(r.open_ids) as string[]) : r.open_ids)),
      ),
    ];
  },
  async update(deps, team, id, changes, now) {
    const [r] = await query<DrillRow>(
      deps.db,
      sql`update drills set
            step = coalesce(${changes.step ?? null}::int, step),
            unreached_at = coalesce(${changes.unreachedAt?.toISOString() ?? null}::timestamptz, unreached_at)
          where id = ${id} returning *`,
    );
    await enqueue(deps.db, now, {
      kind: 'patch',
      teamId: team.id,
      message: { ref: `drill:${id}:card` },
      card: drillCard({ id, title: r!.title, status: r!.status, step: r!.step }),
      uuid: randomUUID(),
    });
  },
  texts: {
    skippedNotice: text('演练 #{id}：{skipped}，直接加急 {who}。'),
    skippedNoDuty: text('没有人值班'),
    skippedNoSupervisors: text('没有主管'),
    skippedNoRole: text('没有{role}'),
    skippedUnreachable: text('{role} {who} 无法加急'),
    unreachedNotice: text('演练 #{id}（{title}）{minutes} 仍无人认领，已加急 {who}。'),
    unreachedNobody: text('演练 #{id}（{title}）无人可加急。'),
    reminderClaimer: text('{who} 演练 #{id} 认领 {minutes} 了还没结束。'),
    reminderSupervisors: text('{who} 演练 #{id} 由 {claimer} 认领 {minutes} 仍未结束，请主管跟进。'),
    quotaEmpty: text('演练 #{id}：电话额度用完，改短信加急 {who}。'),
    groupForbids: text('{who} 演练 #{id}：本群不允许加急（{code}）。'),
    notOwnMessage: text('{who} 演练 #{id}：卡片不是机器人发的。'),
    invalidPeople: text('演练 #{id}：{who} 无法加急，改为下一位。'),
    tooManyBuzzes: text('演练 #{id}：{who} 未读加急太多，改为下一位。'),
  },
  directory: dutyDirectory,
};

const drillFeature = defineFeature({
  name: 'drill',
  escalation: { drill: drillSubject },
  guards: escalationGuards('drill', drillSubject),
  onOutboxOutcome: onEscalationOutcome,
});

/** What the test's feature would do on "/drill start": the row, its card, and step 1 scheduled — one transaction. */
async function startDrill(deps: Deps, team: Team, title: string, policy: EscalationPolicy, now: Date): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const [row] = await query<{ id: string | number }>(
      tx,
      sql`insert into drills (team_id, title, policy, started_at) values (${team.id}, ${title}, ${JSON.stringify(policy)}::jsonb, ${now.toISOString()}) returning id`,
    );
    const id = Number(row!.id);
    await enqueue(tx, now, {
      kind: 'send',
      teamId: team.id,
      to: { chatId: team.chatId },
      body: interactive(drillCard({ id, title, status: 'open', step: 0 })),
      ref: `drill:${id}:card`,
      priority: PRIORITY.urgent,
      uuid: `drill:${id}:card`,
    });
    await startEscalation(tx, 'drill', { id, teamId: team.id }, policy, now);
    return id;
  });
}

async function claimDrill(deps: Deps, id: number, actor: string, now: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const s = await drillSubject.lock(tx, id);
    if (!s || s.status !== 'open') throw new Error(`drill ${id} is not open`);
    await tx.execute(
      sql`update drills set status = 'claimed', claimed_at = ${now.toISOString()}, claimed_by = ${actor} where id = ${id}`,
    );
    await stopForClaim(tx, 'drill', s, now);
  });
}

describe('escalation engine: a second subject, defined only in this test', () => {
  let db: TestDatabase;
  let w: World;
  let team: Team;
  let policy: EscalationPolicy;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.db.execute(sql`create table drills (
      id bigserial primary key, team_id bigint not null, title text not null, status text not null default 'open',
      policy jsonb not null, step int not null default 0, started_at timestamptz not null,
      claimed_at timestamptz, claimed_by text, unreached_at timestamptz)`);
    await db.db.execute(
      sql`create table drill_events (drill_id bigint not null, kind text not null, open_ids jsonb not null, source text unique)`,
    );
    w = await createWorld(db, { app: appWith(drillFeature) });
    team = await teamOf(db.db, w.teamId);
    policy = {
      ...DRILL_POLICY,
      steps: [
        DRILL_POLICY.steps[0]!,
        { ...DRILL_POLICY.steps[1]!, targets: [{ who: 'people', openIds: [w.p.ops.openId] }] },
      ],
    };
  });
  afterAll(async () => {
    await w.close();
    await db.destroy();
  });

  const calls = () => w.feishu.emulator.urgentCalls().map((c) => [c.kind, c.callees] as const);
  const texts = () => w.groupTexts().filter((t) => !t.startsWith('{'));
  const events = async (id: number) =>
    (await query<{ kind: string }>(db.db, sql`select kind from drill_events where drill_id = ${id}`)).map(
      (e) => e.kind,
    );

  it('runs its own policy: the leader role by SMS and in-app, then a named person by phone twice, then unreached', async () => {
    const id = await startDrill(w.deps, team, '三楼疏散', policy, w.clock.now());
    await w.pump();
    await w.advance(1 * MIN - 1_000);
    expect(calls()).toEqual([]);
    await w.advance(1_000);
    // One step's two channels go out side by side: their order at the platform is not promised.
    expect([...calls()].sort((a, b) => a[0].localeCompare(b[0]))).toEqual([
      ['app', [w.p.leader.openId]],
      ['sms', [w.p.leader.openId]],
    ]);
    await w.advance(2 * MIN);
    expect(calls().slice(2)).toEqual([['phone', [w.p.ops.openId]]]);
    await w.advance(2 * MIN);
    expect(calls().slice(3)).toEqual([['phone', [w.p.ops.openId]]]);
    const before = texts().length;
    await w.advance(3 * MIN);
    expect(calls()).toHaveLength(4);
    const [unreached] = texts().slice(before);
    expect(unreached).toContain(`演练 #${id}（三楼疏散）8分钟 仍无人认领`);
    expect(unreached).toContain(`<at user_id="${w.p.ops.openId}">`);
    expect(await events(id)).toEqual(['buzz', 'buzz', 'buzz', 'unreached']);
    const [row] = await query<{ step: number; unreached_at: unknown }>(
      db.db,
      sql`select step, unreached_at from drills where id = ${id}`,
    );
    expect(row).toMatchObject({ step: 4 });
    expect(row!.unreached_at).toBeTruthy();
    // The card was patched by the subject's own update, through the same outbox.
    const card = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from outbox where kind = 'patch' and target->>'ref' = ${`drill:${id}:card`} and status = 'sent'`,
    );
    expect(card[0]!.n).toBeGreaterThan(0);
    await w.advance(60 * MIN);
    expect(calls()).toHaveLength(4);
  });

  it('a claim stops every buzz at once, even one already queued, and claimed-but-unfinished is reminded', async () => {
    const before = calls().length;
    const id = await startDrill(w.deps, team, '仓库断电', policy, w.clock.now());
    await w.pump();
    // Step 1 runs (its buzz rows are queued), and the claim lands before the outbox sends them.
    w.clock.advance(1 * MIN);
    const { runDueTimers } = await import('../../src/core/timers');
    expect(await runDueTimers(w.deps, w.deps.app.timers)).toBeGreaterThan(0);
    const queued = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from outbox where guard = ${`drill:${id}`} and status = 'pending'`,
    );
    expect(queued[0]!.n).toBe(2);
    await claimDrill(w.deps, id, w.p.leader.openId, w.clock.now());
    await w.pump();
    const cancelled = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from outbox where guard = ${`drill:${id}`} and status = 'cancelled'`,
    );
    expect(cancelled[0]!.n).toBe(2);
    await w.advance(9 * MIN);
    expect(calls()).toHaveLength(before);

    const shown = texts().length;
    await w.advance(1 * MIN);
    const [claimer] = texts().slice(shown);
    expect(claimer).toContain(`<at user_id="${w.p.leader.openId}">李组长</at> 演练 #${id} 认领 10分钟 了还没结束`);
    await w.advance(10 * MIN);
    const [supervisors] = texts().slice(shown + 1);
    expect(supervisors).toContain('请主管跟进');
    expect(supervisors).toContain(w.p.boss.openId);
    expect(await events(id)).toEqual(['buzz', 'reminder', 'reminder']);
    await w.advance(120 * MIN);
    expect(calls()).toHaveLength(before);
    expect(texts()).toHaveLength(shown + 2);
  });

  it('/policy shows and changes its policy too, with no change to the command', async () => {
    const [shown] = await w.say(w.p.agent, '/policy');
    expect(shown).toContain('**店铺异常**（/policy anomaly）');
    expect(shown).toContain('**消防演练**（/policy drill）');
    expect(shown).toContain('1分钟 后无人认领：短信加急全体**组长**（同时应用内加急）');
    expect(await w.say(w.p.leader, '/policy drill 30s')).toEqual([expect.stringContaining('/policy drill 需要主管')]);
    const [typo] = await w.say(w.p.boss, '/policy drll 30s');
    expect(typo).toContain('「drll」不是 /policy 能用的写法');
    expect(typo).toContain('用法：/policy drill <首次延迟>');
    expect(await w.say(w.p.boss, '/policy drill 30s repeat 1m 3')).toEqual([
      '已更新升级策略（对之后上报的演练生效；进行中的按原策略）：\n30秒 后短信组长，之后每 1分钟 一步，指定的人 3 轮',
    ]);
    const { getPolicy } = await import('../../src/escalation/policies');
    const changed = await getPolicy(db.db, team.id, 'drill', drillSubject);
    expect(changed.steps.map((x) => [x.delayMs, x.rounds ?? 1, x.intervalMs ?? null, x.channels])).toEqual([
      [30_000, 1, null, ['sms', 'app']],
      [60_000, 3, 60_000, ['phone']],
    ]);
    // The anomaly policy of the same team is its own row: still the default.
    expect(await getPolicy(db.db, team.id, 'anomaly', { defaultPolicy: DEFAULT_POLICY })).toEqual(DEFAULT_POLICY);
  });
});
