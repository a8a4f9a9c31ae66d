/**
 * Files both ways through the real SDK and the emulator: a member's file message (emitFile) read by
 * messageFile and downloadFile, byte for byte; the bot's own upload (multipart) sent as a file
 * message; Feishu's rules — a key read only through its own message, maxBytes stops the read.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/port/platform';
import { normalize } from '../../src/platforms/feishu/normalize';
import type { Chat, User } from '../../src/emulator/feishu';
import { privateChat, sampleBytes, seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

let feishu: FakeFeishu;
let chat: Chat;
let boss: User;
let agent: User;

beforeAll(async () => {
  feishu = await startFakeFeishu();
  ({
    chat,
    users: [boss, agent],
  } = seedGroup(feishu.emulator, { name: '天猫客服一组', members: ['王主管', '李客服'] }));
});
afterAll(() => feishu.close());

const sendFile = (o: { fileName: string; bytes: Uint8Array; chatId?: string; from?: User; parentId?: string }) =>
  feishu.emulator.emitFile({
    chatId: o.chatId ?? privateChat(feishu.emulator, boss).chatId,
    senderOpenId: (o.from ?? boss).openId,
    fileName: o.fileName,
    bytes: o.bytes,
    ...(o.parentId ? { parentId: o.parentId } : {}),
  });

async function tenantToken(): Promise<string> {
  const res = await fetch(`${feishu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: feishu.emulator.app.appId, app_secret: feishu.emulator.app.appSecret }),
  });
  return ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
}

const failure = async (p: Promise<unknown>): Promise<PlatformError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PlatformError);
  return e as PlatformError;
};

describe('a member sends a file, the bot reads it', () => {
  it('delivers a file message event that normalizes to event.file', async () => {
    const sent = await sendFile({ fileName: '客服绩效_20261130.xlsx', bytes: sampleBytes(2048) });
    expect(sent.event.event.message).toMatchObject({ message_type: 'file', chat_type: 'p2p' });
    const r = normalize(sent.event, { botOpenId: feishu.emulator.bot.openId });
    expect(r).toMatchObject({
      kind: 'event',
      event: {
        chatType: 'p2p',
        command: null,
        file: { key: expect.stringMatching(/^file_v2_/), name: '客服绩效_20261130.xlsx' },
      },
    });
  });

  it('messageFile names the file; downloadFile returns its bytes, a 3 MB file included', async () => {
    for (const size of [1, 4096, 3 * 1024 * 1024 + 17]) {
      const bytes = sampleBytes(size, size);
      const { message } = await sendFile({ fileName: `export-${size}.xlsx`, bytes });
      const file = await feishu.platform.messageFile(message.messageId);
      expect(file).toEqual({ key: message.content.file_key, name: `export-${size}.xlsx` });
      const got = await feishu.platform.downloadFile(message.messageId, file!, 10 * 1024 * 1024);
      expect(got.length).toBe(size);
      expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('refuses past maxBytes with file_too_large, and reads exactly maxBytes', async () => {
    const bytes = sampleBytes(3 * 1024 * 1024, 7);
    const { message } = await sendFile({ fileName: 'big.xlsx', bytes });
    const file = (await feishu.platform.messageFile(message.messageId))!;
    const e = await failure(feishu.platform.downloadFile(message.messageId, file, 1024 * 1024));
    expect(e).toMatchObject({ reason: 'file_too_large', retry: { kind: 'permanent' } });
    expect((await feishu.platform.downloadFile(message.messageId, file, bytes.length)).length).toBe(bytes.length);
  });

  it('a file key read through another message is file_not_found (Feishu: 234003 File not in msg.)', async () => {
    const a = await sendFile({ fileName: 'a.csv', bytes: sampleBytes(10, 1) });
    const b = await sendFile({ fileName: 'b.csv', bytes: sampleBytes(10, 2) });
    const fileOfA = (await feishu.platform.messageFile(a.message.messageId))!;
    const e = await failure(feishu.platform.downloadFile(b.message.messageId, fileOfA, 1000));
    expect(e).toMatchObject({ reason: 'file_not_found', code: 234003, httpStatus: 400 });
    const gone = await failure(feishu.platform.downloadFile('om_nosuch', fileOfA, 1000));
    expect(gone.reason).toBe('file_not_found');
    expect(feishu.emulator.violations('file_not_in_message').length).toBeGreaterThanOrEqual(2);
  });

  it('messageFile of a message that carries no file is undefined', async () => {
    const said = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: agent.openId, text: 'hi' });
    expect(await feishu.platform.messageFile(said.message.messageId)).toBeUndefined();
  });

  it('a reply names its parent: @bot /kpi import in reply to a file in the group', async () => {
    const { message: fileMsg, delivered } = await sendFile({
      chatId: chat.chatId,
      from: agent,
      fileName: '飞鸽客服数据_2026-11-30.xlsx',
      bytes: sampleBytes(100),
    });
    expect(delivered).toBe(false); // no webhook in this test; a group file is delivered with the all-messages scope
    const reply = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '@floorwalker /kpi import',
      parentId: fileMsg.messageId,
    });
    const r = normalize(reply.event, { botOpenId: feishu.emulator.bot.openId });
    expect(r).toMatchObject({ kind: 'event', event: { command: '/kpi import', parentId: fileMsg.messageId } });
    const file = await feishu.platform.messageFile(fileMsg.messageId);
    expect(file?.name).toBe('飞鸽客服数据_2026-11-30.xlsx');
    expect((await feishu.platform.downloadFile(fileMsg.messageId, file!, 1000)).length).toBe(100);
    await expect(
      feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: 'x', parentId: 'om_nosuch' }),
    ).rejects.toThrow(/no message om_nosuch/);
  });
});

describe('the resource endpoint over HTTP', () => {
  it('answers the raw bytes with content-type, length and disposition; JSON when the key is not the message’s', async () => {
    const bytes = sampleBytes(5000, 3);
    const { message } = await sendFile({ fileName: '快手-客服考核数据.csv', bytes });
    const key = String(message.content.file_key);
    const auth = { authorization: `Bearer ${await tenantToken()}` };
    const url = (id: string, k: string, type = 'file') =>
      `${feishu.url}/open-apis/im/v1/messages/${id}/resources/${k}?type=${type}`;
    const res = await fetch(url(message.messageId, key), { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-length')).toBe('5000');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('快手-客服考核数据.csv')}`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const wrong = await fetch(url(message.messageId, 'file_v2_other'), { headers: auth });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ code: 234003, msg: 'File not in msg.' });
    expect((await fetch(url(message.messageId, key, 'video'), { headers: auth })).status).toBe(400);
    const anonymous = await fetch(url(message.messageId, key));
    expect(((await anonymous.json()) as { code: number }).code).toBe(99991661);
  });

  it('GET message answers items[] with the file message as Feishu does', async () => {
    const { message } = await sendFile({ fileName: 'x.xlsx', bytes: sampleBytes(3) });
    const res = await fetch(`${feishu.url}/open-apis/im/v1/messages/${message.messageId}`, {
      headers: { authorization: `Bearer ${await tenantToken()}` },
    });
    const body = (await res.json()) as { code: number; data: { items: Record<string, unknown>[] } };
    expect(body.code).toBe(0);
    expect(body.data.items).toHaveLength(1);
    expect(body.data.items[0]).toMatchObject({
      message_id: message.messageId,
      msg_type: 'file',
      deleted: false,
      sender: { id: boss.openId, id_type: 'open_id', sender_type: 'user' },
      body: { content: JSON.stringify({ file_key: message.content.file_key, file_name: 'x.xlsx' }) },
    });
  });
});

describe('the bot uploads a file (multipart) and sends it', () => {
  it('POST /im/v1/files through the SDK stores it; a file message carries it; its bytes come back', async () => {
    const client = new lark.Client({
      appId: feishu.emulator.app.appId,
      appSecret: feishu.emulator.app.appSecret,
      domain: feishu.url,
      loggerLevel: lark.LoggerLevel.error,
    });
    const bytes = sampleBytes(64 * 1024, 9);
    const up = await client.im.v1.file.create({
      data: { file_type: 'xls', file_name: '模板.xlsx', file: Buffer.from(bytes) },
    });
    const fileKey = up?.file_key ?? (up as { data?: { file_key?: string } } | null)?.data?.file_key;
    expect(fileKey).toMatch(/^file_v2_/);
    expect(feishu.emulator.file(fileKey!)).toMatchObject({ fileName: '模板.xlsx', fileType: 'xls' });
    const upload = feishu.emulator.calls({ method: 'POST', path: '/open-apis/im/v1/files' }).at(-1)!;
    expect(upload.body).toMatchObject({ file_type: 'xls', file_name: '模板.xlsx', file: { size: bytes.length } });

    const sent = await client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chat.chatId, msg_type: 'file', content: JSON.stringify({ file_key: fileKey }) },
    });
    const messageId = sent.data!.message_id!;
    expect(feishu.emulator.message(messageId)).toMatchObject({
      msgType: 'file',
      content: { file_key: fileKey, file_name: '模板.xlsx' },
    });
    const file = await feishu.platform.messageFile(messageId);
    expect(file).toEqual({ key: fileKey, name: '模板.xlsx' });
    expect(Buffer.from(await feishu.platform.downloadFile(messageId, file!, 1 << 20)).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });

  it('keeps binary bytes of a browser-style multipart upload (a part with a filename) intact', async () => {
    // Bytes that look like a multipart delimiter and line ends must survive.
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('\r\n--x\r\n\r\n'),
      0,
      255,
      13,
      10,
      ...sampleBytes(1000),
    ]);
    const form = new FormData();
    form.append('file_type', 'stream');
    form.append('file_name', 'raw.bin');
    form.append('file', new Blob([bytes]), 'raw.bin');
    const res = await fetch(`${feishu.url}/open-apis/im/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tenantToken()}` },
      body: form,
    });
    const key = ((await res.json()) as { data: { file_key: string } }).data.file_key;
    expect(Buffer.from(feishu.emulator.file(key)!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses an empty upload, a wrong file_type, and a file message with an unknown key', async () => {
    const client = new lark.Client({
      appId: feishu.emulator.app.appId,
      appSecret: feishu.emulator.app.appSecret,
      domain: feishu.url,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: { response?: { status?: number; data?: { code?: number } } }) => e.response?.data?.code,
      );
    expect(
      await status(
        client.im.v1.file.create({ data: { file_type: 'xls', file_name: 'e.xlsx', file: Buffer.alloc(0) } }),
      ),
    ).toBe(230001);
    expect(
      await status(
        client.im.v1.file.create({ data: { file_type: 'zip' as 'xls', file_name: 'e.zip', file: Buffer.from('x') } }),
      ),
    ).toBe(230001);
    expect(
      await status(
        client.im.v1.message.create({
          params: { receive_id_type: 'chat_id' },
          data: { receive_id: chat.chatId, msg_type: 'file', content: JSON.stringify({ file_key: 'file_v2_nope' }) },
        }),
      ),
    ).toBe(230001);
  });
});
