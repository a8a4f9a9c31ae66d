/**
 * The sandbox's complaint demo: one open complaint on the first demo store (a broken item, the
 * customer wants a refund, worst case ¥25: 可直接处理) with step 1's facts filled in, so its card, SLA timers and the
 * digest section show at once. Idempotent by its source: a second run opens nothing.
 */
import type { Deps } from '../../core/deps';
import { listMembers, type Team } from '../../core/teams';
import { activeStores } from '../stores/repo';
import { openComplaint, setFacts } from './service';

const DEMO_SOURCE = 'demo:complaint';

export async function seedComplaintDemo(deps: Deps, team: Team, now: Date): Promise<void> {
  const [store] = await activeStores(deps.db, team.id);
  const owner =
    (await listMembers(deps.db, team.id)).find((m) => m.role === 'agent') ?? (await listMembers(deps.db, team.id))[0];
  if (!store || !owner) return;
  const r = await openComplaint(
    deps,
    team,
    {
      store,
      orderId: '4012345678901234567',
      wants: '杯子到货破损，要求退款并道歉',
      amount: 25,
      category: 'quality',
      crisis: false,
      owner: owner.openId,
      source: DEMO_SOURCE,
    },
    now,
  );
  if (r.outcome === 'new')
    await setFacts(
      deps,
      team,
      r.complaint.id,
      {
        story: '杯子到货碎成两半，顾客发来破损照片和外箱照片',
        need: '先要一句道歉，退款其次',
        progress: '聊天记录：上一位客服已道歉，尚未给方案；订单备注无',
      },
      owner.openId,
      now,
    );
}
