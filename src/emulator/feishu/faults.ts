/**
 * Feishu's failures for the shared fault injector (../faults.ts): the answer `{code, msg}`, 400 when
 * a code is given, else 500; a 429 carries 99991400 unless told otherwise.
 */
import { FaultInjector as SharedInjector, type FaultFailure, type FaultSpec as SharedSpec } from '../faults';

export type { FaultAnswer, FaultHandle } from '../faults';
export type FaultSpec = SharedSpec<number>;

function feishuFailure(spec: FaultSpec): FaultFailure {
  const status = spec.status ?? (spec.code !== undefined ? 400 : 500);
  const code = spec.code ?? (status === 429 ? 99991400 : undefined);
  return {
    status,
    body: spec.body ?? { ...(code !== undefined ? { code } : {}), msg: spec.msg ?? defaultMsg(status, code) },
    headers: spec.headers ?? {},
  };
}

export class FaultInjector extends SharedInjector<number> {
  constructor() {
    super(feishuFailure);
  }
}

function defaultMsg(status: number, code: number | undefined): string {
  if (status === 429 || code === 99991400) return 'request trigger frequency limit';
  if (code === 230020) return 'This operation triggers the frequency limit.';
  if (status >= 500) return 'internal error';
  return 'injected failure';
}
