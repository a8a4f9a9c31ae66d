import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { teams } from '../../src/db/schema';
import { isImportProblem, readImport, storeImport } from '../../src/features/kpi/import-file';
import { countValues, loadValues } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
const now = new Date('2026-12-01T01:00:00Z');
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/kpi');
const FILE = '自制报表-报表查看-客服绩效_20261130_20261130_全部.xlsx';
const bytes = new Uint8Array(readFileSync(path.join(dir, FILE)));

describe('an export file read and stored', () => {
  it('previews without storing, stores once, and a second import replaces every value', async () => {
    const [team] = await db.db
      .insert(teams)
      .values({ tenantKey: 't', chatId: 'oc_import', timeZone: 'Asia/Shanghai', createdAt: now })
      .returning();
    const [store] = await db.db
      .insert(stores)
      .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: now })
      .returning();
    const ctx = { fileName: FILE, stores: ['天猫旗舰店'] };
    const preview = await readImport(bytes, ctx);
    if (isImportProblem(preview)) throw new Error(JSON.stringify(preview));
    expect(preview).toMatchObject({ platform: 'taobao', days: ['2026-11-30'], stores: ['天猫旗舰店'], rows: 3 });
    expect(preview.agents).toEqual(['小王', '小陈', '小李']);
    expect(preview.samples).toHaveLength(3);
    expect(await countValues(db.db, team!.id, [store!.id], ['2026-11-30'])).toBe(0);

    const ids = new Map([['天猫旗舰店', store!.id]]);
    const first = await storeImport(db.db, team!.id, bytes, ctx, ids, 'file:test', now);
    if (isImportProblem(first)) throw new Error(JSON.stringify(first));
    expect(first.inserted).toBe(preview.values);
    expect(first.replaced).toBe(0);
    const again = await storeImport(db.db, team!.id, bytes, ctx, ids, 'file:test', now);
    if (isImportProblem(again)) throw new Error(JSON.stringify(again));
    expect(again).toMatchObject({ inserted: 0, replaced: preview.values });
    expect(await countValues(db.db, team!.id, [store!.id], ['2026-11-30'])).toBe(preview.values);
  });

  it('stores a previewed file in one pass with the scales its preview learnt, the same values as two passes', async () => {
    const [team] = await db.db
      .insert(teams)
      .values({ tenantKey: 't', chatId: 'oc_import_known', timeZone: 'Asia/Shanghai', createdAt: now })
      .returning();
    const [store] = await db.db
      .insert(stores)
      .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: now })
      .returning();
    // A bare-percent rate column whose only value above 1 comes well after the header's rows.
    const rows = ['日期,店铺,客服昵称,咨询人数,接待人数,3分钟人工响应率'];
    for (let i = 0; i < 60; i++) rows.push(`2026-11-29,天猫旗舰店,客服${i},10,10,${i === 59 ? '95' : '0.9'}`);
    const csv = new TextEncoder().encode(rows.join('\n'));
    const ctx = { fileName: 'x.csv', stores: ['天猫旗舰店'] };
    const preview = await readImport(csv, ctx);
    if (isImportProblem(preview)) throw new Error(JSON.stringify(preview));
    expect(preview.percentColumns).toContain(5);
    const ids = new Map([['天猫旗舰店', store!.id]]);
    const once = await storeImport(db.db, team!.id, csv, ctx, ids, 'file:test', now, preview);
    if (isImportProblem(once)) throw new Error(JSON.stringify(once));
    const values = await loadValues(db.db, team!.id, {
      from: '2026-11-29',
      to: '2026-11-29',
      metrics: ['reply_3min_rate'],
    });
    // 0.9 in a percent column is 0.9 %, as the two-pass read decides; one pass without the
    // preview's scales would have read it as 90 %.
    expect(values.find((v) => v.agent === '客服0')?.value).toBeCloseTo(0.009);
    expect(values.find((v) => v.agent === '客服59')?.value).toBeCloseTo(0.95);
    expect(once.summary.rows).toBe(60);
    // The scales given are the ones used (no second look at the file): told "no percent column",
    // the bare 0.9 is a fraction again (90 %).
    const told = await storeImport(db.db, team!.id, csv, ctx, ids, 'file:test', now, { percentColumns: [] });
    if (isImportProblem(told)) throw new Error(JSON.stringify(told));
    const again = await loadValues(db.db, team!.id, {
      from: '2026-11-29',
      to: '2026-11-29',
      metrics: ['reply_3min_rate'],
    });
    expect(again.find((v) => v.agent === '客服0')?.value).toBeCloseTo(0.9);
  });
});
