import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';

describe('structured logs', () => {
  it('writes one JSON line per record, respecting the level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('event', { eventId: 'e1', team: 3, command: 'help', outcome: 'ok', ms: 4 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      msg: 'event',
      eventId: 'e1',
      team: 3,
      command: 'help',
      outcome: 'ok',
      ms: 4,
    });
  });

  it('never prints secrets, however deep', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l)).child({ appSecret: 's3cret' });
    log.info('config', {
      feishu: { appSecret: 'abc', encryptKey: 'k', verificationToken: 't', appId: 'cli_x' },
      headers: { authorization: 'Bearer x' },
    });
    const line = lines[0]!;
    for (const secret of ['s3cret', 'abc', '"k"', '"t"', 'Bearer x']) expect(line).not.toContain(secret);
    expect(line).toContain('cli_x');
  });

  it('is silent when LOG_LEVEL=silent', () => {
    const lines: string[] = [];
    createLogger('silent', (l) => lines.push(l)).error('x');
    expect(lines).toEqual([]);
  });
});
