import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/platforms/feishu/normalize';
import { fixture, messageEvent } from '../helpers/feishu';

const opts = { botOpenId: 'ou_bot' };

describe('normalize: shapes it does not know are typed errors', () => {
  it.each([
    ['null', null, 'not_an_object'],
    ['an array', [1, 2], 'not_an_object'],
    ['a string', 'hello', 'not_an_object'],
    ['an empty object', {}, 'unknown_envelope'],
    ['schema 1.0', { schema: '1.0', header: {}, event: {} }, 'unknown_envelope'],
    ['no event type', { schema: '2.0', header: { event_id: 'e' }, event: {} }, 'unknown_envelope'],
    ['no event id', { schema: '2.0', header: { event_type: 'im.message.receive_v1' }, event: {} }, 'unknown_envelope'],
  ])('%s', (_name, body, code) => {
    expect(normalize(body, opts)).toEqual({ kind: 'invalid', error: { code, message: expect.any(String) } });
  });

  it('a NUL character in a message is dropped (Postgres could not store the event)', () => {
    const out = normalize(messageEvent({ text: '/help\u0000 store' }), opts);
    expect(out).toMatchObject({ kind: 'event', event: { text: '/help store', command: '/help store' } });
  });

  it('a message event without a message id, chat or sender', () => {
    for (const strip of ['message_id', 'chat_id'] as const) {
      const body = messageEvent({ text: '/help' }) as { event: { message: Record<string, unknown> } };
      delete body.event.message[strip];
      expect(normalize(body, opts)).toMatchObject({ kind: 'invalid', error: { code: 'bad_message' } });
    }
    const body = messageEvent({ text: '/help' }) as { event: Record<string, unknown> };
    delete body.event.sender;
    expect(normalize(body, opts)).toMatchObject({ kind: 'invalid', error: { code: 'bad_message' } });
  });

  it('a card callback without an operator or action', () => {
    const body = fixture('card.action.trigger') as unknown as { event: Record<string, unknown> };
    delete body.event.operator;
    expect(normalize(body, opts)).toMatchObject({ kind: 'invalid', error: { code: 'bad_card_action' } });
  });
});

describe('normalize: well-formed events it does not act on', () => {
  it('ignores other v2 event types', () => {
    const body = messageEvent({ text: 'x' }) as { header: Record<string, unknown> };
    body.header.event_type = 'im.message.reaction.created_v1';
    expect(normalize(body, opts)).toEqual({ kind: 'ignored', reason: 'event type im.message.reaction.created_v1' });
  });

  it('ignores v1 envelopes', () => {
    const v1 = { uuid: 'u', token: 't', ts: '1', type: 'event_callback', event: { type: 'message', text: '/help' } };
    expect(normalize(v1, opts)).toMatchObject({ kind: 'ignored' });
  });
});

describe('normalize: other message types fall back and never throw', () => {
  it.each(['image', 'file', 'sticker', 'audio', 'interactive', 'share_chat', 'merge_forward', 'something_new'])(
    '%s',
    (type) => {
      const body = fixture('im.message.receive_v1.text');
      body.event.message.message_type = type;
      body.event.message.content = JSON.stringify({ image_key: 'img_x', file_key: 'f' });
      const r = normalize(body, { botOpenId: body.event.message.mentions[0]!.id.open_id });
      expect(r).toMatchObject({ kind: 'event', event: { type: 'message', text: `[${type}]`, command: null } });
    },
  );

  it('survives content that is not JSON, wrong types and odd mentions', () => {
    const bodies: unknown[] = [];
    const a = fixture('im.message.receive_v1.text');
    a.event.message.content = '{not json';
    bodies.push(a);
    const b = fixture('im.message.receive_v1.post');
    b.event.message.content = JSON.stringify({
      title: 5,
      content: [null, 'x', [{ tag: 'at' }, { tag: 'text', text: 7 }, 3]],
    });
    bodies.push(b);
    const c = fixture('im.message.receive_v1.text') as unknown as { event: { message: Record<string, unknown> } };
    c.event.message.mentions = [null, { key: 5 }, 'x'];
    c.event.message.content = 42;
    bodies.push(c);
    for (const body of bodies) expect(() => normalize(body, opts)).not.toThrow();
    expect(normalize(a, opts)).toMatchObject({ kind: 'event', event: { text: '' } });
  });

  it('takes a file_key or parent_id of the wrong type as absent', () => {
    const body = fixture('im.message.receive_v1.text') as unknown as { event: { message: Record<string, unknown> } };
    body.event.message.message_type = 'file';
    body.event.message.content = JSON.stringify({ file_key: 7, file_name: ['x'] });
    body.event.message.parent_id = 42;
    const r = normalize(body, opts);
    expect(r).toMatchObject({ kind: 'event', event: { text: '[file]', command: null } });
    expect(r.kind === 'event' && 'file' in r.event).toBe(false);
    expect(r.kind === 'event' && 'parentId' in r.event).toBe(false);
  });

  it('without the bot identity, a mention-only command is not recognised (callers must pass it)', () => {
    const r = normalize(fixture('im.message.receive_v1.text'), { botOpenId: undefined });
    expect(r).toMatchObject({ kind: 'event', event: { botMentioned: false, command: null } });
  });
});
