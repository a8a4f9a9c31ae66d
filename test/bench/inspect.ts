/**
 * The inspection card under a crowd (issue #11): 10 leaders each press 正常 on a different item of
 * the one card within one second, through the whole stack — the Feishu emulator's signed callbacks
 * into the bot's webhook, the click's transaction under the row lock, the outbox work loop patching
 * the card in place — on Postgres. Reported: every click's answer, clicks reflected on the row and
 * on the final card (lost updates must be 0), card updates sent, the most calls to the group in any
 * 1 s (target ≤ 4), the time until the card showed all 10, and the emulator's rule violations
 * (an update while a callback is in flight is 200810; must be none).
 */
import { app } from '../../src/app';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createDeps, trackedDefer } from '../../src/core/deps';
import { query } from '../../src/db/client';
import { members, teams } from '../../src/db/schema';
import { createApp } from '../../src/http/app';
import { silentLogger } from '../../src/log';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { sql, eq } from 'drizzle-orm';
import { benchDatabase } from '../helpers/db';
import { maxInWindow, seedGroup, startFakeFeishu } from '../helpers/fake-feishu';
import { waitFor } from '../helpers/wait';

const CLICKERS = 10;

export const inspectBench = {
  name: 'inspect',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const feishu = await startFakeFeishu();
    const names = ['王主管', ...Array.from({ length: CLICKERS }, (_, i) => `组长${i + 1}`)] as const;
    const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: names });
    const deferred = trackedDefer();
    const deps = createDeps({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      app,
      database,
      platform: feishu.platform,
      log: silentLogger,
      clock: systemClock,
      defer: deferred.defer,
    });
    const http = createApp(deps);
    feishu.emulator.setWebhook((req: Request) => http.fetch(req));
    const loop = startWorkLoop(deps, { runnerId: 'bench', resumeEveryMs: 3_600_000 });
    deps.wake = () => loop.wake();
    const e = feishu.emulator;
    try {
      const [boss, ...leaders] = users;
      await e.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '/help' });
      const team = await waitFor('the team', async () => {
        const [t] = await database.db.select().from(teams).where(eq(teams.chatId, chat.chatId));
        return t;
      });
      const now = new Date();
      for (const u of leaders)
        await database.db
          .insert(members)
          .values({ teamId: team.id, openId: u.openId, name: u.name, role: 'leader', createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: [members.teamId, members.openId], set: { role: 'leader', name: u.name } });
      await e.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '/inspect' });
      const cardMsg = await waitFor('the inspection card', () =>
        e
          .messages(chat.chatId)
          .find((m) => m.msgType === 'interactive' && JSON.stringify(m.content).includes('巡店 ·')),
      );
      const [{ id }] = (await query<{ id: number }>(
        database.db,
        sql`select id from inspections where team_id = ${team.id}`,
      )) as [{ id: number }];
      await new Promise((r) => setTimeout(r, 1_500));

      const t0 = Date.now();
      const answers = await Promise.all(
        leaders.map(
          (u, i) =>
            new Promise<Awaited<ReturnType<typeof e.clickButton>>>((resolve, reject) =>
              setTimeout(
                () =>
                  e
                    .clickButton({
                      messageId: cardMsg.messageId,
                      operatorOpenId: u.openId,
                      value: { action: 'inspection.mark', id: Number(id), n: i + 1, state: 'ok' },
                    })
                    .then(resolve, reject),
                (i * 1_000) / CLICKERS,
              ),
            ),
        ),
      );
      const clicksSpan = Date.now() - t0;
      const shown = () => JSON.stringify(e.message(cardMsg.messageId)?.content ?? {});
      let allShownAfter = NaN;
      await waitFor('the card to show all clicks', () => shown().includes(`0 个问题`), { timeoutMs: 60_000 }).then(
        () => (allShownAfter = Date.now() - t0),
        () => undefined,
      );
      // Until the outbox has sent (or dropped as overtaken) every update of the card.
      await waitFor(
        'the card updates to go out',
        async () =>
          !(await query(database.db, sql`select 1 from outbox where status = 'pending' and kind = 'patch' limit 1`))
            .length,
        { timeoutMs: 30_000 },
      );
      await deferred.settle();

      const [row] = await query<{ items: { state: string; by?: string }[] }>(
        database.db,
        sql`select items from inspections where id = ${id}`,
      );
      const onRow = leaders.filter((u, i) => row!.items[i]?.state === 'ok' && row!.items[i]?.by === u.openId).length;
      const card = shown();
      const onCard = leaders.filter((u) => card.includes(u.name)).length;
      const calls = e.calls().filter((c) => c.time >= t0);
      const patches = calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(cardMsg.messageId));
      const sends = calls.filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages');
      const perSecond = maxInWindow([...sends, ...patches].map((c) => c.time));
      const violations = e.violations().filter((v) => v.time >= t0);
      const ok = answers.filter((a) => a.status === 200 && a.toast?.type === 'success').length;
      console.log(
        `inspect: ${CLICKERS} people press 正常 on ${CLICKERS} items of one card within ${clicksSpan} ms (Postgres, webhook + outbox)`,
      );
      console.log(`  answers: ${ok}/${CLICKERS} success toasts`);
      console.log(
        `  clicks on the row ${onRow}/${CLICKERS}, on the final card ${onCard}/${CLICKERS} (lost updates ${CLICKERS - Math.min(onRow, onCard)}, target 0)`,
      );
      console.log(
        `  card updates sent ${patches.length}, new messages ${sends.length}; most calls to the group in 1 s: ${perSecond} (target ≤ 4)`,
      );
      const lastPatch = patches.length ? (patches.at(-1)!.time - t0) / 1000 : NaN;
      console.log(
        `  the card showed all ${CLICKERS} after ${(allShownAfter / 1000).toFixed(1)} s (the last presser's answer); the patch with all of them went at ${lastPatch.toFixed(1)} s`,
      );
      console.log(
        `  emulator rule violations: ${violations.length ? violations.map((v) => `${v.rule} ${v.code ?? ''}`).join(', ') : 'none'} (target none)`,
      );
      return ok === CLICKERS && onRow === CLICKERS && onCard === CLICKERS && perSecond <= 4 && violations.length === 0;
    } finally {
      await loop.stop();
      await deferred.settle();
      await feishu.close();
      await database.destroy();
    }
  },
};
