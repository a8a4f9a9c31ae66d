import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Core tables, then each feature's (and the escalation engine's) own.
  schema: ['./src/db/schema/*.ts', './src/escalation/schema.ts', './src/features/*/schema.ts'],
  out: './migrations',
});
