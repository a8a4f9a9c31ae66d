/**
 * Layer two of failure classification: a neutral PlatformError → what the outbox does (retry,
 * pause, fail) and what it tells the operator. Feishu's codes → neutral errors: feishu-errors.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError, type RetryHint } from '../../src/port/platform';
import { backoffMs, classifyFailure, explainFailure, MAX_ATTEMPTS, scopesIn } from '../../src/outbox/classify';
import { GENERIC_WORDS } from '../../src/outbox/explain';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const failed = (reason: string, retry: RetryHint, code?: number) =>
  new PlatformError(`send failed: ${reason}`, reason, retry, code !== undefined ? { code } : {});
const send = (attempt = 1) => ({ kind: 'send' as const, attempt, random: () => 1 });
const permanent: RetryHint = { kind: 'permanent' };
const FEISHU = feishuTraits.words;

describe('classifyFailure', () => {
  it('waits out an app-wide rate limit for its retry-after and pauses the whole app, without using up attempts', () => {
    expect(
      classifyFailure(
        failed('rate_limited', { kind: 'rate_limited', scope: 'app', retryAfterMs: 3000 }, 99991400),
        send(7),
      ),
    ).toEqual({
      action: 'retry',
      afterMs: 3000,
      pause: 'app',
      countsAsAttempt: false,
      reason: 'rate_limited',
      code: 99991400,
      message: 'send failed: rate_limited',
    });
    // Even at the last attempt, and a second when the platform did not say how long.
    expect(
      classifyFailure(failed('rate_limited', { kind: 'rate_limited', scope: 'app' }), send(MAX_ATTEMPTS)),
    ).toMatchObject({ action: 'retry', pause: 'app', afterMs: 1000 });
  });

  it('backs off when one chat is over its limit (pausing that chat) and on transient errors, then gives up', () => {
    const chat: RetryHint = { kind: 'rate_limited', scope: 'chat' };
    expect(classifyFailure(failed('chat_rate_limited', chat, 230020), send(1))).toMatchObject({
      action: 'retry',
      pause: 'lane',
      countsAsAttempt: true,
      reason: 'chat_rate_limited',
      afterMs: 1000,
    });
    expect(classifyFailure(failed('server_error', { kind: 'transient' }), send(3))).toEqual({
      action: 'retry',
      afterMs: 4000,
      countsAsAttempt: true,
      reason: 'server_error',
      message: 'send failed: server_error',
    });
    expect(classifyFailure(failed('network', { kind: 'transient' }), send())).toMatchObject({
      action: 'retry',
      reason: 'network',
    });
    // Not a PlatformError: it came from below the adapter.
    expect(classifyFailure(new Error('socket hang up'), send())).toMatchObject({
      action: 'retry',
      reason: 'network',
      message: 'socket hang up',
    });
    expect(classifyFailure(failed('server_error', { kind: 'transient' }), send(MAX_ATTEMPTS))).toMatchObject({
      action: 'fail',
      reason: 'gave_up',
    });
    expect(classifyFailure(failed('chat_rate_limited', chat, 230020), send(MAX_ATTEMPTS))).toEqual({
      action: 'fail',
      reason: 'gave_up',
      code: 230020,
      message: 'send failed: chat_rate_limited',
    });
  });

  it.each([
    'bot_not_in_group',
    'no_permission',
    'chat_dissolved',
    'card_invalid',
    'missing_scope',
    'token_invalid',
    'not_own_message',
    'not_allowed',
    'quota_exhausted',
    'too_many_unread',
    'message_too_old',
  ])('records a permanent %s as it is, never retried, with a specific explanation', (reason) => {
    expect(classifyFailure(failed(reason, permanent, 4242), send(1))).toEqual({
      action: 'fail',
      reason,
      code: 4242,
      message: `send failed: ${reason}`,
    });
    const text = explainFailure({ reason, code: 4242, message: 'm' }, FEISHU);
    expect(text['zh-CN']).not.toContain('错误码'); // a specific explanation, not the generic one
    expect(text.en).not.toMatch(/refused this message \(code/);
  });

  it('decides from the reason and hint only: the platform’s code does not change the verdict', () => {
    expect(classifyFailure(failed('server_error', { kind: 'transient' }, 230002), send(1))).toMatchObject({
      action: 'retry',
      reason: 'server_error',
      code: 230002,
    });
    expect(classifyFailure(failed('rejected', permanent, 99991400), send(1))).toMatchObject({
      action: 'fail',
      reason: 'rejected',
      code: 99991400,
    });
  });

  it('records an unknown refusal as rejected, naming the code', () => {
    expect(classifyFailure(failed('rejected', permanent, 234567), send(1))).toMatchObject({
      action: 'fail',
      reason: 'rejected',
      code: 234567,
    });
    expect(explainFailure({ reason: 'rejected', code: 234567, message: 'something new' }, FEISHU).en).toBe(
      'Feishu refused this message (code 234567): something new',
    );
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(4, () => 0.5)).toBe(6000);
    expect(backoffMs(30, () => 1)).toBe(300_000);
    const seen = new Set(Array.from({ length: 20 }, () => backoffMs(3)));
    expect(seen.size).toBeGreaterThan(1);
    for (const ms of seen) (expect(ms).toBeGreaterThanOrEqual(2000), expect(ms).toBeLessThanOrEqual(4000));
  });
});

describe('explainFailure', () => {
  it('tells the operator what to do, in Chinese and English', () => {
    expect(explainFailure({ reason: 'bot_not_in_group', code: 230002 }, FEISHU)).toEqual({
      'zh-CN': '机器人不在群里：请把机器人重新拉进群。',
      en: 'The bot is not in the group: add the bot to the group again.',
    });
  });

  it('names the missing scopes from the platform’s message', () => {
    const message =
      'feishu urgent phone failed: HTTP 400, code 99991672: Access denied. One of the following scopes is required: [im:message.urgent:phone].应用尚未开通所需的应用身份权限：[im:message.urgent:phone]';
    expect(scopesIn(message)).toEqual(['im:message.urgent:phone']);
    const text = explainFailure({ reason: 'missing_scope', code: 99991672, message }, FEISHU);
    expect(text.en).toBe(
      'Missing scope im:message.urgent:phone: add it in the developer console and publish a new version.',
    );
    expect(text['zh-CN']).toBe('应用缺少权限 im:message.urgent:phone：请在飞书开发者后台开通，并发布新版本。');
    expect(explainFailure({ reason: 'missing_scope', message: 'no list here' }, FEISHU)['zh-CN']).toContain(
      '（见飞书的报错）',
    );
  });

  it('speaks of the platform in its own words: name, credentials, limits', () => {
    expect(explainFailure({ reason: 'app_credentials' }, FEISHU)['zh-CN']).toBe(
      '应用 ID 或密钥不对：请检查 FEISHU_APP_ID / FEISHU_APP_SECRET。',
    );
    expect(explainFailure({ reason: 'token_invalid' }, FEISHU).en).toBe(
      "Feishu rejected the app's access token: check FEISHU_APP_ID / FEISHU_APP_SECRET and that the app is published.",
    );
    expect(explainFailure({ reason: 'too_many_unread' }, FEISHU)['zh-CN']).toBe(
      '对方未读的加急已达上限（200 条）：请对方先处理未读加急。',
    );
    expect(explainFailure({ reason: 'message_too_old' }, FEISHU).en).toBe(
      'The message is too old (over 14 days) and can no longer be updated.',
    );
    expect(explainFailure({ reason: 'gave_up', attempts: 8, message: 'HTTP 502' }, FEISHU)['zh-CN']).toBe(
      '飞书连续 8 次没有处理成功，已放弃这条消息：请检查网络和飞书服务状态。最后一次：HTTP 502',
    );
  });

  it('without the platform’s words, names no platform and no platform’s numbers', () => {
    for (const reason of [
      'token_invalid',
      'app_credentials',
      'too_many_unread',
      'message_too_old',
      'gave_up',
      'rejected',
      'quota_exhausted',
      'missing_scope',
    ]) {
      const text = explainFailure({ reason, code: 1, message: 'boom', attempts: 3 });
      expect(`${text['zh-CN']} ${text.en}`).not.toMatch(/飞书|Feishu|FEISHU|200|14 天|14 days/);
    }
    expect(explainFailure({ reason: 'rejected', code: 1, message: 'boom' })).toEqual({
      'zh-CN': '聊天平台拒绝了这条消息（错误码 1）：boom',
      en: 'The chat platform refused this message (code 1): boom',
    });
    expect(explainFailure({ reason: 'gave_up', attempts: 3, message: 'x' }, GENERIC_WORDS).en).toBe(
      'The chat platform kept failing (3 tries), so this message was given up: check the network and the chat platform status. Last error: x',
    );
  });

  it('falls back to the generic text for unknown reasons', () => {
    expect(explainFailure({ reason: 'no_such_reason', code: 1, message: 'boom' }, FEISHU).en).toBe(
      'Feishu refused this message (code 1): boom',
    );
  });
});
