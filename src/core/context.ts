import type { Locale } from '../config';
import type { Translate } from '../i18n';
import type { Deps } from './deps';
import type { InboundCardAction, InboundMessage } from './inbound';
import type { MessageBody } from '../port/platform';
import type { Member, Team } from './teams';

/** What a command handler gets: who asked, in which team, and how to answer. */
export interface CommandContext {
  deps: Deps;
  team: Team;
  caller: Member;
  event: InboundMessage;
  locale: Locale;
  now: Date;
  t: Translate;
  /** A deterministic idempotency key for the n-th thing this event sends. */
  uuid(tag: string): string;
  /** Reply to the command message (text or a card). */
  reply(body: MessageBody | string): Promise<void>;
  /** Post to the team's group, with an optional ref for later patches/buzzes. */
  post(body: MessageBody | string, opts?: { ref?: string; priority?: number }): Promise<void>;
  /** A private message to one member of the team (their chat with the bot). */
  dm(openId: string, body: MessageBody | string): Promise<void>;
}

export interface ActionContext {
  deps: Deps;
  team: Team;
  caller: Member;
  event: InboundCardAction;
  locale: Locale;
  now: Date;
  t: Translate;
  uuid(tag: string): string;
  post(body: MessageBody | string, opts?: { ref?: string; priority?: number }): Promise<void>;
  /** A private message to one member of the team (their chat with the bot). */
  dm(openId: string, body: MessageBody | string): Promise<void>;
}

export const asBody = (body: MessageBody | string): MessageBody =>
  typeof body === 'string' ? { msgType: 'text', content: { text: body } } : body;
