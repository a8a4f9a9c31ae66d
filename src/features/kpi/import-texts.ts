/** What importing an export file in the chat says, in both languages. */
export const IX = {
  noFile: {
    'zh-CN':
      '没有找到要导入的文件。私聊时直接把平台导出的报表文件（.xlsx 或 .csv）发给我；在群里请回复那条文件消息并 @我 发送 /kpi import。',
    en: 'There is no file to import. In a private chat, just send me the export file (.xlsx or .csv); in the group, reply to the file message with @bot /kpi import.',
  },
  noFilePrivately: {
    'zh-CN':
      '没有找到要导入的文件。请在和我的单聊里直接把平台导出的报表文件（.xlsx 或 .csv）发给我：在这个平台上，群里发的文件不会送到我这里。',
    en: 'There is no file to import. Send me the export file (.xlsx or .csv) in our 1:1 chat: on this platform, files posted in the group do not reach me.',
  },
  notFileReply: {
    'zh-CN': '你回复的那条消息不是文件。请回复平台导出的报表文件消息（.xlsx 或 .csv），再 @我 发送 /kpi import。',
    en: 'The message you replied to is not a file. Reply to the message with the export file (.xlsx or .csv) and send @bot /kpi import.',
  },
  received: {
    'zh-CN': '收到「{file}」，正在读取，稍后发预览。',
    en: 'Got "{file}"; reading it, a preview follows.',
  },
  already: {
    'zh-CN': '这条消息的文件已经在导入流程中（#{id}）。',
    en: 'The file of this message is being imported already (#{id}).',
  },
  // Refusals: each says what to do instead.
  empty: { 'zh-CN': '「{file}」是空文件，没有可导入的数据。', en: '"{file}" is empty: there is nothing to import.' },
  tooLarge: {
    'zh-CN': '「{file}」超过 20 MB，无法导入。请按日期或店铺分开导出后再发。',
    en: '"{file}" is over 20 MB and cannot be imported. Export fewer days or stores per file and send again.',
  },
  zipBomb: {
    'zh-CN': '「{file}」解压后超过 {mb} MB，不像是正常的平台报表，已拒绝。',
    en: '"{file}" expands to over {mb} MB: that is no ordinary platform export, so it was refused.',
  },
  xlsLegacy: {
    'zh-CN': '「{file}」是旧版 Excel（.xls），暂不支持。请在 Excel 里“另存为” .xlsx 或 .csv 后再发。',
    en: '"{file}" is a legacy Excel file (.xls), which is not supported. Save it as .xlsx or .csv and send again.',
  },
  unreadable: {
    'zh-CN': '「{file}」无法读取（{detail}）。请发平台导出的原始 .xlsx 或 .csv 文件。',
    en: '"{file}" could not be read ({detail}). Send the original .xlsx or .csv export.',
  },
  tooManyRows: {
    'zh-CN': '「{file}」行数太多（超过 {max} 行）。请按日期或店铺分开导出。',
    en: '"{file}" has too many rows (over {max}). Export fewer days or stores per file.',
  },
  noHeader: {
    'zh-CN':
      '「{file}」里没有认出数据表头，不知道哪一列是哪个指标。找到的表头：{found}。请发平台后台导出的客服数据报表。',
    en: 'No recognisable header in "{file}": no column matched a metric. Headers found: {found}. Send a customer-service export from the platform back end.',
  },
  noHeaderNone: { 'zh-CN': '（无）', en: '(none)' },
  downloadFailed: {
    'zh-CN': '下载「{file}」失败：{why}',
    en: 'Downloading "{file}" failed: {why}',
  },
  // The preview card.
  previewTitle: { 'zh-CN': '导入预览 · {file}', en: 'Import preview · {file}' },
  platform: { 'zh-CN': '平台', en: 'Platform' },
  platformUnknown: { 'zh-CN': '未识别', en: 'not recognised' },
  days: { 'zh-CN': '日期', en: 'Date' },
  stores: { 'zh-CN': '店铺', en: 'Stores' },
  agents: { 'zh-CN': '客服', en: 'Agents' },
  agentsMore: { 'zh-CN': '{list} 等 {n} 人', en: '{list} and {more} more ({n} in all)' },
  rows: { 'zh-CN': '行数', en: 'Rows' },
  rowsValue: {
    'zh-CN': '{rows} 行，{values} 个数值{summary}',
    en: '{rows} rows, {values} values{summary}',
  },
  summaryRows: { 'zh-CN': '（跳过汇总行 {n} 行）', en: ' ({n} summary rows skipped)' },
  columnsTitle: { 'zh-CN': '**识别的列**', en: '**Columns read**' },
  columnLine: { 'zh-CN': '「{label}」→ {metric}', en: '"{label}" → {metric}' },
  ignored: { 'zh-CN': '未使用的列：{list}', en: 'Columns not used: {list}' },
  samplesTitle: { 'zh-CN': '**样例**', en: '**Samples**' },
  sampleLine: {
    'zh-CN': '第 {line} 行 {who} {day} {metric}：{value}',
    en: 'line {line} {who} {day} {metric}: {value}',
  },
  refusedTitle: { 'zh-CN': '**未导入的行（{n}）**', en: '**Rows left out ({n})**' },
  refusedMore: { 'zh-CN': '…另有 {n} 行', en: '… and {n} more' },
  refusedLine: { 'zh-CN': '第 {line} 行：{why}', en: 'line {line}: {why}' },
  whyBadValue: { 'zh-CN': '「{column}」的「{text}」不是有效数值', en: '"{text}" in "{column}" is not a valid value' },
  whyNegative: { 'zh-CN': '「{column}」为负数 {value}', en: '"{column}" is negative ({value})' },
  whyOver100: { 'zh-CN': '「{column}」超过 100%（{value}）', en: '"{column}" is over 100% ({value})' },
  whyNoStore: { 'zh-CN': '不知道是哪个店铺{agent}', en: 'no store is known{agent}' },
  whyNoStoreAgent: { 'zh-CN': '（客服 {agent}）', en: ' (agent {agent})' },
  whyNoDate: { 'zh-CN': '没有日期', en: 'no date' },
  unknownStores: {
    'zh-CN': '文件里的店铺 {list} 还不在本组店铺里，这些行不会导入。主管可以点下面的按钮添加。',
    en: 'The file names stores this team does not have: {list}. Their rows are left out; a supervisor can add them below.',
  },
  replaces: {
    'zh-CN': '已有 {n} 个相同店铺、客服、指标和日期的数值，导入会替换它们。',
    en: '{n} values for the same stores, agents, metrics and days exist already; importing replaces them.',
  },
  replacesNone: { 'zh-CN': '这些店铺和日期还没有这些数值。', en: 'None of these values exist yet.' },
  sameFile: {
    'zh-CN': '注意：这个文件 {who} 在 {at} 已经导入过一次，再次导入会替换那次的数值。',
    en: 'Note: {who} imported this very file at {at}; importing it again replaces those values.',
  },
  previewNote: {
    'zh-CN': '点「导入」之前什么都不会保存。',
    en: 'Nothing is stored until you tap Import.',
  },
  importButton: { 'zh-CN': '导入', en: 'Import' },
  cancelButton: { 'zh-CN': '取消', en: 'Cancel' },
  addStoreButton: { 'zh-CN': '添加店铺「{store}」', en: 'Add store "{store}"' },
  nothingToImport: {
    'zh-CN': '没有可以导入的数值（见上面未导入的行）。',
    en: 'There is no value to import (see the rows left out above).',
  },
  // Questions.
  needDateTitle: { 'zh-CN': '导入 · {file} · 是哪一天的数据？', en: 'Import · {file} · which day is it for?' },
  needDate: {
    'zh-CN':
      '文件里没有日期列，文件名里也没有日期{range}。请填写日期（如 2026-11-30），或回复文件消息发送 /kpi import 2026-11-30。',
    en: 'The file has no date column and its name no date{range}. Enter the day (e.g. 2026-11-30), or reply to the file with /kpi import 2026-11-30.',
  },
  needDateRange: { 'zh-CN': '（文件名里是 {from} 至 {to} 的区间）', en: ' (its name gives a range, {from} to {to})' },
  dayLabel: { 'zh-CN': '日期', en: 'Date' },
  dayButton: { 'zh-CN': '用这一天预览', en: 'Preview for this day' },
  needStoreTitle: { 'zh-CN': '导入 · {file} · 是哪个店铺的数据？', en: 'Import · {file} · which store is it for?' },
  needStore: {
    'zh-CN': '文件里看不出是哪个店铺（客服名没有「店铺:昵称」前缀）。请选一个店铺：',
    en: 'The file does not say which store it is for (agent names carry no "store:nick" prefix). Pick one:',
  },
  needStoreNone: {
    'zh-CN':
      '文件里看不出是哪个店铺，本组也还没有店铺。请先用 /store add 店铺名 添加，再回复文件消息发送 /kpi import 店铺名。',
    en: 'The file does not say which store it is for, and this team has no stores yet. Add one with /store add <name>, then reply to the file with /kpi import <store>.',
  },
  badDay: {
    'zh-CN': '「{text}」不是日期。请写成 2026-11-30、11-30、昨天 或 今天。',
    en: '"{text}" is not a date. Write it as 2026-11-30, 11-30, yesterday or today.',
  },
  futureDay: { 'zh-CN': '{day} 还没到，不能导入这一天的数据。', en: '{day} has not come yet.' },
  badArgs: {
    'zh-CN': '「{text}」既不是日期也不是本组的店铺。用法：/kpi import [日期] [店铺]',
    en: '"{text}" is neither a date nor one of this team\'s stores. Usage: /kpi import [date] [store]',
  },
  // Decisions.
  importing: { 'zh-CN': '导入中…', en: 'Importing…' },
  importingToast: { 'zh-CN': '开始导入，完成后卡片会更新。', en: 'Importing; the card updates when done.' },
  importedTitle: { 'zh-CN': '已导入 · {file}', en: 'Imported · {file}' },
  imported: {
    'zh-CN': '{who} 已导入 {n} 个数值（{stores}，{days}）{replaced}。/kpi 查看。',
    en: '{who} imported {n} values ({stores}, {days}){replaced}. /kpi shows them.',
  },
  importedReplaced: { 'zh-CN': '，其中 {n} 个替换了已有数值', en: ', {n} of them replacing earlier values' },
  importedNew: { 'zh-CN': '，全部为新数值', en: ', all new' },
  importFailed: {
    'zh-CN': '导入「{file}」失败，什么都没有保存。请重新发送文件。',
    en: 'Importing "{file}" failed and nothing was stored. Send the file again.',
  },
  cancelledTitle: { 'zh-CN': '已取消 · {file}', en: 'Cancelled · {file}' },
  cancelled: { 'zh-CN': '{who} 取消了导入，什么都没有保存。', en: '{who} cancelled the import; nothing was stored.' },
  cancelToast: { 'zh-CN': '已取消，什么都没有保存。', en: 'Cancelled; nothing was stored.' },
  staleImported: { 'zh-CN': '这个文件已经导入了。', en: 'This file is imported already.' },
  staleImporting: { 'zh-CN': '正在导入，请稍候。', en: 'Importing already; a moment please.' },
  staleCancelled: { 'zh-CN': '这次导入已经取消了。', en: 'This import was cancelled.' },
  staleFailed: { 'zh-CN': '这次导入已失败，请重新发送文件。', en: 'This import failed; send the file again.' },
  stalePreviewing: { 'zh-CN': '正在重新预览，请稍候。', en: 'Previewing again; a moment please.' },
  notFound: { 'zh-CN': '找不到这次导入。', en: 'This import no longer exists.' },
  notAllowed: {
    'zh-CN': '只有发送文件的人、主管或组长可以导入或取消。',
    en: 'Only the person who sent the file, a supervisor or a team leader may import or cancel it.',
  },
  supervisorsOnly: { 'zh-CN': '只有主管可以添加店铺。', en: 'Only supervisors may add stores.' },
  storeAdded: { 'zh-CN': '已添加店铺「{store}」，正在重新预览。', en: 'Store "{store}" added; previewing again.' },
  storeExists: {
    'zh-CN': '店铺「{store}」已存在，正在重新预览。',
    en: 'Store "{store}" exists already; previewing again.',
  },
  repreview: { 'zh-CN': '正在重新预览…', en: 'Previewing again…' },
  someone: { 'zh-CN': '有人', en: 'someone' },
} as const;
