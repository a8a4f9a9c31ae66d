import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { teams } from '../../src/db/schema';
import { isImportProblem, readImport, storeImport } from '../../src/features/kpi/import-file';
import { countValues } from '../../src/features/kpi/repo';
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
});
