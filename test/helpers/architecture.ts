/**
 * The architecture checker behind test/unit/architecture.test.ts: the rules of "Features plug in"
 * (the architecture notes, rules 1–3, 5 and 6) as data, checked over a tree of source files given as
 * `{ path: text }` (paths relative to the project root, with `/`), so the same checker runs on the
 * real tree and on a small in-memory one with deliberate violations.
 *
 * Imports are read with the TypeScript compiler's own pre-processor (ts.preProcessFile: static
 * imports, re-exports, `import()` and `require`), so no new dependency and no regex over code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

export type RuleId =
  'core-assembles-nothing' | 'feature-no-platform' | 'thin-commands' | 'feishu-stays-in-platform' | 'no-folder-cycles';

/** One import-boundary rule: files matching `from` must not import anything matching `forbidden`. */
export interface ImportRule {
  id: RuleId;
  kind: 'import';
  says: string;
  from: RegExp;
  /** Tested against the resolved project path (relative imports) or the bare specifier (packages). */
  forbidden: RegExp;
}

/** A text rule: code (comments stripped) outside `allowedIn` must not contain any of `patterns`. */
export interface TextRule {
  id: RuleId;
  kind: 'text';
  says: string;
  appliesTo: RegExp;
  allowedIn: RegExp;
  patterns: { what: string; re: RegExp }[];
}

export interface CycleRule {
  id: RuleId;
  kind: 'cycle';
  says: string;
  appliesTo: RegExp;
}

export type Rule = ImportRule | TextRule | CycleRule;

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

/** The rules, as data. Change them here, not in the test. */
export const RULES: Rule[] = [
  {
    id: 'core-assembles-nothing',
    kind: 'import',
    says: 'src/{core,outbox,escalation,db,runtime} never import features/, commands/, jobs/ or platforms/ (only app.ts and the entries assemble)',
    from: /^src\/(core|outbox|escalation|db|runtime)\//,
    forbidden: /^(src\/features\/|commands\/|jobs\/|src\/platforms\/)/,
  },
  {
    id: 'feature-no-platform',
    kind: 'import',
    says: 'a feature never imports a platform',
    from: /^src\/features\//,
    forbidden: /^src\/platforms\//,
  },
  {
    id: 'thin-commands',
    kind: 'import',
    says: 'commands/* and jobs/* are thin definitions calling feature functions: no drizzle-orm, no table modules',
    from: /^(commands|jobs)\//,
    forbidden: /^(drizzle-orm($|\/)|src\/db\/schema(\/|\.ts$)|src\/features\/[^/]+\/schema(\/|\.ts$))/,
  },
  {
    id: 'feishu-stays-in-platform',
    kind: 'text',
    says: 'Feishu codes, card JSON and <at> mention markup exist only under src/platforms/feishu, src/emulator and src/sandbox/render',
    appliesTo: /^(src|commands|jobs)\//,
    allowedIn: /^src\/(platforms\/feishu|emulator|sandbox\/render)\//,
    patterns: [
      { what: 'a Feishu code', re: /(?<![\w.])(23\d{4}|99991\d{3})(?![\w.])/g },
      {
        what: 'Feishu card JSON',
        re: /\btag\s*:\s*['"`](markdown|button|div|hr|plain_text|lark_md|column_set|column|action|note|img|person)['"`]/g,
      },
      { what: 'Feishu card JSON', re: /\bschema\s*:\s*['"`]2\.0['"`]/g },
      { what: 'Feishu card JSON', re: /\bbehaviors\s*:/g },
      { what: 'Feishu mention markup', re: /<at[\s>]/g },
    ],
  },
  {
    id: 'no-folder-cycles',
    kind: 'cycle',
    says: 'no runtime import cycle between folders (a folder is the directory of a file; the entries that assemble — src/app.ts, main.ts, worker.ts, webhook-thread.ts — count as one of their own; type-only imports are erased and do not count)',
    appliesTo: /^(src|commands|jobs)\//,
  },
];

export interface Violation {
  rule: RuleId;
  /** Project-relative path of the offending file (for a cycle: the file of its first import). */
  file: string;
  line: number;
  /** The import specifier, the text found, or the cycle's folder path. */
  what: string;
  /** `file:line  what  [rule] says`: precise enough to go and fix it. */
  message: string;
}

export interface ImportRef {
  file: string;
  line: number;
  specifier: string;
  /** Project path of the imported file, for relative imports that resolve; else the bare specifier. */
  target: string;
  /** Resolved to a file of the tree. */
  internal: boolean;
  /** `import type …` (or every name imported with `type`): erased when compiled, no runtime edge. */
  typeOnly: boolean;
}

/** Whether the import statement that ends at `pos` (its specifier) brings in types only. */
function isTypeOnly(text: string, pos: number): boolean {
  const start = Math.max(text.lastIndexOf('import', pos), text.lastIndexOf('export', pos));
  const stmt = text.slice(start, pos);
  if (/^(import|export)\s+type\b/.test(stmt)) return true;
  const names = /^(?:import|export)\s*\{([^}]*)\}\s*from\s*['"]?$/.exec(stmt.trim());
  if (!names) return false;
  const list = names[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return list.length > 0 && list.every((n) => n.startsWith('type '));
}

/** Every import of every source file, resolved against the tree where relative. */
export function importsOf(tree: Record<string, string>): ImportRef[] {
  const out: ImportRef[] = [];
  for (const [file, text] of Object.entries(tree)) {
    if (!SOURCE.test(file)) continue;
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const line = lineAt(text, ref.pos);
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const resolved = resolve(tree, posix.dirname(file), spec);
        out.push({
          file,
          line,
          specifier: spec,
          target: resolved ?? posix.normalize(posix.join(posix.dirname(file), spec)),
          internal: resolved !== undefined,
          typeOnly: isTypeOnly(text, ref.pos),
        });
      } else {
        out.push({ file, line, specifier: spec, target: spec, internal: false, typeOnly: isTypeOnly(text, ref.pos) });
      }
    }
  }
  return out;
}

function resolve(tree: Record<string, string>, dir: string, spec: string): string | undefined {
  const base = posix.normalize(posix.join(dir, spec));
  const stem = base.replace(/\.(js|mjs)$/, '');
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    `${stem}.ts`,
    `${stem}.mts`,
    `${base}.mjs`,
    `${base}.js`,
    `${base}/index.ts`,
    `${base}/index.mjs`,
  ];
  return candidates.find((c) => c in tree);
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The text with comments blanked out (strings and template literals kept), same offsets and lines. */
export function withoutComments(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const chars = text.split('');
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      for (let i = scanner.getTokenStart(); i < scanner.getTokenEnd(); i++) if (chars[i] !== '\n') chars[i] = ' ';
    }
  }
  return chars.join('');
}

const messageOf = (rule: Rule, file: string, line: number, what: string) =>
  `${file}:${line}  ${what}  [${rule.id}] ${rule.says}`;

/** Checks the tree against the rules; violations sorted by rule, file and line. */
export function checkArchitecture(tree: Record<string, string>, rules: Rule[] = RULES): Violation[] {
  const imports = importsOf(tree);
  const found: Violation[] = [];
  const add = (rule: Rule, file: string, line: number, what: string) =>
    found.push({ rule: rule.id, file, line, what, message: messageOf(rule, file, line, what) });

  for (const rule of rules) {
    if (rule.kind === 'import') {
      for (const i of imports) {
        if (rule.from.test(i.file) && rule.forbidden.test(i.target))
          add(rule, i.file, i.line, `import '${i.specifier}'${i.internal ? ` (${i.target})` : ''}`);
      }
    } else if (rule.kind === 'text') {
      for (const [file, text] of Object.entries(tree)) {
        if (!SOURCE.test(file) || !rule.appliesTo.test(file) || rule.allowedIn.test(file)) continue;
        const code = withoutComments(text);
        for (const p of rule.patterns) {
          for (const m of code.matchAll(
            new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`),
          )) {
            add(rule, file, lineAt(code, m.index), `${p.what}: ${m[0]}`);
          }
        }
      }
    } else {
      // Runtime imports only: a type-only import is erased and makes no load-order or runtime
      // coupling (Deps carries registries whose handlers take Deps, so types do refer back).
      for (const c of folderCycles(
        imports.filter(
          (i) => i.internal && !i.typeOnly && rule.appliesTo.test(i.file) && rule.appliesTo.test(i.target),
        ),
      )) {
        const more = c.group.length > c.path.length - 1 ? `; its group: ${c.group.join(', ')}` : '';
        add(rule, c.edge.file, c.edge.line, `cycle ${c.path.join(' → ')} (via import '${c.edge.specifier}'${more})`);
      }
    }
  }
  return found.sort((a, b) => a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.line - b.line);
}

interface FolderCycle {
  /** Folders, first repeated at the end: ['src/a', 'src/b', 'src/a']. */
  path: string[];
  /** The first import of the cycle (from path[0] into path[1]). */
  edge: ImportRef;
  /** Every folder of the strongly connected group the cycle belongs to. */
  group: string[];
}

/**
 * One cycle per strongly connected group of folders (Tarjan), as a concrete path: from the group's
 * smallest folder, the shortest way back to it. Deterministic, so an allow-list can name it.
 */
/**
 * The files that assemble the application sit in src/ beside config.ts, clock.ts and log.ts, which
 * everything imports; nothing but other entries and tests imports them, so they are a unit apart.
 */
const ENTRIES = new Set(['src/app.ts', 'src/main.ts', 'src/worker.ts', 'src/webhook-thread.ts']);
const folderOf = (file: string): string => (ENTRIES.has(file) ? 'src (entries)' : posix.dirname(file));

export function folderCycles(imports: ImportRef[]): FolderCycle[] {
  const edges = new Map<string, Map<string, ImportRef>>();
  for (const i of imports) {
    const a = folderOf(i.file);
    const b = folderOf(i.target);
    if (a === b) continue;
    const out = edges.get(a) ?? new Map<string, ImportRef>();
    const prev = out.get(b);
    if (!prev || `${i.file}:${String(i.line).padStart(6, '0')}` < `${prev.file}:${String(prev.line).padStart(6, '0')}`)
      out.set(b, i);
    edges.set(a, out);
    if (!edges.has(b)) edges.set(b, new Map());
  }
  const nodes = [...edges.keys()].sort();
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...edges.get(v)!.keys()].sort()) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const g: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        g.push(w);
      } while (w !== v);
      if (g.length > 1) groups.push(g.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);

  return groups
    .map((g) => {
      const inGroup = new Set(g);
      const start = g[0]!;
      // Shortest path start → … → start within the group (BFS over sorted neighbours).
      const prev = new Map<string, string>();
      const queue = [...edges.get(start)!.keys()].filter((w) => inGroup.has(w)).sort();
      for (const w of queue) prev.set(w, start);
      let end: string | undefined;
      for (let q = 0; q < queue.length && !end; q++) {
        const v = queue[q]!;
        for (const w of [...edges.get(v)!.keys()].sort()) {
          if (!inGroup.has(w)) continue;
          if (w === start) {
            end = v;
            break;
          }
          if (!prev.has(w)) {
            prev.set(w, v);
            queue.push(w);
          }
        }
      }
      const path = [start];
      for (let v = end!; v !== start; v = prev.get(v)!) path.splice(1, 0, v);
      path.push(start);
      return { path, edge: edges.get(path[0]!)!.get(path[1]!)!, group: g };
    })
    .sort((a, b) => a.path[0]!.localeCompare(b.path[0]!));
}

/** The project's source tree (src/, commands/, jobs/) from disk, as the checker wants it. */
export function loadTree(root: string, dirs = ['src', 'commands', 'jobs']): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel))) {
      const p = `${rel}/${name}`;
      if (statSync(join(root, p)).isDirectory()) walk(p);
      else if (SOURCE.test(name)) tree[p] = readFileSync(join(root, p), 'utf8');
    }
  };
  for (const d of dirs) walk(d);
  return tree;
}
