import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadValues } from '../../src/features/kpi/repo';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';

let bot: ApiBot;
let token: string;
let other: string;
let teamId: number;
let otherTeamId: number;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kpi');
const TAOBAO = '自制报表-报表查看-客服绩效_20261130_20261130_全部.xlsx';
const JD = 'jd-咚咚-接待数据.csv';
const FEIGE = '飞鸽客服数据_2026-11-30.xlsx';
const PDD = '客服绩效_20261130.xlsx';
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

type Json = Record<string, any>;

async function upload(
  file: { bytes: Uint8Array; name: string } | undefined,
  fields: Record<string, string> = {},
  t = token,
): Promise<{ status: number; body: Json }> {
  const form = new FormData();
  if (file) form.set('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await bot.app.request('/api/v1/imports', {
    method: 'POST',
    headers: { authorization: `Bearer ${t}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const send = (name: string, fields: Record<string, string> = {}, t = token) =>
  upload({ bytes: fixture(name), name }, fields, t);
const values = (team = teamId) => loadValues(bot.deps.db, team, { from: '2026-01-01', to: '2026-12-31', hourly: true });

beforeAll(async () => {
  ({ bot, token, other, teamId, otherTeamId } = await startApiTeams());
});
afterAll(() => bot.close());

describe('POST /api/v1/imports', () => {
  it('dry_run=1 answers the preview the chat shows and stores nothing', async () => {
    const { status, body } = await send(TAOBAO, { dry_run: '1' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      dry_run: true,
      preview: {
        file: TAOBAO,
        kind: 'xlsx',
        sheet: '数据信息',
        platform: 'taobao',
        days: ['2026-11-30'],
        stores: ['天猫旗舰店'],
        agents: ['小王', '小陈', '小李'],
        agent_count: 3,
        rows: 3,
        summary_rows: 3,
        unknown_stores: [],
        refused_count: 0,
      },
    });
    expect(body.preview.columns).toContainEqual({ label: '首次响应时长（秒)', metric: 'first_response_s' });
    expect(body.preview.samples).toHaveLength(3);
    expect(body.preview.samples[0]).toMatchObject({ line: 3, store: '天猫旗舰店', agent: '小王', date: '2026-11-30' });
    expect(await values()).toEqual([]);
  });

  it('stores the file (201); the same file again replaces every value and adds none (200)', async () => {
    const first = await send(TAOBAO);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ok: true, dry_run: false, replaced: 0 });
    const n = first.body.inserted as number;
    expect(n).toBe(first.body.preview.values);
    expect(await values()).toHaveLength(n);
    const again = await send(TAOBAO);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ inserted: 0, replaced: n });
    const stored = await values();
    expect(stored).toHaveLength(n);
    expect(stored.every((v) => v.source === 'import:api')).toBe(true);
    const wang = stored.find((v) => v.agent === '小王' && v.metric === 'sales_amount');
    expect(wang?.value).toBe(12012.84);
  });

  it('reads a GBK CSV whose agents carry the store; store= and date= answer what the file leaves open', async () => {
    const jd = await send(JD);
    expect(jd.status).toBe(201);
    expect(jd.body.preview).toMatchObject({ encoding: 'gb18030', platform: 'jd', stores: ['京东自营店'] });
    // 拼多多's export names no store: with two stores the team must say which.
    const pdd = await send(PDD);
    expect(pdd.status).toBe(422);
    expect(pdd.body).toMatchObject({ problem: 'need_store', stores: ['天猫旗舰店', '京东自营店'] });
    expect(pdd.body.error).toContain('store=');
    const withStore = await send(PDD, { store: '京东自营店', dry_run: '1' });
    expect(withStore.status).toBe(200);
    expect(withStore.body.preview).toMatchObject({ stores: ['京东自营店'], days: ['2026-11-30'] });
    // No date column and none in the file name: date= says which day.
    const csv = utf8('店铺,客服,首次响应时长(秒),3分钟人工响应率\n天猫旗舰店,小周,12,95%\n');
    const undated = await upload({ bytes: csv, name: 'export.csv' });
    expect(undated.status).toBe(422);
    expect(undated.body).toMatchObject({ problem: 'need_date' });
    expect(undated.body.error).toContain('date=YYYY-MM-DD');
    const dated = await upload({ bytes: csv, name: 'export.csv' }, { date: '2026-11-28' });
    expect(dated.status).toBe(201);
    expect(dated.body.preview.days).toEqual(['2026-11-28']);
    expect((await upload({ bytes: csv, name: 'export.csv' }, { date: '2026-02-30' })).status).toBe(422);
  });

  it('a file naming stores the team lacks → 422 naming them, and nothing of it stored', async () => {
    const before = (await values()).length;
    const feige = await send(FEIGE);
    expect(feige.status).toBe(422);
    expect(feige.body).toMatchObject({ problem: 'unknown_store', unknown_stores: ['抖音小店'] });
    expect(feige.body.error).toContain('抖音小店');
    expect((await send(FEIGE, { dry_run: '1' })).body.problem).toBe('unknown_store');
    // A file with rows for a store the team has and one it lacks stores neither.
    const mixed = utf8(
      '日期,店铺,首次响应时长(秒),3分钟人工响应率\n2026-11-27,天猫旗舰店,12,95%\n2026-11-27,拼多多店,13,96%\n',
    );
    const r = await upload({ bytes: mixed, name: 'mixed.csv' });
    expect(r.status).toBe(422);
    expect(r.body.unknown_stores).toEqual(['拼多多店']);
    expect((await upload({ bytes: fixture(PDD), name: PDD }, { store: '拼多多店' })).body).toMatchObject({
      problem: 'unknown_store',
      stores: ['天猫旗舰店', '京东自营店'],
    });
    expect(await values()).toHaveLength(before);
  });

  it("a team's token imports into its own stores only", async () => {
    const mine = await values();
    // Team B has no 京东自营店: a file or a store= naming it is refused for B's token.
    const jdStore = utf8('日期,店铺,客服,首次响应时长(秒),3分钟人工响应率\n2026-11-30,京东自营店,小赵,99,10%\n');
    expect((await upload({ bytes: jdStore, name: 'x.csv' }, {}, other)).body.problem).toBe('unknown_store');
    expect((await send(PDD, { store: '京东自营店' }, other)).body.problem).toBe('unknown_store');
    // B's own 天猫旗舰店 (same name as A's) gets B's rows; A's values are untouched.
    const theirs = await send(TAOBAO, {}, other);
    expect(theirs.status).toBe(201);
    expect(await values()).toEqual(mine);
    expect((await values(otherTeamId)).length).toBe(theirs.body.inserted);
  });

  it('refuses, storing nothing: no header (saying what it found), empty, .xls, a zip bomb, no importable row', async () => {
    const before = (await values()).length;
    const noHeader = await upload({ bytes: utf8('姓名,年龄\n小王,20\n'), name: 'people.csv' });
    expect(noHeader.status).toBe(422);
    expect(noHeader.body).toMatchObject({ problem: 'no_header', found: ['姓名', '年龄', '小王', '20'] });
    expect(noHeader.body.error).toContain('姓名');
    expect((await upload({ bytes: new Uint8Array(), name: 'empty.csv' })).body.problem).toBe('empty');
    const xls = await upload({ bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), name: 'old.xls' });
    expect(xls.status).toBe(422);
    expect(xls.body).toMatchObject({ problem: 'xls_legacy' });
    expect(xls.body.error).toContain('.xlsx');
    const bomb = await upload({ bytes: fakeZip(400 * 1024 * 1024), name: 'bomb.xlsx' });
    expect(bomb).toMatchObject({ status: 422, body: { problem: 'zip_bomb' } });
    const allBad = utf8('日期,店铺,3分钟人工响应率,咨询人数\n2026-11-26,天猫旗舰店,120%,5\n');
    const bad = await upload({ bytes: allBad, name: 'bad.csv' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ problem: 'nothing_to_import', preview: { refused_count: 1 } });
    expect(bad.body.preview.refused[0]).toMatchObject({ why: 'out_of_range', column: '3分钟人工响应率' });
    expect(await values()).toHaveLength(before);
  });

  it('takes files over the API-wide 2 MB up to 20 MB; beyond → 413', async () => {
    // 3 MB: a valid export whose ignored 备注 column is long.
    const big = utf8(
      `日期,店铺,首次响应时长(秒),3分钟人工响应率,备注\n2026-11-25,天猫旗舰店,12,95%,${'x'.repeat(3 << 20)}\n`,
    );
    const ok = await upload({ bytes: big, name: 'big.csv' }, { dry_run: '1' });
    expect(ok.status).toBe(200);
    expect(ok.body.preview).toMatchObject({ rows: 1, ignored: ['备注'] });
    const over = await upload({ bytes: new Uint8Array((20 << 20) + 1), name: 'huge.csv' });
    expect(over).toMatchObject({ status: 413, body: { problem: 'too_large' } });
    const declared = await bot.app.request('/api/v1/imports', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(21 << 20),
      },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    // The JSON routes keep their 2 MB.
    const json = await bot.app.request('/api/v1/metrics', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(3 << 20),
      },
      body: '{}',
    });
    expect(json.status).toBe(413);
  });

  it('a bad token → 401; no file → 422; a body that is not a form → 415', async () => {
    expect((await send(TAOBAO, { dry_run: '1' }, 'fw_not-a-real-token-at-all-xxxxxxxx')).status).toBe(401);
    const none = await upload(undefined, { dry_run: '1' });
    expect(none.status).toBe(422);
    expect(none.body.problems[0].path).toBe('file');
    const json = await bot.app.request('/api/v1/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ ok: false });
  });

  it('is in the OpenAPI document as a multipart/form-data upload', async () => {
    const doc = (await (await bot.app.request('/api/v1/openapi.json')).json()) as Json;
    const post = doc.paths['/api/v1/imports'].post;
    const schema = post.requestBody.content['multipart/form-data'].schema;
    const form = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(form.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(form.required).toEqual(['file']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '413', '422']));
  });
});

/** A zip whose central directory declares one entry of `size` bytes (no data: nothing is inflated). */
function fakeZip(size: number): Uint8Array {
  const name = Buffer.from('xl/sharedStrings.xml');
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  const cd = Buffer.concat([h, name]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(4, 16);
  return new Uint8Array(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), cd, eocd]));
}

describe("the team's own metrics in the data API", () => {
  const metricsPost = (samples: unknown[], t = token) =>
    bot.app.request('/api/v1/metrics', {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples }),
    });

  it('POST/GET /api/v1/metrics take its key, for its own team only', async () => {
    const call = { store: '天猫旗舰店', metric: 'presale_calls', value: 14, date: '2026-11-24' };
    expect((await metricsPost([call])).status).toBe(422);
    await bot.say(bot.users.supervisor, '/kpi metrics add presale_calls 售前电话数 个 up');
    expect(await (await metricsPost([call])).json()).toMatchObject({ ok: true, inserted: 1 });
    const back = (await (
      await bot.app.request('/api/v1/metrics?from=2026-11-24&to=2026-11-24&metric=presale_calls', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as Json;
    expect(back.values).toMatchObject([{ store: '天猫旗舰店', metric: 'presale_calls', value: 14 }]);
    // Team B never added it: its token cannot store it.
    const theirs = await metricsPost([call], other);
    expect(theirs.status).toBe(422);
    expect(((await theirs.json()) as Json).problems[0].path).toBe('samples.0.metric');
  });

  it("an export's column named like the team's metric (its name or key) is imported as it", async () => {
    // The header is found by the catalog's labels (two at least); the team's metric rides along.
    const csv = utf8('日期,店铺,客服,首次响应时长(秒),接待人数,售前电话数\n2026-11-23,天猫旗舰店,小周,12,30,7\n');
    const mine = await upload({ bytes: csv, name: 'calls.csv' });
    expect(mine.status).toBe(201);
    expect(mine.body.preview.columns).toContainEqual({ label: '售前电话数', metric: 'presale_calls' });
    const stored = await loadValues(bot.deps.db, teamId, {
      from: '2026-11-23',
      to: '2026-11-23',
      metrics: ['presale_calls'],
    });
    expect(stored.map((v) => [v.agent, v.value])).toEqual([['小周', 7]]);
    const byKey = await upload(
      {
        bytes: utf8('日期,店铺,首次响应时长(秒),接待人数,presale_calls\n2026-11-22,天猫旗舰店,12,30,9\n'),
        name: 'k.csv',
      },
      { dry_run: '1' },
    );
    expect(byKey.body.preview.columns).toContainEqual({ label: 'presale_calls', metric: 'presale_calls' });
    // A rate of the team's own is read in its unit: "92%" is 0.92.
    await bot.say(bot.users.supervisor, '/kpi metrics add wait_share 等待占比 % down');
    const withRate = await upload(
      {
        bytes: utf8('日期,店铺,首次响应时长(秒),接待人数,等待占比\n2026-11-21,天猫旗舰店,12,30,92%\n'),
        name: 'r.csv',
      },
      { dry_run: '1' },
    );
    expect(withRate.body.preview).toMatchObject({ rows: 1, refused_count: 0, ignored: [] });
    expect(withRate.body.preview.columns).toContainEqual({ label: '等待占比', metric: 'wait_share' });
    // For team B the column means nothing.
    const theirs = await upload({ bytes: csv, name: 'calls.csv' }, { dry_run: '1' }, other);
    expect(theirs.body.preview.ignored).toContain('售前电话数');
  });
});

describe('the per-team rate limit', () => {
  it("applies to imports: a burst past it answers 429 with Retry-After, for that team's token only", async () => {
    const burst = await Promise.all(
      Array.from({ length: 120 }, () =>
        bot.app.request('/api/v1/imports', {
          method: 'POST',
          headers: { authorization: `Bearer ${other}` },
          body: new FormData(),
        }),
      ),
    );
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
    expect((await send(TAOBAO, { dry_run: '1' })).status).toBe(200);
  });
});
