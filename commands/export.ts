import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { startExport } from '../src/features/export/start';
import { EX } from '../src/features/export/texts';

/** /export <kind> [7d|30d|90d]: an XLSX file of one kind of record, sent to the supervisor privately. */
export const exportCommand = defineCommand({
  name: 'export',
  aliases: ['导出'],
  description: EX.help,
  subcommands: [
    defineSubcommand({
      name: null,
      description: EX.help,
      params: [
        { key: 'kind', label: EX.kindLabel, optional: true },
        { key: 'period', label: EX.periodLabel, optional: true },
      ],
      example: '/export kpi 30d',
      roles: [],
      args: z.object({ kind: z.string().optional(), period: z.string().optional() }),
      run: startExport,
    }),
  ],
});
