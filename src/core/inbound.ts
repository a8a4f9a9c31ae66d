import type { Card } from '../cards/card';
import { LEGACY_PLATFORM, type PlatformName } from '../port/platform';

/**
 * What the bot receives, in floorwalker's own words. Feishu's envelopes stop at the adapter
 * (src/platforms/feishu/normalize.ts); nothing past handleEvent sees them.
 */
export interface Person {
  openId: string;
  /** Display name when the platform told us (mentions carry it; senders do not). */
  name?: string;
}

export interface Mention extends Person {
  /** The placeholder in the raw text, e.g. "@_user_1". */
  key: string;
  name: string;
  isBot: boolean;
}

/** A file a message carries, as the platform names it (Feishu: the file_key of a file message). */
export interface FileRef {
  key: string;
  name: string;
}

export interface InboundMessage {
  type: 'message';
  /** Where it came from; teams are keyed by platform, tenant and chat. */
  platform: PlatformName;
  /** De-duplication id: "msg:" + message_id. */
  id: string;
  eventId: string;
  tenantKey: string;
  messageId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  sender: Person;
  /** Mentions other than the bot itself, in order. */
  mentions: Mention[];
  botMentioned: boolean;
  /** Plain text with mentions written as "@name". */
  text: string;
  /** The command text ("/anomaly 天猫旗舰店 …") with the bot mention removed, or null when the message is not for the bot. */
  command: string | null;
  /** The file this message carries (a file message), if any. */
  file?: FileRef;
  /** The message this one replies to (its parent), if any: `@bot /kpi import` in reply to a file. */
  parentId?: string;
  createdAt: string;
}

export interface InboundCardAction {
  type: 'card_action';
  platform: PlatformName;
  /** De-duplication id: "evt:" + event_id. */
  id: string;
  eventId: string;
  tenantKey: string;
  operator: Person;
  chatId: string;
  messageId: string;
  /** The callback token, usable for delayed card updates within 30 min. */
  token: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
}

export type InboundEvent = InboundMessage | InboundCardAction;

export interface Toast {
  type: 'success' | 'info' | 'warning' | 'error';
  content: string;
}

/** What a card button press answers within the platform's budget (Feishu: 3 s): a toast, the card as it is now. */
export interface CardActionAnswer {
  toast?: Toast;
  card?: Card;
}

/**
 * An event as stored: those accepted before events carried their platform are from the only one
 * there was then.
 */
export function withPlatform<E extends InboundEvent>(event: Omit<E, 'platform'> & { platform?: PlatformName }): E {
  return { ...event, platform: event.platform ?? LEGACY_PLATFORM } as E;
}
