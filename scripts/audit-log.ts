import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SUBGRAPHS } from '../schema/subgraphs';
import { ConfigError } from '@buurtgraaf/platform';
import { openDatabase } from '@buurtgraaf/subgraph-kit/database';
import { loadDatabaseTarget } from '@buurtgraaf/subgraph-kit/subgraph-config';
import { exportAuditLog } from '@buurtgraaf/subgraph-kit/trust/audit-export';

/**
 * For a partner's privacy officer: `npm run audit -- care-stadszorg --organisation gemeente-utrecht
 * --from 2026-01-01 --to 2026-12-31 --format csv > audit.csv`. Reads the partner's own database
 * (the same <NAME>_DATABASE_URL or <NAME>_DATA_DIR as its subgraph); it can only read the log.
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealDay, 'is not a real date');

/** 2026-02-30 parses in JavaScript (as 2 March); only a day that survives the round trip is real. */
function isRealDay(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}
const argsSchema = z.object({
  partner: z.enum(SUBGRAPHS.map(({ name }) => name) as [string, ...string[]]),
  organisation: z.string().min(1).optional(),
  consumer: z.string().min(1).optional(),
  from: day.optional(),
  to: day.optional(),
  area: z
    .string()
    .regex(/^(GM|WK|BU)\d{4,8}$/, 'must be an area code such as GM0344, WK034401 or BU03440112')
    .optional(),
  format: z.enum(['csv', 'json']).default('csv'),
});

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      organisation: { type: 'string' },
      consumer: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      area: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse({ ...values, partner: positionals[0] });
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`),
    );
  const args = parsed.data;
  const db = await openDatabase(loadDatabaseTarget(args.partner), 1);
  try {
    process.stdout.write(await exportAuditLog(db, args, args.format));
  } finally {
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error.stack ?? error.message)}\n`);
  process.stderr.write(
    'Usage: npm run audit -- <municipality|housing|care> [--organisation ORG] [--consumer ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--area GM/WK/BU code] [--format csv|json]\n',
  );
  process.exit(1);
});
