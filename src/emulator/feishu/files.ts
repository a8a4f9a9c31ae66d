/**
 * Files as Feishu keeps them: uploaded by the bot (POST /im/v1/files, multipart) or sent by a member
 * in a file message, and read back only through a message that carries them
 * (GET /im/v1/messages/:id/resources/:file_key): a key asked for through another message is
 * "File not in msg." (234003), as Feishu answers.
 */
import { Codes, FeishuApiError, invalidParam } from './feishu-error';
import { newFileKey } from './ids';
import { assertBotIn, existing, ok, toApiMessage, type ApiAnswer } from './messages';
import type { EmulatorContext, StoredFile } from './model';

/** POST /im/v1/files: "文件大小不得超过 30 MB，且不允许上传空文件". */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

/** A multipart file part as the HTTP layer (routes.ts) hands it over. */
export interface UploadedPart {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export const isUploadedPart = (v: unknown): v is UploadedPart =>
  typeof v === 'object' && v !== null && (v as UploadedPart).bytes instanceof Uint8Array;

/** The upload file_type Feishu expects for a file name (xls for spreadsheets, stream for anything else). */
export function fileTypeOf(fileName: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['xls', 'xlsx', 'csv'].includes(ext)) return 'xls';
  if (['doc', 'docx'].includes(ext)) return 'doc';
  if (['ppt', 'pptx'].includes(ext)) return 'ppt';
  if (ext === 'pdf' || ext === 'mp4' || ext === 'opus') return ext;
  return 'stream';
}

export function storeFile(
  ctx: EmulatorContext,
  o: { fileName: string; bytes: Uint8Array; fileType?: string },
): StoredFile {
  const file: StoredFile = {
    fileKey: newFileKey(),
    fileName: o.fileName,
    fileType: o.fileType ?? fileTypeOf(o.fileName),
    bytes: o.bytes,
    createTime: ctx.now(),
  };
  ctx.state.files.set(file.fileKey, file);
  return file;
}

/** POST /open-apis/im/v1/files (multipart/form-data: file_type, file_name, file, duration?). */
export function uploadFile(ctx: EmulatorContext, body: unknown): ApiAnswer {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.file_type !== 'string' || !FILE_TYPES.has(b.file_type))
    throw invalidParam(`invalid file_type (one of ${[...FILE_TYPES].join(', ')})`);
  if (typeof b.file_name !== 'string' || !b.file_name) throw invalidParam('file_name is required');
  if (!isUploadedPart(b.file)) throw invalidParam('file is required (a multipart file part)');
  if (b.file.bytes.length === 0) throw invalidParam('the file is empty');
  if (b.file.bytes.length > MAX_UPLOAD_BYTES) throw invalidParam('the file is larger than 30 MB');
  const file = storeFile(ctx, { fileName: b.file_name, bytes: b.file.bytes, fileType: b.file_type });
  return ok({ file_key: file.fileKey });
}

/** GET /open-apis/im/v1/messages/:message_id — `items` holds the message (merge_forward would add its children). */
export function getMessage(ctx: EmulatorContext, messageId: string): ApiAnswer {
  const m = existing(ctx, messageId);
  const chat = ctx.state.chats.get(m.chatId);
  if (!chat) throw invalidParam('invalid message_id');
  assertBotIn(chat);
  return ok({ items: [toApiMessage(ctx, m)] });
}

const notInMessage = () =>
  new FeishuApiError(400, Codes.fileNotInMessage, 'File not in msg.', { rule: 'file_not_in_message' });

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

/** GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file|image — the bytes. */
export function messageResource(
  ctx: EmulatorContext,
  messageId: string,
  fileKey: string,
  query: Record<string, string>,
): ApiAnswer {
  if (query.type !== 'file' && query.type !== 'image') throw invalidParam('invalid type (file or image)');
  const m = ctx.state.messages.get(messageId);
  if (!m) throw notInMessage();
  const chat = ctx.state.chats.get(m.chatId);
  if (chat) assertBotIn(chat);
  const carried = m.content.file_key ?? m.content.image_key;
  const file = carried === fileKey ? ctx.state.files.get(fileKey) : undefined;
  if (!file) throw notInMessage();
  const ext = /\.([a-z0-9]+)$/i.exec(file.fileName)?.[1]?.toLowerCase() ?? '';
  return {
    body: {},
    raw: file.bytes,
    headers: {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename="${asciiName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'content-length': String(file.bytes.length),
    },
  };
}

/** A header-safe stand-in for a name with characters outside printable ASCII. */
const asciiName = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, '_');
