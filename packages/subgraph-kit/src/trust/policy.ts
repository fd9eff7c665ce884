import { readFileSync } from 'node:fs';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { RequestContext } from '@buurtgraaf/protocol';

/**
 * A partner's own access policy: which organisations, roles and purposes may read which of its
 * fields. Fields no rule names follow `default`. The gateway forwards who asks and why; only
 * this file decides.
 */
const anyOrList = z.array(z.string().min(1)).min(1).default(['*']);
const policySchema = z.object({
  default: z.enum(['allow', 'deny']),
  rules: z.array(
    z.object({
      description: z.string().optional(),
      fields: z.array(z.string().regex(/^[A-Za-z_]\w*\.(\*|[A-Za-z_]\w*)$/, 'must be Type.field or Type.*')).min(1),
      organisations: anyOrList,
      roles: anyOrList,
      purposes: anyOrList,
    }),
  ),
});
export type Policy = z.infer<typeof policySchema>;

// What federation itself needs, and the keys the gateway already sent: never a secret.
const ALWAYS_ALLOWED = /^(Query\._entities|Query\._service|_Service\.sdl|\w+\.(code|id))$/;

/**
 * Reads and checks a policy file; names every field that does not exist in the schema. A kind
 * with several members writes its own field as `Type.PARTNER` (kit/partner-sdl.ts).
 */
export function loadPolicy(file: string, schema: GraphQLSchema, partnerField?: string): Policy {
  const text = readFileSync(file, 'utf8');
  const parsed = policySchema.safeParse(
    JSON.parse(partnerField ? text.replace(/\.PARTNER"/g, `.${partnerField}"`) : text),
  );
  if (!parsed.success) {
    throw new Error(
      `Policy ${file} is invalid:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  const unknown = parsed.data.rules
    .flatMap((rule) => rule.fields)
    .filter((coordinate) => {
      const [typeName = '', field = ''] = coordinate.split('.');
      const type = schema.getType(typeName);
      return !isObjectType(type) || (field !== '*' && !type.getFields()[field]);
    });
  if (unknown.length > 0)
    throw new Error(`Policy ${file} names fields this subgraph does not have: ${unknown.join(', ')}`);
  return parsed.data;
}

const admits = (list: string[], values: string[]) => list.includes('*') || values.some((value) => list.includes(value));

export function isAllowed(policy: Policy, context: RequestContext, coordinate: string): boolean {
  if (ALWAYS_ALLOWED.test(coordinate)) return true;
  const typeWildcard = `${coordinate.split('.')[0]}.*`;
  const rules = policy.rules.filter((rule) => rule.fields.includes(coordinate) || rule.fields.includes(typeWildcard));
  if (rules.length === 0) return policy.default === 'allow';
  return rules.some(
    (rule) =>
      admits(rule.organisations, [context.organisation]) &&
      admits(rule.roles, context.roles) &&
      admits(rule.purposes, [context.purpose]),
  );
}
