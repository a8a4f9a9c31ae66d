/**
 * What DingTalk would do with floorwalker's card template, for tests: which components of the
 * shipped template (src/platforms/dingtalk/templates/floorwalker-card.json) show for each block of
 * a rendered card, and the cardPrivateData a press sends back — read from the template's own
 * visibility conditions, params and local variables, not from the renderer's code. So a round trip
 * (render → press here → decodeDingTalkPress) checks the renderer and the template together.
 */
import { readFileSync } from 'node:fs';
import { TEMPLATE_FILE } from '../../src/platforms/dingtalk/templates/generate';

export interface TemplateNode {
  componentName: string;
  title: string;
  props: Record<string, any>;
  children?: TemplateNode[];
}

export function loadTemplate(text = readFileSync(TEMPLATE_FILE, 'utf8')): TemplateNode {
  const file = JSON.parse(text) as { editorData: string };
  return (JSON.parse(file.editorData) as { schema: { componentsTree: TemplateNode[] } }).schema.componentsTree[0]!;
}

export function walkTemplate(n: TemplateNode, visit: (n: TemplateNode) => void): void {
  visit(n);
  for (const c of n.children ?? []) walkTemplate(c, visit);
}

/** A loop variable ("blocks[0].b1_value") as the block field it names. */
const field = (v: { variable: string; variableType: string }) =>
  v.variableType === 'loop' ? v.variable.replace(/^blocks\[0\]\./, '') : undefined;

function shows(n: TemplateNode, block: Record<string, string>): boolean {
  const v = n.props.visible;
  if (!v || v.valueType !== 'condition') return true;
  return (v.condition.conditions as { op: string; value: string; variable: string; variableType: string }[]).every(
    (c) => c.op === 'equal' && (block[field(c) ?? ''] ?? '') === c.value,
  );
}

/** The template's components that show for `block`, in order (containers left out). */
export function shownFor(template: TemplateNode, block: Record<string, string>): TemplateNode[] {
  const loop = findLoop(template);
  const out: TemplateNode[] = [];
  const visit = (n: TemplateNode) => {
    if (!shows(n, block)) return;
    if (n.children) n.children.forEach(visit);
    else out.push(n);
  };
  loop.children!.forEach(visit);
  return out;
}

function findLoop(template: TemplateNode): TemplateNode {
  let loop: TemplateNode | undefined;
  walkTemplate(template, (n) => {
    if (n.componentName === 'Loop' && n.props.listData?.variable === 'blocks') loop = n;
  });
  if (!loop) throw new Error('the template has no loop over blocks');
  return loop;
}

/** `${loop.x}` / `${x}` in a template string, filled from the block and the card's params. */
export function fill(content: string, block: Record<string, string>, params: Record<string, string> = {}): string {
  return content
    .replace(/\$\{loop\.(\w+)\}/g, (_, k: string) => block[k] ?? '')
    .replace(/\$\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}

/**
 * A person pressing `component` (a button or a calling tick box shown for `block`) after typing
 * `locals` (the slots' local variables): the `cardPrivateData` DingTalk sends.
 */
export function press(
  component: TemplateNode,
  block: Record<string, string>,
  locals: Record<string, string | boolean> = {},
): { actionIds: string[]; params: Record<string, unknown> } {
  const p = component.props;
  const list = (p.actionType === 'confirm' ? p.confirmOkReqActionParams : p.params) as
    { name: string; variable: string; variableType: string }[] | undefined;
  if (!list) throw new Error(`${component.title} does not call back`);
  const params: Record<string, unknown> = {};
  for (const x of list) {
    const f = field(x);
    const v = f !== undefined ? block[f] : locals[x.variable];
    if (v !== undefined) params[x.name] = v;
  }
  const id = p.actionType === 'confirm' ? p.confirmOkReqActionActionId : p.actionId;
  return { actionIds: [fill(id?.content ?? '', block)], params };
}

/** The local variable a component keeps its value in (inputs, tick boxes in forms). */
export const localOf = (component: TemplateNode): string | undefined =>
  component.props.actionType === 'setLocalState' ? component.props.localVarAction?.variable : undefined;
