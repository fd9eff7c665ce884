import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { EnvDoc } from '@buurtgraaf/platform';
import type { PartnerRef } from '@buurtgraaf/protocol';

const ROOT = join(__dirname, '..');
// Compiled (dist/, production) or run from source by tsx (development): each partner's entry file alike.
const MAIN_FILE = extname(__filename) === '.js' ? 'main.js' : 'main.ts';
/** BUURTGRAAF_PARTNERS_FILE points every tool at another partners file (a deployment's own, or a test's). */
export const PARTNERS_FILE = process.env.BUURTGRAAF_PARTNERS_FILE || join(__dirname, 'partners.json');

/** The variables this module reads, for the configuration reference. */
export const PARTNERS_ENV: readonly EnvDoc[] = [
  {
    name: 'BUURTGRAAF_PARTNERS_FILE',
    shownDefault: '`schema/partners.json`',
    description:
      'another partners file, for every command and process (gateway, subgraphs, `npm start`, loads, seeds, composition)',
  },
  {
    name: 'PARTNER_ID',
    shownDefault: 'the first partner of the kind in the partners file',
    description:
      'subgraphs only: which entry of the partners file a subgraph process runs as (`housing-vechtzoom`); it fixes the prefix of every other variable of that process',
  },
];

// An id becomes a subgraph name, an environment prefix (HOUSING_DOMSTAD_) and a GraphQL field
// name (housing_domstad), so it is held to what all three accept.
const partnerId = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    'must be lowercase letters and digits, words joined by single hyphens, such as housing-domstad',
  );
const areaCode = z
  .string()
  .regex(/^(\*|GM\d{4}|WK\d{6})$/, 'must be *, a municipality code (GM0344) or a district code (WK034401)');

const partnersSchema = z
  .object({
    partners: z
      .array(
        z.strictObject({
          id: partnerId.max(40),
          kind: partnerId.max(40),
          name: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .regex(/^[^=+\-@\t\r]/, 'must not start with a formula character'),
          port: z.number().int().min(1024).max(65535),
          url: z.url({ protocol: /^https?$/ }).optional(),
          areas: z.array(areaCode).min(1).optional(),
        }),
      )
      .min(1),
  })
  .superRefine(({ partners }, ctx) => {
    const seen = (key: 'id' | 'port') => {
      const values = partners.map((partner) => partner[key]);
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index)
          ctx.addIssue({ code: 'custom', path: ['partners', index, key], message: `${key} ${value} is used twice` });
      });
    };
    seen('id');
    seen('port');
    // care and care-x would both own CARE_X_* variables.
    partners.forEach((partner, index) => {
      const shadowed = partners.find((other) => other !== partner && partner.id.startsWith(`${other.id}-`));
      if (shadowed)
        ctx.addIssue({
          code: 'custom',
          path: ['partners', index, 'id'],
          message: `${partner.id} starts with the id of ${shadowed.id} and a hyphen: their settings would collide`,
        });
    });
    partners.forEach((partner, index) => {
      if (!existsSync(join(ROOT, 'subgraphs', partner.kind, 'schema.graphql'))) {
        ctx.addIssue({
          code: 'custom',
          path: ['partners', index, 'kind'],
          message: `no subgraph kind ${partner.kind}: subgraphs/${partner.kind}/schema.graphql does not exist`,
        });
      }
    });
  });

export type PartnerEntry = ReturnType<typeof toEntry>;

const toEntry = (partner: z.infer<typeof partnersSchema>['partners'][number]) => ({
  name: partner.id,
  kind: partner.kind,
  displayName: partner.name,
  port: partner.port,
  url: partner.url ?? `http://localhost:${partner.port}/graphql`,
  areas: partner.areas ?? ['*'],
  /** The GraphQL field a partner of a kind with several members answers under (housing_domstad). */
  partnerField: partner.id.replaceAll('-', '_'),
  /** The prefix of the partner's own environment variables (HOUSING_DOMSTAD_DATABASE_URL). */
  envPrefix: partner.id.replaceAll('-', '_').toUpperCase(),
  schemaFile: join(ROOT, 'subgraphs', partner.kind, 'schema.graphql'),
  mainFile: join(ROOT, 'subgraphs', partner.kind, MAIN_FILE),
});

/** Reads and checks the partners file; every mistake is named at once. */
export function readPartners(file = PARTNERS_FILE): PartnerEntry[] {
  const parsed = partnersSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is invalid:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  return parsed.data.partners.map(toEntry);
}

/**
 * The partners of the federation, from schema/partners.json: the one list the composition,
 * `npm start`, the gateway, loads, deploy and the tests read.
 */
export const SUBGRAPHS = readPartners();

/** What a subgraph needs to know about its peers to render its schema (see kit/partner-sdl.ts). */
export const partnerRefs = (subgraphs: readonly PartnerEntry[] = SUBGRAPHS): PartnerRef[] =>
  subgraphs.map(({ name, kind, displayName, partnerField, areas }) => ({
    id: name,
    kind,
    name: displayName,
    field: partnerField,
    areas,
  }));

export function partnerById(id: string, subgraphs: readonly PartnerEntry[] = SUBGRAPHS): PartnerEntry {
  const partner = subgraphs.find((entry) => entry.name === id);
  if (!partner)
    throw new Error(
      `Unknown partner "${id}": schema/partners.json lists ${subgraphs.map((entry) => entry.name).join(', ')}.`,
    );
  return partner;
}

/**
 * The partner a subgraph process runs as: PARTNER_ID, or the first partner of its kind when
 * unset (a kind with one member needs no id). Its peers come along to render the schema.
 */
export function partnerToRun(kind: string, env: NodeJS.ProcessEnv = process.env) {
  const id = env.PARTNER_ID || SUBGRAPHS.find((entry) => entry.kind === kind)?.name;
  const entry = id ? SUBGRAPHS.find((partner) => partner.name === id) : undefined;
  const problem = !id
    ? `schema/partners.json has no partner of kind ${kind}; add one, or set PARTNER_ID.`
    : !entry
      ? `PARTNER_ID ${id} is not in ${PARTNERS_FILE}; it lists ${SUBGRAPHS.map((partner) => partner.name).join(', ')}.`
      : entry.kind !== kind
        ? `PARTNER_ID ${id} is a partner of kind ${entry.kind}, not ${kind}.`
        : null;
  if (problem || !entry) {
    // A process started as the wrong partner must not serve at all: one clear line, no stack.
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  return { ...renderFor(entry.name), port: entry.port };
}

/** What a partner's subgraph is rendered with: itself and its peers (tests, seeds and tools use it). */
export function renderFor(id: string, subgraphs: readonly PartnerEntry[] = SUBGRAPHS) {
  const partners = partnerRefs(subgraphs);
  const self = partners.find((ref) => ref.id === id);
  if (!self)
    throw new Error(`Unknown partner "${id}": schema/partners.json lists ${partners.map((ref) => ref.id).join(', ')}.`);
  return { self, partners };
}

/** The partners of one kind, in the order the partners file lists them. */
export const partnersOfKind = (kind: string) => SUBGRAPHS.filter((entry) => entry.kind === kind);
