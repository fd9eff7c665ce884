import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A variable read outside a zod schema (by a library, a script or the container's entry point),
 * described next to the code that reads it so the configuration reference is generated, not written.
 */
export interface EnvDoc {
  name: string;
  shownDefault: string;
  description: string;
}

/** Read by Apollo Server in the gateway and in every subgraph. */
export const PROCESS_ENV: readonly EnvDoc[] = [
  {
    name: 'NODE_ENV',
    shownDefault: 'not set',
    description:
      '`development` lets validation errors suggest field names (never in production); introspection of the gateway depends on roles, not on this. The container image sets `production`',
  },
];

/** Start-up refuses to go on; the message names every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const PORT_MESSAGE = 'must be a port number from 0 to 65535 (0 picks a free port)';
export const port = (fallback: number) =>
  z.coerce
    .number({ error: PORT_MESSAGE })
    .int(PORT_MESSAGE)
    .min(0, PORT_MESSAGE)
    .max(65535, PORT_MESSAGE)
    .default(fallback);
export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number of at least 1' })
    .int('must be a whole number of at least 1')
    .min(1, 'must be a whole number of at least 1')
    .default(fallback);
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').meta({
  description: 'how much the process logs; logs are JSON lines (pino) on stdout',
  shownDefault: '`info` (`warn` under `npm start`)',
});

export const postgresUrl = z.string().refine((value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a URL like postgres://user:password@host:5432/database');

/** A path to a file that must exist; read it after validation with readSecret. */
// `abort` stops later checks (reading a secret) from running on a file that is not there.
export const existingFile = z
  .string({ error: 'is required: the path of a file' })
  .min(1)
  .refine((file) => existsSync(file), { message: 'file does not exist', abort: true });

/** A secret kept in a file (a Kubernetes or compose secret); too short a secret is refused. */
export const secretFile = existingFile.refine(
  (file) => readSecret(file).length >= 32,
  'the secret in this file must be at least 32 characters',
);
export const readSecret = (file: string) => readFileSync(file, 'utf8').trim();

/**
 * Validates `env` against `shape` once, at start-up. Keys in `shape` are the environment
 * variable names themselves, so an error names exactly what an operator has to fix.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  // An empty or blank variable (FOO= in a .env file) means "not set", so defaults apply; a stray
  // space must never turn into port 0.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = z.object(shape).safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  return result.data;
}
