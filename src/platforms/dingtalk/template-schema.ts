/**
 * The DingTalk card template floorwalker ships (templates/floorwalker-card.json), built from the
 * contract in card-template.ts so that the two cannot drift: `npx tsx
 * src/platforms/dingtalk/templates/generate.ts` writes the file, and a test fails when it is stale.
 *
 * It is in the format 卡片平台 exports and imports (an `editorData` string holding the component
 * tree, as in open-dingtalk/dingtalk-card-examples): a header bound to `title`, a Markdown line
 * for `subtitle`, then one Loop over `blocks` whose children are shown by the block's `type` —
 *   markdown / table → Markdown `${loop.text}`; note → the same in small grey type; divider →
 *   Divider; fields → two Markdown side by side; buttons → MAX_ROW_BUTTONS places of two
 *   SingleButtons each (plain, and one that asks first), shown as the block's `b<i>_show` says,
 *   that call back with `value`, `form` and the slots; checker → a Checkbox calling back with `value`, or (in a form)
 *   one keeping its state in slot fN; input → an Input per slot keeping its text in fN.
 * Only the properties floorwalker sets are written: the editor fills in its defaults on import.
 */
import { MAX_FORM_SLOTS, MAX_ROW_BUTTONS } from './card-flat';
import { SLOT_NAMES, type BlockType } from './card-template';

type Node = {
  componentName: string;
  id: string;
  title: string;
  props: Record<string, unknown>;
  children?: Node[];
};

const LIST = 'blocks';
let seq = 0;
const nextId = () => `node_fw${String(++seq).padStart(3, '0')}`;

const str = (content: string) => ({ type: 'dynamicString', i18n: false, content });
/** A field of the current block, as conditions and params name it. */
const loopVar = (field: string) => ({ variable: `${LIST}[0].${field}`, variableType: 'loop' });
const is = (field: string, value: string) => ({
  type: 'variable',
  op: 'equal',
  value,
  valueType: 'fixed',
  valueVariableType: 'global',
  ...loopVar(field),
});
const visibleWhen = (conditions: object[]) => ({
  type: 'dynamicVisible',
  value: true,
  valueType: 'condition',
  condition: { op: 'and', conditions },
});
/** Shown for blocks of `type` (and the extra conditions, all of them). */
const ofType = (type: BlockType, ...more: object[]) => visibleWhen([is('type', type), ...more]);

const node = (componentName: string, title: string, props: Record<string, unknown>, children?: Node[]): Node => ({
  componentName,
  id: nextId(),
  title,
  props,
  ...(children ? { children } : {}),
});

const markdown = (content: string, visible: object) =>
  node('Markdown', 'Markdown 内容', {
    content: { type: 'dynamicMarkdown', valueType: 'fixed', value: content, variable: '', variableType: 'global' },
    marginLeft: 12,
    marginRight: 12,
    marginTop: 4,
    marginBottom: 4,
    visible,
  });

const param = (name: string, v: { variable: string; variableType: string }, i: number) => ({
  type: 'variable',
  name,
  value: '',
  id: String(i + 1),
  ...v,
});

/** What every press sends: the value and form of the block's place `at`, and every slot. */
const pressParams = (at: string) => [
  param('value', loopVar(`${at}value`), 0),
  param('form', loopVar(`${at}form`), 1),
  ...SLOT_NAMES.map((s, i) => param(s, { variable: s, variableType: 'global' }, i + 2)),
];

function button(place: number, confirm: boolean): Node {
  const at = `b${place}_`;
  const request = {
    actionId: str(`\${loop.${at}value}`),
    params: pressParams(at),
    failureToast: str('操作失败，请重试'),
  };
  return node(`SingleButton`, `按钮 ${place}${confirm ? '（确认）' : ''}`, {
    text: str(`\${loop.${at}text}`),
    color: { type: 'dynamicSelect', valueType: 'variable', value: 'gray', ...loopVar(`${at}color`) },
    status: { type: 'dynamicSelect', valueType: 'variable', value: 'normal', ...loopVar(`${at}status`) },
    // A row has places for MAX_ROW_BUTTONS; each place has a plain and a confirming twin, and the
    // block says which one shows (`show`: plain | confirm, absent for an empty place).
    visible: visibleWhen([is(`${at}show`, confirm ? 'confirm' : 'plain')]),
    ...(confirm
      ? {
          actionType: 'confirm',
          confirmTitle: str(`\${loop.${at}text}`),
          confirmMessage: str(`\${loop.${at}confirm}`),
          confirmOkText: str('确认'),
          confirmCancelText: str('取消'),
          confirmOkAction: 'request',
          confirmOkReqActionActionId: request.actionId,
          confirmOkReqActionParams: request.params,
          confirmCancelAction: 'none',
        }
      : { actionType: 'request', ...request }),
  });
}

function checkbox(slot?: string): Node {
  const props = {
    text: str('${loop.text}'),
    checked: { type: 'dynamicBoolean', valueType: 'variable', value: false, ...loopVar('checked') },
    status: { type: 'dynamicSelect', valueType: 'variable', value: 'normal', ...loopVar('status') },
    visible: ofType('checker', is('slot', slot ?? '')),
  };
  return slot
    ? node('Checkbox', `选择框（表单 ${slot}）`, {
        ...props,
        actionType: 'setLocalState',
        localVarAction: { type: 'variableValue', variableType: 'global', variable: slot, varType: 'boolean' },
      })
    : node('Checkbox', '选择框', {
        ...props,
        actionType: 'request',
        actionId: str('${loop.value}'),
        params: [param('value', loopVar('value'), 0)],
      });
}

const input = (slot: string): Node =>
  node('Input', `文本输入（${slot}）`, {
    id: str(slot),
    title: str('${loop.mark}${loop.label}'),
    placeholder: str('${loop.placeholder}'),
    currentValue: str('${loop.initial}'),
    visible: ofType('input', is('slot', slot)),
    actionType: 'setLocalState',
    localVarAction: { type: 'variableValue', variableType: 'global', variable: slot, varType: 'string' },
  });

const grid = (title: string, visible: object, children: Node[]) =>
  node('Grid', title, { direction: 'horizontal', isAutoHeight: true, childGravity: 'leftTop', visible }, children);

export function floorwalkerTemplate(): { editorData: string; type: string; mode: string } {
  seq = 0;
  const always = { type: 'dynamicVisible', value: true, valueType: 'fixed', condition: { op: 'and', conditions: [] } };
  const blocks: Node[] = [
    markdown('${loop.text}', ofType('markdown')),
    markdown(
      '<font sizeToken=common_footnote_text_style__font_size colorTokenV2=common_level3_base_color>${loop.text}</font>',
      ofType('note'),
    ),
    node('Divider', '分割线', { direction: 'horizontal', marginTop: 8, marginBottom: 8, visible: ofType('divider') }),
    grid('字段（两列）', ofType('fields'), [
      markdown('**${loop.l1}**\n${loop.v1}', always),
      markdown('**${loop.l2}**\n${loop.v2}', always),
    ]),
    markdown('${loop.text}', ofType('table')),
    grid(
      '按钮行',
      ofType('buttons'),
      Array.from({ length: MAX_ROW_BUTTONS }, (_, i) => [button(i + 1, false), button(i + 1, true)]).flat(),
    ),
    checkbox(),
    ...SLOT_NAMES.map((s) => checkbox(s)),
    ...SLOT_NAMES.map((s) => input(s)),
  ];
  const tree = node(
    'Card',
    '现场管家卡片',
    {
      summaryContent: { type: 'variableValue', variableType: 'global', variable: 'title' },
      autoFoldConfig: { needFold: false },
    },
    [
      node('CardHeaderV2', '卡片头部', {
        title: str('${title}'),
        tagText: str(''),
        tagColor: {
          type: 'dynamicSelect',
          valueType: 'variable',
          value: 'blue',
          variable: 'color',
          variableType: 'global',
        },
      }),
      markdown('${subtitle}', always),
      node(
        'Loop',
        '循环渲染容器（blocks）',
        {
          listData: { type: 'variableValue', variableType: 'global', variable: LIST },
          direction: 'vertical',
          visible: always,
        },
        blocks,
      ),
    ],
  );
  const used = [...new Set(collect(tree))];
  const editor = {
    schemaVersion: '3.0.0',
    schema: {
      version: '1.0.0',
      componentsMap: used.map((componentName) => ({
        package: '@ali/dxComponent',
        version: '1.0.0',
        exportName: componentName,
        main: './src/index.tsx',
        destructuring: false,
        subName: '',
        componentName,
      })),
      componentsTree: [tree],
      // The template's variables, all strings (DingTalk's cardParamMap), blocks a JSON list.
      variables: {
        title: 'string',
        subtitle: 'string',
        color: 'string',
        blocks: 'loopArray',
        ...Object.fromEntries(SLOT_NAMES.map((s) => [s, 'local'])),
      },
      floorwalker: { maxRowButtons: MAX_ROW_BUTTONS, maxFormSlots: MAX_FORM_SLOTS },
    },
  };
  return { editorData: JSON.stringify(editor), type: 'standard', mode: 'card' };
}

function collect(n: Node): string[] {
  return [n.componentName, ...(n.children ?? []).flatMap(collect)];
}
