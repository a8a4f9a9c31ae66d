/**
 * The limits the DingTalk emulator enforces (dingtalk.md §3), so that a bot going faster than them
 * is refused as DingTalk would refuse it, and the refusal is on record:
 * - 20 calls a second per app per API (standard edition) → 403 QpsLimitForAppkeyAndApi;
 * - 20 robot messages a minute into one group, sent by the API (groupMessages/send, a card's
 *   createAndDeliver) → `send.too.fast` (400). DingTalk documents this only for webhook robots
 *   (errcode 130101); for the app robot it states nothing [u], so the emulator holds it to the
 *   same. Replies by session webhook are not counted: no limit is stated for them either, and
 *   they answer someone who just spoke.
 * Token calls and the Stream gateway are not limited here (a bot makes them rarely).
 */
import { RateLimiter } from '../rate-limiter';
import { newApiError, QPS_LIMIT } from './api-error';

export const PER_API_PER_SECOND = 20;
export const GROUP_MESSAGES_PER_MINUTE = 20;

export interface DtViolation {
  time: number;
  /** 'qps_20_app_api' or 'group_20_per_minute'. */
  rule: string;
  method: string;
  path: string;
  status: number;
  code: string;
  chatId?: string;
}

export class DtRateRules {
  private readonly limiter = new RateLimiter();
  readonly log: DtViolation[] = [];

  constructor(private readonly now: () => number) {}

  /** A refusal when this call is over its API's 20 a second; undefined when it may run. */
  api(method: string, path: string): Response | undefined {
    if (this.limiter.take(`api:${method} ${path}`, PER_API_PER_SECOND, 1000, this.now()) === 0) return undefined;
    this.note({ rule: 'qps_20_app_api', method, path, status: 403, code: QPS_LIMIT });
    return newApiError(403, QPS_LIMIT, `应用调用 ${path} 超过每秒 ${PER_API_PER_SECOND} 次`);
  }

  /** A refusal when a robot message into this group is over its 20 a minute. */
  groupMessage(chatId: string, method: string, path: string): Response | undefined {
    if (this.limiter.take(`group:${chatId}`, GROUP_MESSAGES_PER_MINUTE, 60_000, this.now()) === 0) return undefined;
    this.note({ rule: 'group_20_per_minute', method, path, status: 400, code: 'send.too.fast', chatId });
    return newApiError(400, 'send.too.fast', `机器人每分钟最多向一个群发送 ${GROUP_MESSAGES_PER_MINUTE} 条消息`);
  }

  clear(): void {
    this.limiter.clear();
    this.log.length = 0;
  }

  private note(v: Omit<DtViolation, 'time'>): void {
    this.log.push({ time: this.now(), ...v });
  }
}
