import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;

const account = (o: Record<string, unknown> = {}) => ({
  store: '天猫旗舰店',
  account: '天猫旗舰店:小王',
  online: true,
  at: '2026-12-01T08:05:00+08:00',
  ...o,
});
const post = (body: unknown, t = token) =>
  bot.app.request('/api/v1/accounts', {
    method: 'POST',
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const stored = (team = teamId) =>
  query<{ account: string; online: boolean; at: string }>(
    bot.deps.db,
    sql`select account, online, at::text from store_accounts where team_id = ${team} order by account`,
  );

beforeAll(async () => {
  ({ bot, token, other, teamId } = await startApiTeams());
});
afterAll(() => bot.close());

describe('POST /api/v1/accounts', () => {
  it('stores the latest status per account; the same batch twice changes nothing; an older report does not win', async () => {
    const batch = { accounts: [account(), account({ account: '天猫旗舰店:小陈', online: false })] };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, stored: 2, inserted: 2, replaced: 0 });
    expect((await post(batch)).status).toBe(200);
    expect(await stored()).toHaveLength(2);
    await post({ accounts: [account({ online: false, at: '2026-12-01T07:00:00+08:00' })] });
    expect((await stored()).find((a) => a.account === '天猫旗舰店:小王')!.online).toBe(true);
    await post({ accounts: [account({ online: false, at: '2026-12-01T09:00:00+08:00' })] });
    expect((await stored()).find((a) => a.account === '天猫旗舰店:小王')!.online).toBe(false);
  });

  it('422 names each bad item and stores nothing of the batch', async () => {
    const res = await post({
      accounts: [account({ account: '新号' }), account({ store: '拼多多' }), account({ online: 'yes' })],
    });
    expect(res.status).toBe(422);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('accounts');
    const unknown = await post({ accounts: [account({ account: '新号' }), account({ store: '拼多多' })] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      ok: false,
      problems: [{ index: 1, path: 'accounts.1.store', reason: expect.stringContaining('拼多多') }],
    });
    expect((await stored()).map((a) => a.account)).not.toContain('新号');
  });

  it("a token reaches only its own team's stores; a bad token is 401; it is in the OpenAPI document", async () => {
    expect((await post({ accounts: [account({ store: '京东自营店' })] }, other)).status).toBe(422);
    expect((await post({ accounts: [account()] }, 'nope')).status).toBe(401);
    const doc = await (await bot.app.request('/api/v1/openapi.json')).text();
    expect(doc).toContain('/api/v1/accounts');
  });
});
