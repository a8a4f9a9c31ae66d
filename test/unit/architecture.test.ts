/**
 * The architecture rules of "Features plug in" (the rules live as data in test/helpers/architecture.ts),
 * checked on the real tree. First the checker proves on a small tree that it catches each rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, loadTree, RULES, type RuleId } from '../helpers/architecture';

/**
 * Violations of the real tree being fixed (empty since the "Features plug in" branches merged).
 * It can only shrink: an entry that no longer occurs fails the test.
 */
const KNOWN_VIOLATIONS: readonly { file: string; rule: RuleId }[] = [];

/** A tree breaking every rule once (and doing the allowed neighbour of each, which must pass). */
const BAD_TREE: Record<string, string> = {
  'src/app.ts': `import { anomaly } from './features/anomaly';\nimport { commands } from '../commands';\n`, // assembling is app.ts's job
  'src/core/handle-event.ts': `import type { Deps } from './deps';\nimport { report } from '../features/anomaly/report';\n`,
  'src/core/deps.ts': `export type Deps = {};\n`,
  'src/outbox/call.ts': `// 230020 in a comment is documentation, not a code\nimport { api } from '../platforms/feishu/api';\n`,
  'src/db/client.ts': `export const x = await import('../../jobs/prune');\n`,
  'src/runtime/node.ts': `export { commands } from '../../commands';\n`,
  'src/escalation/policy.ts': `import { Deps } from '../core/deps';\n`, // allowed
  'src/features/anomaly/index.ts': `import { Deps } from '../../core/deps';\nimport { ws } from '../../platforms/feishu/ws';\n`,
  'src/features/anomaly/report.ts': `export const report = 1;\n`,
  'src/features/anomaly/schema.ts': `import { pgTable } from 'drizzle-orm/pg-core';\n`, // a feature's schema may use drizzle
  'src/platforms/feishu/api.ts': `export const api = { code: 230002, card: { schema: '2.0', tag: 'markdown' }, at: '<at user_id="x">' };\n`, // allowed here
  'src/platforms/feishu/ws.ts': `export const ws = 1;\n`,
  'src/sandbox/render/card.ts': `export const t = { tag: 'button', behaviors: [] };\n`, // allowed here
  'src/emulator/feishu/codes.ts': `export const c = 99991663;\n`, // allowed here
  'src/db/schema/index.ts': `export const teams = 1;\n`,
  'src/outbox/classify.ts': `export const permanent = [\n  230002,\n  99991672,\n];\nconst port = 230; const big = 2300200; const ms = 230_000;\n`,
  'src/cards/card.ts': `export const md = (t: string) => ({ tag: "markdown", content: t });\nexport const c = { schema: '2.0', behaviors: [{ type: 'callback' }] };\n`,
  'src/core/teams.ts': 'export const mention = (id: string) => `<at user_id="${id}"></at>`;\n',
  'commands/index.ts': `export const commands = [];\n`,
  'commands/role.ts': `import { eq } from 'drizzle-orm';\nimport { teams } from '../src/db/schema';\nimport { x } from '../src/domain/local-time';\n`,
  'commands/store.ts': `import { stores } from '../src/features/stores/schema';\nimport { addStore } from '../src/features/stores';\n`,
  'src/features/stores/schema.ts': `export const stores = 1;\n`,
  'src/features/stores/index.ts': `export const addStore = 1;\n`,
  'src/domain/local-time.ts': `export const x = 1;\n`,
  'jobs/prune.ts': `import { sql } from 'drizzle-orm/sql';\n`,
  // A folder cycle: src/a → src/b → src/c → src/a (and src/b ↔ src/d inside the same group).
  'src/a/one.ts': `import { two } from '../b/two';\n`,
  'src/b/two.ts': `import { three } from '../c/three';\nimport { four } from '../d/four';\n`,
  'src/c/three.ts': `import { one } from '../a/one';\n`,
  'src/d/four.ts': `import { two } from '../b/two';\n`,
  // Types referring back are no runtime cycle: src/f → src/g at run time, src/g → src/f in types only.
  'src/f/deps.ts': `import { enqueue } from '../g/enqueue';\nexport type Deps = { run: typeof enqueue };\n`,
  'src/g/enqueue.ts': `import type { Deps } from '../f/deps';\nimport { type Deps as D2 } from '../f/deps';\nexport const enqueue = (d: Deps, e: D2) => [d, e];\n`,
  // Files importing each other inside one folder are not a folder cycle.
  'src/e/x.ts': `import { y } from './y';\n`,
  'src/e/y.ts': `import { x } from './x';\n`,
};

describe('the architecture checker', () => {
  const found = checkArchitecture(BAD_TREE);
  const of = (rule: RuleId) => found.filter((v) => v.rule === rule).map((v) => `${v.file}:${v.line} ${v.what}`);

  it('has every rule as data, each with a distinct id', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(RULES.map((r) => r.id).sort()).toEqual([
      'core-assembles-nothing',
      'feature-no-platform',
      'feishu-stays-in-platform',
      'no-folder-cycles',
      'thin-commands',
    ]);
  });

  it('reports core, outbox, db and runtime reaching for features, platforms, jobs and commands', () => {
    expect(of('core-assembles-nothing')).toEqual([
      "src/core/handle-event.ts:2 import '../features/anomaly/report' (src/features/anomaly/report.ts)",
      "src/db/client.ts:1 import '../../jobs/prune' (jobs/prune.ts)",
      "src/outbox/call.ts:2 import '../platforms/feishu/api' (src/platforms/feishu/api.ts)",
      "src/runtime/node.ts:1 import '../../commands' (commands/index.ts)",
    ]);
  });

  it('reports a feature importing a platform', () => {
    expect(of('feature-no-platform')).toEqual([
      "src/features/anomaly/index.ts:2 import '../../platforms/feishu/ws' (src/platforms/feishu/ws.ts)",
    ]);
  });

  it('reports drizzle and table modules in commands and jobs, not the feature API they should call', () => {
    expect(of('thin-commands')).toEqual([
      "commands/role.ts:1 import 'drizzle-orm'",
      "commands/role.ts:2 import '../src/db/schema' (src/db/schema/index.ts)",
      "commands/store.ts:1 import '../src/features/stores/schema' (src/features/stores/schema.ts)",
      "jobs/prune.ts:1 import 'drizzle-orm/sql'",
    ]);
  });

  it('reports Feishu codes, card JSON and mention markup outside the platform, the emulator and the renderer', () => {
    expect(of('feishu-stays-in-platform')).toEqual([
      'src/cards/card.ts:1 Feishu card JSON: tag: "markdown"',
      "src/cards/card.ts:2 Feishu card JSON: schema: '2.0'",
      'src/cards/card.ts:2 Feishu card JSON: behaviors:',
      'src/core/teams.ts:1 Feishu mention markup: <at ',
      'src/outbox/classify.ts:2 a Feishu code: 230002',
      'src/outbox/classify.ts:3 a Feishu code: 99991672',
    ]);
  });

  it('reports a cycle between folders with its path and the import that starts it', () => {
    expect(of('no-folder-cycles')).toEqual([
      "src/a/one.ts:1 cycle src/a → src/b → src/c → src/a (via import '../b/two'; its group: src/a, src/b, src/c, src/d)",
      // core → a feature is a rule-1 break, and here also a cycle, since the feature imports core.
      "src/core/handle-event.ts:2 cycle src/core → src/features/anomaly → src/core (via import '../features/anomaly/report')",
    ]);
  });

  it('says where, what and which rule in each message', () => {
    const v = found.find((x) => x.rule === 'feature-no-platform')!;
    expect(v.message).toBe(
      "src/features/anomaly/index.ts:2  import '../../platforms/feishu/ws' (src/platforms/feishu/ws.ts)  [feature-no-platform] a feature never imports a platform",
    );
  });

  it('finds nothing in a tree that keeps the rules', () => {
    const clean = Object.fromEntries(
      Object.entries(BAD_TREE).filter(([f]) => found.every((v) => v.file !== f) && !/^src\/(a|b|c|d)\//.test(f)),
    );
    expect(Object.keys(clean)).toContain('src/platforms/feishu/api.ts');
    expect(checkArchitecture(clean)).toEqual([]);
  });
});

describe('the real tree', () => {
  const violations = checkArchitecture(loadTree(process.cwd()));
  const known = (v: { file: string; rule: RuleId }) =>
    KNOWN_VIOLATIONS.some((k) => k.file === v.file && k.rule === v.rule);

  it('keeps the architecture rules (except the KNOWN_VIOLATIONS being fixed on other branches)', () => {
    expect(violations.filter((v) => !known(v)).map((v) => v.message)).toEqual([]);
  });

  it('still has every KNOWN_VIOLATIONS entry: remove the ones fixed, so the list only shrinks', () => {
    const fixed = KNOWN_VIOLATIONS.filter((k) => !violations.some((v) => v.file === k.file && v.rule === k.rule));
    expect(fixed.map((k) => `${k.file} [${k.rule}] no longer occurs: delete it from KNOWN_VIOLATIONS`)).toEqual([]);
  });
});

describe('the project', () => {
  it('reads nothing outside itself: no ../shared or /work/shared paths in code, tests or CI', () => {
    const tree = {
      ...loadTree(process.cwd(), ['src', 'commands', 'jobs', 'test']),
      '.ci/run': readFileSync('.ci/run', 'utf8'),
      'vitest.config.ts': readFileSync('vitest.config.ts', 'utf8'),
    };
    const outside = /(\.\.\/)+shared\/|\/work\/shared/;
    const hits = Object.entries(tree).flatMap(([file, text]) =>
      text
        .split('\n')
        .flatMap((line, i) =>
          outside.test(line) && file !== 'test/unit/architecture.test.ts' ? [`${file}:${i + 1} ${line.trim()}`] : [],
        ),
    );
    expect(hits).toEqual([]);
  });
});
