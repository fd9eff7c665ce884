import { isAbsolute, relative } from 'node:path';
import type { SchemaChange } from './changes';
import type { CheckResult } from './check';

/** A path as the user typed it or relative to where they stand, whichever is shorter to read. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const near = relative(cwd, file);
  return near.startsWith('..') || isAbsolute(near) ? file : near;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const list = (lines: readonly string[]) => lines.map((line) => `  - ${line}`);
const withOrigin = (change: SchemaChange) =>
  change.alreadyInTree ? `${change.message} (also without this candidate: it is already in the tree)` : change.message;

function heading(result: CheckResult): string[] {
  const candidate = result.sources.find((source) => source.candidate);
  const subgraphs = result.sources
    .map((source) => (source.candidate ? `${source.name} (candidate)` : source.name))
    .join(', ');
  return [
    candidate
      ? `Schema check of ${candidate.name}${candidate.joining ? ', a new subgraph (not in schema/partners.json yet),' : ''} with ${displayPath(candidate.schemaFile)}`
      : 'Schema check of every subgraph schema in the tree',
    `Composed: ${subgraphs}`,
    `Compared with: ${displayPath(result.supergraphFile)}`,
    '',
  ];
}

/** The report a partner reads: what failed, in their words, and what to do about it. */
export function formatReport(result: CheckResult): string {
  const lines = heading(result);
  if (!result.composition.ok) {
    const { problems } = result.composition;
    lines.push(`Composition: FAILED with ${plural(problems.length, 'error')}`);
    lines.push(...list(problems.map((problem) => `${problem.code}: ${problem.message}`)));
    lines.push(
      '',
      'Not safe: the subgraphs do not compose, so the gateway could not serve them. Fix the errors above.',
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push('Composition: ok');
  lines.push(
    `Breaking changes: ${result.breaking.length === 0 ? 'none' : result.breaking.length}`,
    ...list(result.breaking.map(withOrigin)),
  );
  if (result.dangerous.length > 0) {
    lines.push(`Changes to look at (they break no operation, but may change answers): ${result.dangerous.length}`);
    lines.push(...list(result.dangerous.map(withOrigin)));
  }
  const documents = result.documents ?? { checked: 0, broken: [] };
  lines.push(`Trusted documents: ${documents.checked - documents.broken.length} of ${documents.checked} still valid`);
  for (const document of documents.broken) {
    lines.push(
      `  - ${displayPath(document.label)} is no longer valid:`,
      ...document.errors.map((error) => `      ${error}`),
    );
  }
  if (result.undescribed.length > 0) {
    lines.push(
      `Without a description: ${result.undescribed.length} (BI tools and app developers read the schema as the dictionary)`,
      ...list(result.undescribed),
    );
  }
  lines.push('');
  if (result.safe) {
    lines.push('Safe: it composes, breaks no client, keeps every trusted document valid and describes everything.');
  } else {
    const reasons = [
      result.breaking.length > 0 ? plural(result.breaking.length, 'breaking change') : '',
      documents.broken.length > 0 ? plural(documents.broken.length, 'broken trusted document') : '',
      result.undescribed.length > 0 ? plural(result.undescribed.length, 'undescribed type, field or value') : '',
    ].filter(Boolean);
    lines.push(`Not safe: ${reasons.join(' and ')}.`);
    if (result.undescribed.length > 0)
      lines.push('Describe each of them with a "string" before it in your schema.graphql.');
    if (result.breaking.length > 0 || documents.broken.length > 0) {
      lines.push(
        'Keep the old field or value (marked @deprecated) next to the new one until every consumer has moved,',
        'or agree the change with them first; then update schema/documents (npm run documents) and compose (npm run compose).',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
