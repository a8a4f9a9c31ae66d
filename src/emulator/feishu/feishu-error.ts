/**
 * An Open API refusal in Feishu's own terms: HTTP status, business code, message. `rule` names the
 * platform rule behind it, so the refusal is also recorded as a violation.
 */
export class FeishuApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly opts: { rule?: string; headers?: Record<string, string> } = {},
  ) {
    super(`${status} ${code} ${msg}`);
    this.name = 'FeishuApiError';
  }
}

/** The codes the emulator answers with (feishu.md; per-endpoint error tables of the Open API docs). */
export const Codes = {
  appSecretInvalid: 10014,
  missingToken: 99991661,
  tokenInvalid: 99991663,
  appRateLimited: 99991400,
  invalidParam: 230001,
  botNotInChat: 230002,
  notBotsMessage: 230012,
  tooManyUnreadBuzzes: 230023,
  buzzQuotaExhausted: 230024,
  messageRateLimited: 230020,
  messageTooOld: 230031,
  buzzNotAllowedInGroup: 230052,
  cardInvalid: 230099,
  fileNotInMessage: 234003,
  chatIdInvalid: 232006,
  botNotInChatInfo: 232011,
} as const;

export const invalidParam = (ext: string) =>
  new FeishuApiError(400, Codes.invalidParam, `Your request contains an invalid request parameter, ext=${ext}.`);
