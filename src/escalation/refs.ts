/**
 * The names of everything the engine stores for subject `key`, row `id`. They keep the shape the
 * anomaly feature used before the engine existed ("anomaly:42:step:1", guard "anomaly:42"), so
 * rows already stored go on working; every timer of one row starts with `${key}:${id}:`.
 */
export const refs = {
  step: (key: string, id: number, step: number) => `${key}:${id}:step:${step}`,
  steps: (key: string, id: number) => `${key}:${id}:step:`,
  remind: (key: string, id: number, n: number) => `${key}:${id}:remind:${n}`,
  outcome: (key: string, id: number, rowId: number) => `${key}:${id}:outcome:${rowId}`,
  all: (key: string, id: number) => `${key}:${id}:`,
  buzz: (key: string, id: number, step: number, channel: string) => `${key}:${id}:buzz:${step}:${channel}`,
  /** A key for something said or done once: `${key}:${id}:${what}`. */
  once: (key: string, id: number, what: string) => `${key}:${id}:${what}`,
  /** Guard of buzzes: send only while nobody has claimed or resolved it. */
  buzzGuard: (key: string, id: number) => `${key}:${id}`,
  /** Guard of reminders: send only while claimed and not resolved. */
  remindGuard: (key: string, id: number) => `${key}Claimed:${id}`,
};

/** "anomaly:42:buzz:3:phone" → its parts; anything else → undefined. */
export function parseBuzzRef(
  ref: string | null,
): { key: string; id: number; step: number; channel: 'phone' | 'app' | 'sms' } | undefined {
  const m = /^([a-z][a-zA-Z0-9]*):(\d+):buzz:(\d+):(phone|app|sms)$/.exec(ref ?? '');
  return m ? { key: m[1]!, id: Number(m[2]), step: Number(m[3]), channel: m[4] as 'phone' | 'app' | 'sms' } : undefined;
}

/** The engine's timer kinds (registered by escalationFeature in src/app.ts). */
export const TIMER = {
  step: 'escalation.step',
  remind: 'escalation.remind',
  outcome: 'escalation.outcome',
} as const;
