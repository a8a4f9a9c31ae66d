/**
 * The sandbox while it runs: the emulated platform (its driver), the bot's deps (once the server
 * is up), the demo team's seeding and reset, and one stream of changes the console pages listen to.
 */
import type { Deps } from '../core/deps';
import { and, eq } from 'drizzle-orm';
import { teams } from '../db/schema';
import type { Logger } from '../log';
import type { DriverChange, SandboxDriver } from './driver';
import { seedDemoTeam, seedScript } from './seed';
import { demoTeam, jobsView, roster, type Person } from './views';

export type Status =
  { phase: 'starting' } | { phase: 'seeding'; done: number; of: number } | { phase: 'ready'; problems: string[] };

/** What the console hears besides the platform's own changes. */
export type SandboxChange =
  | { type: 'status'; status: Status }
  | { type: 'roster'; people: Person[] }
  | { type: 'clock' }
  | { type: 'jobs'; jobs: Awaited<ReturnType<typeof jobsView>> };

export type Listener = (change: DriverChange | SandboxChange) => void;

export class Sandbox {
  deps: Deps | undefined;
  status: Status = { phase: 'starting' };
  private readonly listeners = new Set<Listener>();
  private rosterTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRoster = '';
  private busy: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    readonly driver: SandboxDriver,
    private readonly log: Logger,
    private readonly say: (line: string) => void,
  ) {
    driver.subscribe((change) => {
      this.emit(change);
      // A bot message may follow a /role change: look at the roster again (cheap, coalesced).
      if (change.type === 'message' && change.fromBot) this.refreshRoster();
    });
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(change: DriverChange | SandboxChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // One broken page must not stop the others.
      }
    }
  }

  /** The job list changed (a run): read it once for every open page, not once per page. */
  async jobsChanged(): Promise<void> {
    try {
      this.emit({ type: 'jobs', jobs: await jobsView(this.deps) });
    } catch (err) {
      this.log.warn('sandbox jobs view failed', { error: String(err) });
    }
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.emit({ type: 'status', status });
  }

  refreshRoster(): void {
    this.rosterTimer ??= setTimeout(() => {
      this.rosterTimer = undefined;
      roster(this.driver, this.deps).then(
        (people) => {
          const key = JSON.stringify(people);
          if (key !== this.lastRoster) {
            this.lastRoster = key;
            this.emit({ type: 'roster', people });
          }
        },
        (err: unknown) => this.log.warn('sandbox roster failed', { error: String(err) }),
      );
    }, 300);
  }

  /** On start: seed the demo team unless the bot already knows 客服一组. */
  async start(deps: Deps): Promise<void> {
    this.deps = deps;
    const known = await demoTeam(this.driver, deps);
    if (known) {
      // Days that passed since the last start get their demo data (the hooks fill only what is new).
      await this.exclusive(async () => this.setStatus({ phase: 'ready', problems: await this.seedData() }));
      return;
    }
    this.say('沙盒：正在布置演示团队「客服一组」（角色、4 个店铺、值班）… / sandbox: setting up the demo team');
    await this.exclusive(() => this.seed());
  }

  /** One seeding at a time: a reset pressed while the demo team is being set up waits for that setup. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    this.busy ??= work().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async seed(): Promise<void> {
    const started = performance.now();
    const script = seedScript(this.deps?.app.sandbox.seed ?? [], this.driver.platform);
    const problems = await seedDemoTeam(this.driver, script, (done, of) =>
      this.setStatus({ phase: 'seeding', done, of }),
    );
    problems.push(...(await this.seedData()));
    for (const p of problems) this.say(`沙盒：演示数据有一步没有完成 / sandbox seeding: ${p}`);
    this.log.info('sandbox seeded', { ms: Math.round(performance.now() - started), problems: problems.length });
    this.setStatus({ phase: 'ready', problems });
    this.refreshRoster();
  }

  /**
   * Each feature's demo data for the demo team (the KPI history), through the feature's own hook.
   * The hooks are idempotent, so this runs after seeding, at every start and after a clock move.
   */
  private async seedData(at?: Date): Promise<string[]> {
    const deps = this.deps;
    if (!deps?.app.sandbox.data.length) return [];
    const team = await demoTeam(this.driver, deps);
    if (!team) return [];
    const problems: string[] = [];
    for (const { feature, data } of deps.app.sandbox.data) {
      try {
        await data(deps, team, at ?? deps.clock.now());
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        this.log.warn('sandbox demo data failed', { feature, error: why });
        problems.push(`「${feature}」的演示数据：${why}`);
      }
    }
    return problems;
  }

  /**
   * When the clock moves (`at`: where to, before it gets there): a day that becomes "yesterday"
   * gets its demo data too. A seeding under way stores it itself; a reset pressed meanwhile waits
   * for this (it is not dropped, as it is while the team is being set up).
   */
  refreshData(at?: Date): Promise<void> {
    if (this.busy) return this.busy;
    // One after the other: a second move's new day is stored after the first's.
    const mine: Promise<void> = (this.refreshing ?? Promise.resolve())
      .then(() => this.seedData(at))
      .then((problems) => {
        for (const p of problems) this.say(`沙盒：演示数据有一步没有完成 / sandbox demo data: ${p}`);
      })
      .finally(() => {
        if (this.refreshing === mine) this.refreshing = undefined;
      });
    this.refreshing = mine;
    return mine;
  }

  /**
   * Back to the demo as first started: the bot forgets the sandbox tenant's teams (members, stores,
   * duty, anomalies, KPI values, timers and queued messages go with them), the emulator forgets its chats, and
   * the demo team is set up again. The clock stays where it is: time only moves forward.
   */
  reset(): Promise<void> {
    const deps = this.deps;
    if (!deps) return Promise.reject(new Error('沙盒还在启动，请稍候再试'));
    return this.exclusive(async () => {
      await this.refreshing;
      await deps.db
        .delete(teams)
        .where(and(eq(teams.platform, this.driver.platform), eq(teams.tenantKey, this.driver.tenantKey)));
      this.driver.reset();
      this.lastRoster = '';
      await this.seed();
    });
  }

  private readonly closers = new Set<() => void>();

  /** Long-lived responses (the console's event streams) register here to end when the server stops. */
  onClose(fn: () => void): () => void {
    this.closers.add(fn);
    return () => this.closers.delete(fn);
  }

  close(): void {
    for (const fn of this.closers) fn();
    this.closers.clear();
  }
}
