import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/core/platform';
import { backoffMs, classifyFailure, explainFailure, MAX_ATTEMPTS, scopesIn } from '../../src/outbox/classify';

const feishu = (status: number, code: number | undefined, msg = 'x', retryAfterMs?: number) =>
  new PlatformError(`feishu send failed: HTTP ${status}${code ? `, code ${code}` : ''}: ${msg}`, status, code, retryAfterMs);
const send = (attempt = 1) => ({ kind: 'send' as const, attempt, random: () => 1 });

describe('classifyFailure', () => {
  it('waits out a 429 for x-ogw-ratelimit-reset and pauses the whole app, without using up attempts', () => {
    expect(classifyFailure(feishu(429, 99991400, 'request trigger frequency limit', 3000), send(7))).toEqual({
      action: 'retry',
      afterMs: 3000,
      pause: 'app',
      countsAsAttempt: false,
      reason: 'rate_limited',
      code: 99991400,
      message: expect.stringContaining('frequency limit'),
    });
    // 99991400 without a 429 status, and a 429 without a reset header (then a second).
    expect(classifyFailure(feishu(400, 99991400), send(MAX_ATTEMPTS))).toMatchObject({ action: 'retry', pause: 'app' });
    expect(classifyFailure(feishu(429, undefined), send())).toMatchObject({ action: 'retry', pause: 'app', afterMs: 1000 });
  });

  it('backs off on 230020 (pausing that chat) and on 5xx / network errors, then gives up', () => {
    expect(classifyFailure(feishu(400, 230020), send(1))).toMatchObject({ action: 'retry', pause: 'lane', countsAsAttempt: true, reason: 'chat_rate_limited', afterMs: 1000 });
    expect(classifyFailure(feishu(429, 230020), send(1))).toMatchObject({ action: 'retry', pause: 'lane', reason: 'chat_rate_limited' });
    expect(classifyFailure(feishu(500, undefined), send(3))).toMatchObject({ action: 'retry', reason: 'server_error', afterMs: 4000 });
    expect(classifyFailure(feishu(503, 0), send(1))).toMatchObject({ action: 'retry', reason: 'server_error' });
    expect(classifyFailure(new PlatformError('feishu send: no answer (ECONNRESET)', 0, undefined), send())).toMatchObject({ action: 'retry', reason: 'network' });
    expect(classifyFailure(new Error('socket hang up'), send())).toMatchObject({ action: 'retry', reason: 'network' });
    expect(classifyFailure(feishu(500, undefined), send(MAX_ATTEMPTS))).toMatchObject({ action: 'fail', reason: 'gave_up' });
    expect(classifyFailure(feishu(400, 230020), send(MAX_ATTEMPTS))).toMatchObject({ action: 'fail', reason: 'gave_up', code: 230020 });
  });

  it.each([
    [230002, 'bot_not_in_group'],
    [230035, 'no_permission'],
    [232009, 'chat_dissolved'],
    [230099, 'card_invalid'],
    [99991672, 'missing_scope'],
    [99991663, 'token_invalid'],
    [99991664, 'token_invalid'],
    [230012, 'not_own_message'],
    [230052, 'not_allowed'],
    [230024, 'quota_exhausted'],
    [230023, 'too_many_unread'],
    [230031, 'message_too_old'],
  ])('records %i as permanent (%s), never retried', (code, reason) => {
    const v = classifyFailure(feishu(400, code), send(1));
    expect(v).toMatchObject({ action: 'fail', reason, code });
    const text = explainFailure({ reason, code, message: 'm' });
    expect(text['zh-CN']).not.toContain('错误码'); // a specific explanation, not the generic one
    expect(text.en).not.toMatch(/Feishu refused this message \(code/);
  });

  it('records an unknown 4xx code as refused, naming the code', () => {
    const v = classifyFailure(feishu(400, 234567, 'something new'), send(1));
    expect(v).toMatchObject({ action: 'fail', reason: 'rejected', code: 234567 });
    expect(explainFailure({ reason: 'rejected', code: 234567, message: 'something new' }).en).toContain('234567');
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(4, () => 0.5)).toBe(6000);
    expect(backoffMs(30, () => 1)).toBe(300_000);
    const seen = new Set(Array.from({ length: 20 }, () => backoffMs(3)));
    expect(seen.size).toBeGreaterThan(1);
    for (const ms of seen) expect(ms).toBeGreaterThanOrEqual(2000), expect(ms).toBeLessThanOrEqual(4000);
  });
});

describe('explainFailure', () => {
  it('tells the operator what to do, in Chinese and English', () => {
    expect(explainFailure({ reason: 'bot_not_in_group', code: 230002 })).toEqual({
      'zh-CN': '机器人不在群里：请把机器人重新拉进群。',
      en: 'The bot is not in the group: add the bot to the group again.',
    });
  });

  it('names the missing scopes from Feishu’s message', () => {
    const message =
      'feishu urgent phone failed: HTTP 400, code 99991672: Access denied. One of the following scopes is required: [im:message.urgent:phone].应用尚未开通所需的应用身份权限：[im:message.urgent:phone]';
    expect(scopesIn(message)).toEqual(['im:message.urgent:phone']);
    const text = explainFailure({ reason: 'missing_scope', code: 99991672, message });
    expect(text.en).toBe('Missing scope im:message.urgent:phone: add it in the developer console and publish a new version.');
    expect(text['zh-CN']).toContain('im:message.urgent:phone');
    expect(text['zh-CN']).toContain('发布新版本');
  });

  it('falls back to the generic text for unknown reasons', () => {
    expect(explainFailure({ reason: 'no_such_reason', code: 1, message: 'boom' }).en).toBe('Feishu refused this message (code 1): boom');
  });
});
