import type { Config } from '../../config';
import type { InboundCardAction, InboundMessage } from '../../core/inbound';
import type { FeishuCallbackAnswer } from './deliver';

/** What the main thread gives the webhook thread to start with. */
export interface WebhookThreadData {
  config: Config;
  databaseUrl: string;
  host: string;
  port: number;
}

/** From the webhook thread to the main thread. */
export type FromWebhookThread =
  | { kind: 'listening'; port: number }
  | { kind: 'failed'; error: string }
  /** Accepted, stored with this process's lease from `acceptedAt` (ms): the work is the main thread's. */
  | { kind: 'accepted'; event: InboundMessage; acceptedAt: number }
  /** A card press: the main thread accepts it, does it, and answers within Feishu's budget. */
  | { kind: 'card'; id: number; event: InboundCardAction }
  | { kind: 'bot'; id: number }
  /** Its last message: nothing more will be accepted, every accepted event has been posted. */
  | { kind: 'stopped' };

/** From the main thread to the webhook thread. */
export type ToWebhookThread =
  | { kind: 'answer'; id: number; answer: FeishuCallbackAnswer }
  | { kind: 'bot'; id: number; bot?: { openId: string; name: string }; error?: string }
  | { kind: 'stop' };
