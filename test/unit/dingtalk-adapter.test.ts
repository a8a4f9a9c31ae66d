/** The DingTalk adapter's pure parts: sign, message refs, outTrackIds, error classification, normalise. */
import { describe, expect, it } from 'vitest';
import { classifyDingTalk } from '../../src/platforms/dingtalk/errors';
import { decodeRef, encodeRef } from '../../src/platforms/dingtalk/message-ref';
import { isOwnOutTrackId, outTrackIdFor } from '../../src/platforms/dingtalk/out-track';
import { checkDingTalkSign, dingTalkSign } from '../../src/platforms/dingtalk/sign';
import { allowedWebhook } from '../../src/platforms/dingtalk/api';
import { normalizeDingTalk } from '../../src/platforms/dingtalk/normalize';

describe('DingTalk sign', () => {
  const secret = 'app-secret';
  const now = 1_760_000_000_000;
  it('accepts its own sign within the hour, refuses stale, wrong and missing', () => {
    const ts = String(now - 30 * 60_000);
    expect(checkDingTalkSign({ timestamp: ts, sign: dingTalkSign(ts, secret), appSecret: secret, nowMs: now })).toEqual(
      { ok: true },
    );
    const old = String(now - 61 * 60_000);
    expect(
      checkDingTalkSign({ timestamp: old, sign: dingTalkSign(old, secret), appSecret: secret, nowMs: now }),
    ).toEqual({ ok: false, reason: 'stale' });
    expect(
      checkDingTalkSign({ timestamp: ts, sign: dingTalkSign(ts, 'other'), appSecret: secret, nowMs: now }),
    ).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkDingTalkSign({ timestamp: ts, sign: null, appSecret: secret, nowMs: now })).toEqual({
      ok: false,
      reason: 'missing',
    });
  });
  it('matches the documented formula: base64(HMAC-SHA256(secret, timestamp + "\\n" + secret))', () => {
    // Computed independently: printf '1577262236757\nsecret' | openssl dgst -sha256 -hmac secret -binary | base64
    expect(dingTalkSign('1577262236757', 'secret')).toBe('TIz5XcFHyeEuCoyc+5d9DoNiRC3txFfOzZU76lmRbYc=');
  });
});

describe('DingTalk message refs and outTrackIds', () => {
  it('round-trips every kind', () => {
    const refs = [
      {
        kind: 'in',
        msgId: 'msgA==',
        conversationId: 'cidX==',
        p2p: false,
        senderStaffId: 'u1',
        webhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
        webhookExpiresAt: 5,
      },
      { kind: 'msg', conversationId: 'cidX+/==', processQueryKey: 'pqk=' },
      { kind: 'oto', userId: 'u1', processQueryKey: 'k' },
      { kind: 'card', outTrackId: 'fwabc_0123456789ab' },
    ] as const;
    for (const r of refs) expect(decodeRef(encodeRef(r))).toEqual(r);
    expect(decodeRef('om_feishu')).toBeUndefined();
    expect(decodeRef('in:not-json')).toBeUndefined();
  });
  it('makes outTrackIds of at most 64 characters that only this secret recognises', () => {
    const id = outTrackIdFor('6f1c2a0e-1111-4222-8333-944455556666', 's1');
    expect(id.length).toBeLessThanOrEqual(64);
    expect(outTrackIdFor('6f1c2a0e-1111-4222-8333-944455556666', 's1')).toBe(id);
    expect(isOwnOutTrackId(id, 's1')).toBe(true);
    expect(isOwnOutTrackId(id, 's2')).toBe(false);
    expect(isOwnOutTrackId('fwabc_000000000000', 's1')).toBe(false);
  });
  it('posts only to DingTalk hosts or the configured domain', () => {
    expect(allowedWebhook('https://oapi.dingtalk.com/robot/sendBySession?session=1', undefined)).toBe(true);
    expect(allowedWebhook('https://evil.example/robot/sendBySession', undefined)).toBe(false);
    expect(allowedWebhook('https://dingtalk.com.evil.example/x', undefined)).toBe(false);
    expect(allowedWebhook('http://oapi.dingtalk.com/x', undefined)).toBe(false);
    expect(allowedWebhook('http://127.0.0.1:9/robot/sendBySession', 'http://127.0.0.1:9')).toBe(true);
    expect(allowedWebhook('http://127.0.0.1:10/robot/sendBySession', 'http://127.0.0.1:9')).toBe(false);
  });
});

describe('DingTalk errors', () => {
  it('treats QPS limits and 429 as app rate limits, send.too.fast as the chat’s', () => {
    expect(
      classifyDingTalk({ status: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }).retry,
    ).toMatchObject({ kind: 'rate_limited', scope: 'app' });
    expect(classifyDingTalk({ status: 429 }).retry).toMatchObject({ kind: 'rate_limited', scope: 'app' });
    expect(classifyDingTalk({ status: 400, code: 'send.too.fast' }).retry).toMatchObject({
      kind: 'rate_limited',
      scope: 'chat',
    });
    // A session webhook over a group's 20 a minute answers HTTP 200 with errcode 130101.
    expect(classifyDingTalk({ status: 200, code: '130101' }).retry).toMatchObject({
      kind: 'rate_limited',
      scope: 'chat',
    });
    // A per-minute limit waits for the minute, a per-second one for a second.
    expect(
      classifyDingTalk({ status: 403, code: 'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi' }).retry,
    ).toMatchObject({ scope: 'app', retryAfterMs: 60_000 });
    expect(classifyDingTalk({ status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' }).retry).toMatchObject({
      scope: 'app',
      retryAfterMs: 1000,
    });
  });
  it('names quota, monthly quota, credentials and missing groups; never retries an uncertain send', () => {
    expect(classifyDingTalk({ status: 400, code: 'ding.serverquota.insufficient' }).reason).toBe('quota_exhausted');
    expect(classifyDingTalk({ status: 403, code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' }).reason).toBe(
      'monthly_quota',
    );
    expect(classifyDingTalk({ status: 400, code: 'invalidClientIdOrSecret' }).reason).toBe('app_credentials');
    expect(classifyDingTalk({ status: 400, code: 'invalid.openConversationId' }).reason).toBe('chat_not_found');
    expect(classifyDingTalk({ status: 0, uncertain: true })).toEqual({
      reason: 'uncertain',
      retry: { kind: 'permanent' },
    });
    expect(classifyDingTalk({ status: 0 }).retry).toEqual({ kind: 'transient' });
    expect(classifyDingTalk({ status: 503 }).retry).toEqual({ kind: 'transient' });
    expect(classifyDingTalk({ status: 403, body: '<html>denied</html>' }).retry).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 300_000,
    });
  });
});

describe('DingTalk normalise', () => {
  const base = {
    conversationId: 'cidG==',
    conversationType: '2',
    chatbotCorpId: 'dingcorp',
    chatbotUserId: '$:bot',
    msgId: 'msg1==',
    senderStaffId: 'u1',
    senderNick: '小王',
    robotCode: 'dingrobot',
    isInAtList: true,
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
    sessionWebhookExpiredTime: 1,
    createAt: 1_760_000_000_000,
    msgtype: 'text',
    atUsers: [{ dingtalkId: '$:bot' }, { dingtalkId: '$:x', staffId: 'u2' }],
    text: { content: ' /role @李组长 leader' },
  };
  it('takes the staff id, the trimmed command and the other @mentions by name', () => {
    const n = normalizeDingTalk(base, { robotCode: 'dingrobot' });
    expect(n.kind).toBe('event');
    if (n.kind !== 'event' || n.event.type !== 'message') throw new Error('not a message');
    expect(n.event).toMatchObject({
      platform: 'dingtalk',
      id: 'msg:dingrobot:msg1==',
      tenantKey: 'dingcorp',
      chatId: 'cidG==',
      chatType: 'group',
      sender: { openId: 'u1', name: '小王' },
      command: '/role @李组长 leader',
      mentions: [{ openId: 'u2', name: '李组长', isBot: false }],
    });
  });
  it('adds the slash in 1:1 chats, tolerates a missing text, ignores other robots', () => {
    const p2p = normalizeDingTalk(
      { ...base, conversationType: '1', text: { content: '帮助' } },
      { robotCode: 'dingrobot' },
    );
    expect(p2p.kind === 'event' && p2p.event.type === 'message' && p2p.event.command).toBe('/帮助');
    expect(
      normalizeDingTalk({ ...base, text: undefined, errorMessage: 'quota' }, { robotCode: 'dingrobot' }).kind,
    ).toBe('ignored');
    expect(normalizeDingTalk({ ...base, robotCode: 'other' }, { robotCode: 'dingrobot' }).kind).toBe('ignored');
    expect(normalizeDingTalk('x', { robotCode: 'dingrobot' }).kind).toBe('invalid');
  });
  it('reads a file message as a file with its download code', () => {
    const n = normalizeDingTalk(
      {
        ...base,
        conversationType: '1',
        msgtype: 'file',
        text: undefined,
        content: { downloadCode: 'dc1', fileName: 'kpi.xlsx' },
      },
      { robotCode: 'dingrobot' },
    );
    expect(n.kind === 'event' && n.event.type === 'message' && n.event.file).toEqual({ key: 'dc1', name: 'kpi.xlsx' });
  });

  it('names a card press by the card as it was: the same press again is one event, another button or another version is not', () => {
    const pressOf = (value: Record<string, unknown>) => {
      const n = normalizeDingTalk(
        {
          type: 'actionCallback',
          outTrackId: 'fwabc_0123456789ab',
          userId: 'staff1',
          corpId: 'dingcorp',
          spaceType: 'IM_GROUP',
          spaceId: 'cid1',
          content: JSON.stringify({ cardPrivateData: { actionIds: ['a'], params: { value: JSON.stringify(value) } } }),
        },
        { robotCode: 'dingrobot' },
      );
      if (n.kind !== 'event' || n.event.type !== 'card_action') throw new Error(JSON.stringify(n));
      return n.event;
    };
    const item1 = pressOf({ action: 'inspection.mark', n: 1, '~v': 'v1' });
    expect(item1.value).toEqual({ action: 'inspection.mark', n: 1 });
    expect(pressOf({ action: 'inspection.mark', n: 1, '~v': 'v1' })).toEqual(item1);
    // After the card changed, the same button is a new press.
    expect(pressOf({ action: 'inspection.mark', n: 1, '~v': 'v2' }).id).not.toBe(item1.id);
    // Another button of the same action: another event id too, which its replies' outbox keys come from.
    const item2 = pressOf({ action: 'inspection.mark', n: 2, '~v': 'v1' });
    expect(item2.id).not.toBe(item1.id);
    expect(item2.eventId).not.toBe(item1.eventId);
  });
});
