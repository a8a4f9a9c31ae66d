import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import type { SubcommandDef } from '../../src/core/command-def';
import { ROLES, type Role } from '../../src/db/schema';
import { t } from '../../src/i18n';
import { ROLE_NAMES } from '../../src/i18n/messages';
import { openWorld, type Person, type World } from '../helpers/anomaly-world';
import type { TestDatabase } from '../helpers/db';

/**
 * Generated from the registry, so a command merged later is covered without touching this file:
 * every subcommand, typed bare by a person of every role, runs (past the role check) or is refused
 * politely, exactly as its `roles` say. Supervisors may run everything.
 */
const matrix = app.registry.commands.flatMap((cmd) =>
  cmd.subcommands.map((sub) => ({ cmd: cmd.name, sub, text: `/${cmd.name}${sub.name ? ' ' + sub.name : ''}` })),
);

/** Written out here rather than calling mayRun, so the rule is checked, not repeated. */
const allowed = (sub: SubcommandDef, role: Role) =>
  role === 'supervisor' || sub.roles === undefined || sub.roles.includes(role);

describe('role matrix: every subcommand × every role', () => {
  let db: TestDatabase;
  let w: World;
  let who: Record<Role, Person>;
  beforeAll(async () => {
    ({ db, w } = await openWorld());
    who = { supervisor: w.p.boss, leader: w.p.leader, ops: w.p.ops, agent: w.p.agent };
  });
  afterAll(() => w.close());

  it('covers every role and a real number of subcommands', () => {
    expect([...ROLES].sort()).toEqual(['agent', 'leader', 'ops', 'supervisor']);
    expect(matrix.length).toBeGreaterThan(50);
  });

  for (const role of ROLES) {
    it(`${role}: allowed subcommands run, the others are refused in Chinese`, { timeout: 60_000 }, async () => {
      const wrong: string[] = [];
      for (const { text, sub } of matrix) {
        const texts = await w.say(who[role], text);
        const all = texts.join('\n');
        const outcome = w.lastOutcome;
        const trace = /\n\s+at \S+ \(|Error:|TypeError|\bundefined\b|\bNaN\b/.exec(all);
        if (trace || outcome === 'error') {
          wrong.push(
            `${text}: failed (${outcome}) …${all.slice(Math.max(0, (trace?.index ?? 0) - 80), (trace?.index ?? 0) + 40)}`,
          );
          continue;
        }
        if (allowed(sub, role)) {
          if (outcome === 'forbidden') wrong.push(`${text}: refused but allowed`);
        } else {
          const roleName = t('zh-CN', ROLE_NAMES[role]);
          const ok =
            outcome === 'forbidden' &&
            texts.length === 1 &&
            texts[0]!.startsWith(`抱歉，${text} 需要`) &&
            texts[0]!.includes(`你目前的角色是${roleName}`) &&
            texts[0]!.includes(t('zh-CN', ROLE_NAMES.supervisor));
          if (!ok) wrong.push(`${text}: should be refused, got (${outcome}) ${all.slice(0, 120)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('the refusal names every role that may run it', async () => {
    const leaderOnly = matrix.find((m) => m.sub.roles?.length === 1 && m.sub.roles[0] === 'leader')!;
    const [text] = await w.say(w.p.agent, leaderOnly.text);
    expect(text).toContain('主管');
    expect(text).toContain(t('zh-CN', ROLE_NAMES.leader));
    void db;
  });
});
