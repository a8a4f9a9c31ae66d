/**
 * Order exports through the file import: the KPI import hands over a file whose header is an
 * order export's (FileKind "riskOrders", core/file-kinds.ts). The file is stored whole or not at
 * all, through the same ingestOrders as POST /api/v1/orders — a refused row (a bad amount, a store
 * the team does not have) refuses the file and names the lines — and the reply says what happened.
 * The same file twice stores once (orders merge by id) and answers once (the reply's uuid).
 */
import type { FileKind } from '../../core/file-kinds';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { readExportFile, isFileProblem } from '../kpi/read-file';
import { activeStores } from '../stores/repo';
import { MAX_ORDERS, withStores } from './api';
import { isOrderHeader, readOrderRows, type FileRefusal } from './order-file';
import { ingestOrders } from './ingest';
import { RX } from './texts';

const SHOWN = 10;

export const orderFileKind: FileKind = {
  isHeader: isOrderHeader,
  apiRoute: '/api/v1/orders',
  async take(deps, team, file, now) {
    const L = localeOf(deps.config, team);
    const reply = (text: string) =>
      enqueue(deps.db, now, {
        kind: 'reply',
        teamId: team.id,
        messageId: file.messageId,
        chatId: file.chatId,
        body: { msgType: 'text', content: { text } },
        priority: PRIORITY.interactive,
        uuid: uuidFor(`risk-import:${team.id}:${file.source}`),
      });
    const refuse = (detail: string) => reply(t(L, RX.fileRefused, { file: file.fileName, detail }));
    const lines = (r: readonly FileRefusal[]) =>
      r
        .slice(0, SHOWN)
        .map((x) => t(L, RX.fileLine, { line: x.line, reason: x.reason }))
        .join('；') + (r.length > SHOWN ? '…' : '');
    const rows = await readExportFile(file.bytes, isOrderHeader);
    if (isFileProblem(rows)) return void (await refuse(rows.problem));
    const stores = await activeStores(deps.db, team.id);
    const read = readOrderRows(rows.rows, team.timeZone, stores.length === 1 ? stores[0]!.name : undefined);
    if ('problem' in read) return void (await refuse(t(L, RX.fileEmpty)));
    if (read.refused.length) return void (await refuse(lines(read.refused)));
    if (read.orders.length > MAX_ORDERS) return void (await refuse(`> ${MAX_ORDERS}`));
    const { inputs, problems } = withStores(read.orders, new Map(stores.map((s) => [s.name, s.id])));
    if (problems.length) return void (await refuse(problems.map((p) => p.reason).join('；')));
    const r = await ingestOrders(deps, team, inputs, now);
    await reply(
      t(L, RX.fileStored, {
        file: file.fileName,
        n: r.inserted + r.replaced,
        inserted: r.inserted,
        replaced: r.replaced,
        risky: r.warned,
      }),
    );
    deps.wake();
  },
};
