/**
 * Failure injection shared by the platform emulators: make the next N calls that match a method and
 * path fail, answer late, or take effect and then answer late (a time-out after the platform
 * accepted the request). What a failure looks like on the wire — Feishu's `{code, msg}`, DingTalk's
 * `{code, message, requestid}` — is the emulator's to say (`failureOf`); matching, counting and
 * timing are the same for both.
 */
export interface FaultSpec<Code extends string | number = string | number> {
  /** GET, POST, PATCH …; any method when omitted. */
  method?: string;
  /** A substring of the path ("urgent_phone", "/robot/groupMessages/send") or a RegExp tested against it. */
  path: string | RegExp;
  /** How many matching calls it affects (default 1; Infinity until cleared). */
  times?: number;
  /** HTTP status of the failure; the emulator picks one from the code when omitted. */
  status?: number;
  /** The platform's error code in the answer body (Feishu: a number; DingTalk: a string). */
  code?: Code;
  msg?: string;
  /** The whole answer body instead of the platform's error shape (a string is sent as an HTML page). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer this many ms late. Without status, code or body the call then proceeds normally. */
  delayMs?: number;
  /**
   * Hold the call until this settles (a call hanging in the network, released by the test; for
   * tests, no clock involved). Without status, code or body the call then proceeds normally.
   */
  until?: PromiseLike<unknown>;
  /**
   * The call takes effect (a message is posted), then its answer comes this many ms late: the
   * client's time-out fires after the platform accepted the request. Only without status or code.
   */
  answerLateMs?: number;
  /** Only calls whose query and body this accepts (e.g. sends to one chat). */
  when?: (call: { query: Record<string, string>; body: unknown }) => boolean;
}

export interface FaultHandle {
  /** Matching calls still to be affected. */
  readonly remaining: number;
  cancel(): void;
}

export interface FaultFailure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface FaultAnswer {
  delayMs: number;
  /** Hold the answer this long after the call has taken effect. */
  answerLateMs?: number;
  until?: PromiseLike<unknown>;
  failure?: FaultFailure;
}

interface ActiveFault<Code extends string | number> {
  spec: FaultSpec<Code>;
  remaining: number;
}

export class FaultInjector<Code extends string | number = string | number> {
  private active: ActiveFault<Code>[] = [];

  /** `failureOf`: the platform's answer to a spec that names a status, code or body. */
  constructor(private readonly failureOf: (spec: FaultSpec<Code>) => FaultFailure) {}

  add(spec: FaultSpec<Code>): FaultHandle {
    const fault: ActiveFault<Code> = { spec, remaining: spec.times ?? 1 };
    this.active.push(fault);
    return {
      get remaining() {
        return fault.remaining;
      },
      cancel: () => {
        fault.remaining = 0;
        this.active = this.active.filter((f) => f !== fault);
      },
    };
  }

  clear(): void {
    for (const f of this.active) f.remaining = 0;
    this.active = [];
  }

  /** The first live fault matching this call, consumed once; undefined when the call runs normally. */
  take(
    method: string,
    path: string,
    call: { query: Record<string, string>; body: unknown } = { query: {}, body: undefined },
  ): FaultAnswer | undefined {
    const fault = this.active.find(
      (f) => f.remaining > 0 && matches(f.spec, method, path) && (!f.spec.when || f.spec.when(call)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
    const { spec } = fault;
    const delayMs = spec.delayMs ?? 0;
    const held = spec.until ? { until: spec.until } : {};
    const late = spec.answerLateMs ? { answerLateMs: spec.answerLateMs } : {};
    if (spec.status === undefined && spec.code === undefined && spec.body === undefined)
      return { delayMs, ...held, ...late };
    return { delayMs, ...held, failure: this.failureOf(spec) };
  }
}

function matches(spec: FaultSpec<string | number>, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  return typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path);
}
