/**
 * What the DingTalk emulator tells a watcher (the sandbox console) and what it keeps across a
 * restart. The Feishu emulator has the same two things (EmulatorChange, restore) in its own shapes.
 */
import type { DtCall, DtDing, DtMessage } from './model';

export type DtChange =
  | { type: 'message.added'; message: DtMessage }
  | { type: 'message.updated'; message: DtMessage }
  | { type: 'ding'; ding: DtDing }
  | { type: 'api.call'; call: DtCall }
  | { type: 'reset' };

export interface DtTranscript {
  messages: DtMessage[];
  dings: DtDing[];
  quota?: { sms: number; phone: number };
}
