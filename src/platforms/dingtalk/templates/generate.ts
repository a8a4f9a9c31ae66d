/**
 * `npx tsx src/platforms/dingtalk/templates/generate.ts`: writes floorwalker-card.json, the card
 * template a team imports into DingTalk's 卡片平台, from template-schema.ts. The DingTalk card
 * tests fail when the file is older than the code.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { floorwalkerTemplate } from '../template-schema';

export const TEMPLATE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floorwalker-card.json');

export const templateFileText = (): string => `${JSON.stringify(floorwalkerTemplate(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await writeFile(TEMPLATE_FILE, templateFileText());
  console.log(`wrote ${path.relative(process.cwd(), TEMPLATE_FILE)}`);
}
