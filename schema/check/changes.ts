import { findBreakingChanges, findDangerousChanges, isInputObjectType, type GraphQLSchema } from 'graphql';

export interface SchemaChange {
  /** graphql-js's change type, such as FIELD_REMOVED or VALUE_ADDED_TO_ENUM. */
  type: string;
  message: string;
  /** Made by the tree without the candidate too: not the candidate's doing. */
  alreadyInTree?: boolean;
}

type Explain = (match: RegExpExecArray, before: GraphQLSchema) => string;

// A nullability change is the same type with only `!` added or dropped.
const onlyNullability = (from: string, to: string) => from.replaceAll('!', '') === to.replaceAll('!', '');

const retyped = (subject: string, from: string, to: string, input: boolean) => {
  if (onlyNullability(from, to)) {
    return input
      ? `${subject} now requires a value (was ${from}, now ${to}): operations that leave it out or pass null are rejected.`
      : `${subject} can now be null (was ${from}, now ${to}): clients that count on a value break.`;
  }
  return `${subject} changed type from ${from} to ${to}: operations that use it may be rejected or read values they cannot handle.`;
};

// graphql-js describes each change in a fixed sentence; these turn the sentences into what breaks
// for a client. A type not listed keeps graphql-js's own sentence.
const EXPLAIN: Record<string, [RegExp, Explain]> = {
  TYPE_REMOVED: [
    /^(\w+) was removed\.$/,
    ([, type]) => `Type ${type} was removed: operations that use it are rejected.`,
  ],
  FIELD_REMOVED: [
    /^(\w+)\.(\w+) was removed\.$/,
    ([, type, field]) => `Field ${type}.${field} was removed: operations that select it are rejected.`,
  ],
  VALUE_REMOVED_FROM_ENUM: [
    /^(\w+) was removed from enum type (\w+)\.$/,
    ([, value, type]) =>
      `Enum value ${type}.${value} was removed: operations that pass it are rejected, and clients that expect it never receive it again.`,
  ],
  ARG_REMOVED: [
    /^(\w+)\.(\w+) arg (\w+) was removed\.$/,
    ([, type, field, arg]) => `Argument ${type}.${field}(${arg}:) was removed: operations that pass it are rejected.`,
  ],
  REQUIRED_ARG_ADDED: [
    /^A required arg (\w+) on (\w+)\.(\w+) was added\.$/,
    ([, arg, type, field]) =>
      `Argument ${type}.${field}(${arg}:) was added as required: operations that leave it out are rejected.`,
  ],
  FIELD_CHANGED_KIND: [
    /^(\w+)\.(\w+) changed type from (.+) to (.+)\.$/,
    ([, type = '', field, from = '', to = ''], before) =>
      retyped(`Field ${type}.${field}`, from, to, isInputObjectType(before.getType(type))),
  ],
  ARG_CHANGED_KIND: [
    /^(\w+)\.(\w+) arg (\w+) has changed type from (.+) to (.+)\.$/,
    ([, type, field, arg, from = '', to = '']) => retyped(`Argument ${type}.${field}(${arg}:)`, from, to, true),
  ],
  VALUE_ADDED_TO_ENUM: [
    /^(\w+) was added to enum type (\w+)\.$/,
    ([, value, type]) =>
      `Enum value ${type}.${value} was added: clients that handle every value of ${type} should learn the new one.`,
  ],
};

function explain(change: { type: string; description: string }, before: GraphQLSchema): SchemaChange {
  const [pattern, sentence] = EXPLAIN[change.type] ?? [];
  const match = pattern?.exec(change.description);
  return { type: change.type, message: match && sentence ? sentence(match, before) : change.description };
}

/**
 * Breaking changes fail clients that work today; dangerous ones may change what they get.
 * graphql-js finds both (including output fields becoming nullable and arguments becoming
 * required); this only says them in a client's words.
 */
export function schemaChanges(
  before: GraphQLSchema,
  after: GraphQLSchema,
): { breaking: SchemaChange[]; dangerous: SchemaChange[] } {
  return {
    breaking: findBreakingChanges(before, after).map((change) => explain(change, before)),
    dangerous: findDangerousChanges(before, after).map((change) => explain(change, before)),
  };
}
