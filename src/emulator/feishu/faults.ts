/**
 * Failure injection: make the next N calls that match a method and path fail the way Feishu fails
 * (429 with a reset header, 230020, 500, 230024 …) or answer late.
 */
export interface FaultSpec {
  /** GET, POST, PATCH …; any method when omitted. */
  method?: string;
  /** A substring of the path ("urgent_phone", "/im/v1/messages") or a RegExp tested against it. */
  path: string | RegExp;
  /** How many matching calls it affects (default 1; Infinity until cleared). */
  times?: number;
  /** HTTP status of the failure; default 400 when a code is given, else 500. */
  status?: number;
  /** Feishu business code in the answer body (429 defaults to 99991400). */
  code?: number;
  msg?: string;
  headers?: Record<string, string>;
  /** Answer this many ms late. Without status or code the call then proceeds normally. */
  delayMs?: number;
  /**
   * Hold the call until this settles (a call hanging in the network, released by the test; for
   * tests, no clock involved). Without status or code the call then proceeds normally.
   */
  until?: PromiseLike<unknown>;
  /**
   * The call takes effect (a message is posted), then its answer comes this many ms late: the
   * client's time-out fires after Feishu accepted the request. Only without status or code.
   */
  answerLateMs?: number;
  /** Only calls whose query and body this accepts (e.g. sends to one chat: `(c) => c.body.receive_id === id`). */
  when?: (call: { query: Record<string, string>; body: unknown }) => boolean;
}

export interface FaultHandle {
  /** Matching calls still to be affected. */
  readonly remaining: number;
  cancel(): void;
}

export interface FaultAnswer {
  delayMs: number;
  /** Hold the answer this long after the call has taken effect. */
  answerLateMs?: number;
  until?: PromiseLike<unknown>;
  failure?: { status: number; body: { code?: number; msg: string }; headers: Record<string, string> };
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultInjector {
  private active: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { spec, remaining: spec.times ?? 1 };
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
    if (spec.status === undefined && spec.code === undefined) return { delayMs, ...held, ...late };
    const status = spec.status ?? (spec.code !== undefined ? 400 : 500);
    const code = spec.code ?? (status === 429 ? 99991400 : undefined);
    return {
      delayMs,
      ...held,
      failure: {
        status,
        body: { ...(code !== undefined ? { code } : {}), msg: spec.msg ?? defaultMsg(status, code) },
        headers: spec.headers ?? {},
      },
    };
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  return typeof spec.path === 'string' ? path.includes(spec.path) : spec.path.test(path);
}

function defaultMsg(status: number, code: number | undefined): string {
  if (status === 429 || code === 99991400) return 'request trigger frequency limit';
  if (code === 230020) return 'This operation triggers the frequency limit.';
  if (status >= 500) return 'internal error';
  return 'injected failure';
}
