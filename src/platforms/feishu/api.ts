/**
 * PlatformApi over the official SDK. `domain` decides where every call goes — open.feishu.cn,
 * open.larksuite.com, or the local emulator — and nothing above this file knows which.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FileRef } from '../../core/inbound';
import { PlatformError, type ChatInfo, type PlatformApi, type UrgentKind } from '../../port/platform';
import { silentLogger, type Logger } from '../../log';
import { readStream, toPlatformError, TOKEN_INVALID_CODES, withReadBody } from './api-errors';
import { feishuCard, feishuMessage } from './card-json';
import { feishuError } from './errors';
import { feishuTraits } from './traits';
import { FEISHU_MAX_FILE_BYTES } from './limits';
import { PerClientTokenCache, quietSdkLogger, withTimeout } from './sdk-plumbing';

export interface FeishuPlatformOptions {
  appId: string;
  appSecret: string;
  /** Open API base URL, e.g. https://open.feishu.cn or http://127.0.0.1:9100. */
  domain: string;
  log?: Logger;
  /** Per HTTP call; the SDK has no default and a hung socket would stall the outbox. */
  timeoutMs?: number;
}

interface FeishuReply {
  code?: number;
  msg?: string;
}

export function createFeishuPlatform(opts: FeishuPlatformOptions): PlatformApi {
  const log = (opts.log ?? silentLogger).child({ component: 'feishu-api' });
  const tokens = new PerClientTokenCache();
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    // Our own cache, not the SDK's process-wide one: two clients with the same app id (tests,
    // sandbox) must not share a token, and a rejected token must be droppable.
    cache: tokens,
    loggerLevel: lark.LoggerLevel.warn,
    logger: quietSdkLogger(log),
    // Typed as AxiosInstance, but its response interceptor already unwraps to the body: an HttpInstance.
    httpInstance: withTimeout(lark.defaultHttpInstance as unknown as lark.HttpInstance, opts.timeoutMs ?? 10_000),
  });

  /** One call: classify failures, retry once with a fresh token when Feishu rejected the cached one. */
  async function call<T extends FeishuReply>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let reply: T;
      try {
        reply = await fn();
      } catch (err) {
        const e = toPlatformError(what, err);
        if (attempt === 1 && e.code !== undefined && TOKEN_INVALID_CODES.has(e.code)) {
          tokens.clear();
          continue;
        }
        log.debug('call failed', { what, status: e.httpStatus, code: e.code, reason: e.reason });
        throw e;
      }
      if (reply && typeof reply.code === 'number' && reply.code !== 0) {
        // Feishu occasionally answers 200 with a business error; it is just as much a failure.
        throw toPlatformError(what, { status: 200, data: reply });
      }
      return reply;
    }
  }

  const messageIdOf = (what: string, reply: { data?: { message_id?: string } }) => {
    const id = reply.data?.message_id;
    if (!id) throw feishuError(what, { status: 200, msg: 'the answer carried no message_id', body: reply });
    return { messageId: id };
  };

  return {
    ...feishuTraits,

    async botInfo() {
      const reply = await call('bot info', () =>
        client.request<FeishuReply & { bot?: { open_id?: string; app_name?: string } }>({
          method: 'GET',
          url: '/open-apis/bot/v3/info',
        }),
      );
      if (!reply.bot?.open_id)
        throw feishuError('bot info', {
          status: 200,
          msg: 'no bot.open_id in the answer (is the bot ability enabled?)',
          body: reply,
        });
      return { openId: reply.bot.open_id, name: reply.bot.app_name ?? '' };
    },

    async chatInfo(chatId: string): Promise<ChatInfo> {
      const reply = await call('chat info', () =>
        client.im.v1.chat.get({ path: { chat_id: chatId }, params: { user_id_type: 'open_id' } }),
      );
      return { name: reply.data?.name ?? '', ...(reply.data?.owner_id ? { ownerOpenId: reply.data.owner_id } : {}) };
    },

    async send(to, body, uuid) {
      const [receiveIdType, receiveId] =
        'chatId' in to ? (['chat_id', to.chatId] as const) : (['open_id', to.openId] as const);
      const { msgType, content } = feishuMessage(body);
      const reply = await call('send', () =>
        client.im.v1.message.create({
          params: { receive_id_type: receiveIdType },
          data: { receive_id: receiveId, msg_type: msgType, content, uuid },
        }),
      );
      return messageIdOf('send', reply);
    },

    async reply(messageId, body, uuid) {
      const { msgType, content } = feishuMessage(body);
      const reply = await call('reply', () =>
        client.im.v1.message.reply({
          path: { message_id: messageId },
          data: { msg_type: msgType, content, uuid },
        }),
      );
      return messageIdOf('reply', reply);
    },

    async sendFile(to, file, uuid) {
      if (file.size > FEISHU_MAX_FILE_BYTES)
        throw new PlatformError(
          `feishu upload file: ${file.name} is ${file.size} bytes, over Feishu's 30 MB`,
          'file_too_large',
          { kind: 'permanent' },
        );
      // The SDK uploads a Buffer or an fs.ReadStream (form-data needs to know the length): spool
      // the chunks to a temporary file and upload from there, so no more than a chunk is in memory.
      const spool = path.join(tmpdir(), `floorwalker-upload-${randomUUID()}`);
      try {
        await pipeline(Readable.from(file.chunks()), createWriteStream(spool));
        const up = await call('upload file', async () => {
          const r = (await client.im.v1.file.create({
            data: { file_type: feishuFileType(file.name), file_name: file.name, file: createReadStream(spool) },
          })) as (FeishuReply & { file_key?: string; data?: { file_key?: string } }) | null;
          return r ?? {};
        });
        const fileKey = up.file_key ?? up.data?.file_key;
        if (!fileKey)
          throw feishuError('upload file', { status: 200, msg: 'the answer carried no file_key', body: up });
        const [receiveIdType, receiveId] =
          'chatId' in to ? (['chat_id', to.chatId] as const) : (['open_id', to.openId] as const);
        const reply = await call('send file', () =>
          client.im.v1.message.create({
            params: { receive_id_type: receiveIdType },
            data: { receive_id: receiveId, msg_type: 'file', content: JSON.stringify({ file_key: fileKey }), uuid },
          }),
        );
        return messageIdOf('send file', reply);
      } finally {
        await rm(spool, { force: true });
      }
    },

    async patchCard(messageId, card) {
      await call('patch card', () =>
        client.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(feishuCard(card)) },
        }),
      );
    },

    async urgent(messageId, kind: UrgentKind, openIds) {
      const payload = {
        path: { message_id: messageId },
        params: { user_id_type: 'open_id' as const },
        data: { user_id_list: openIds },
      };
      const m = client.im.v1.message;
      const reply = await call(`urgent ${kind}`, () =>
        kind === 'app' ? m.urgentApp(payload) : kind === 'sms' ? m.urgentSms(payload) : m.urgentPhone(payload),
      );
      return { invalidOpenIds: reply.data?.invalid_user_id_list ?? [] };
    },

    async updateCardByToken(token, card) {
      // The SDK has no method for this endpoint (feishu.md).
      await call('card update', () =>
        client.request<FeishuReply>({
          method: 'POST',
          url: '/open-apis/interactive/v1/card/update',
          data: { token, card: feishuCard(card) },
        }),
      );
    },

    async messageFile(messageId) {
      const reply = await asFileFailure(
        call('message get', () => client.im.v1.message.get({ path: { message_id: messageId } })),
      );
      const item = reply.data?.items?.[0];
      if (!item) throw fileNotFound('message get', `message ${messageId} is not there`);
      if (item.deleted) throw fileNotFound('message get', `message ${messageId} was recalled or deleted`);
      return item.msg_type === 'file' ? fileOf(item.body?.content) : undefined;
    },

    async downloadFile(messageId, file, maxBytes) {
      const what = 'download file';
      const { bytes } = await asFileFailure(
        call(what, async () => {
          let res: Awaited<ReturnType<typeof client.im.v1.messageResource.get>>;
          try {
            res = await client.im.v1.messageResource.get({
              path: { message_id: messageId, file_key: file.key },
              params: { type: 'file' },
            });
          } catch (err) {
            // The failure's JSON answer is a stream like the file would have been.
            throw await withReadBody(err);
          }
          const stream = res.getReadableStream();
          const tooLarge = () => {
            throw new PlatformError(
              `feishu ${what}: ${file.name || file.key} is larger than ${maxBytes} bytes`,
              'file_too_large',
              { kind: 'permanent' },
            );
          };
          // Feishu states the size up front; a file known to be too large is not read at all.
          const length = Number(res.headers?.['content-length']);
          if (Number.isFinite(length) && length > maxBytes) {
            (stream as { destroy?: () => void }).destroy?.();
            tooLarge();
          }
          return { code: 0, bytes: await readStream(stream, maxBytes, tooLarge) };
        }),
      );
      return bytes;
    },
  };
}

/** The upload's file_type for a name: spreadsheets (xlsx, csv) are "xls"; anything unlisted is "stream". */
function feishuFileType(name: string): 'xls' | 'doc' | 'ppt' | 'pdf' | 'stream' {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xls' || ext === 'xlsx' || ext === 'csv') return 'xls';
  if (ext === 'doc' || ext === 'docx') return 'doc';
  if (ext === 'ppt' || ext === 'pptx') return 'ppt';
  return ext === 'pdf' ? 'pdf' : 'stream';
}

/** A file message's content: {"file_key":"file_v2_…","file_name":"….xlsx"}. */
function fileOf(content: string | undefined): FileRef | undefined {
  try {
    const parsed = JSON.parse(content ?? '') as { file_key?: unknown; file_name?: unknown };
    if (typeof parsed.file_key !== 'string' || !parsed.file_key) return undefined;
    return { key: parsed.file_key, name: typeof parsed.file_name === 'string' ? parsed.file_name : '' };
  } catch {
    return undefined;
  }
}

const fileNotFound = (what: string, message: string, detail: { code?: number; httpStatus?: number } = {}) =>
  new PlatformError(`feishu ${what}: ${message}`, 'file_not_found', { kind: 'permanent' }, detail);

/** For the caller of a download, a message that is gone is a file that is gone. */
async function asFileFailure<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (
      err instanceof PlatformError &&
      (err.reason === 'message_recalled' ||
        err.reason === 'message_deleted' ||
        (err.reason === 'rejected' && err.httpStatus === 404))
    ) {
      throw new PlatformError(
        err.message,
        'file_not_found',
        { kind: 'permanent' },
        {
          ...(err.code !== undefined ? { code: err.code } : {}),
          ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {}),
          ...(err.body !== undefined ? { body: err.body } : {}),
        },
      );
    }
    throw err;
  }
}
