import type { LoadOutcome } from './run-load';

/** What a partner reads after a load: the summary, or every rejected line with its reason. */
export function formatOutcome(outcome: LoadOutcome, target: string): string {
  const lines = [`Read ${outcome.rowsRead} row${outcome.rowsRead === 1 ? '' : 's'} (delimiter "${outcome.delimiter}").`];
  if (outcome.status === 'rejected') {
    const count = outcome.rejections.length;
    lines.push(`Rejected: ${count} problem${count === 1 ? '' : 's'}. Nothing was loaded; correct the file and load all of it again.`);
    for (const { line, reason } of outcome.rejections) lines.push(`  line ${line}: ${reason}`);
    return `${lines.join('\n')}\n`;
  }
  const { inserted, updated, unchanged, removed } = outcome.counts;
  const counts = `${inserted} inserted, ${updated} updated, ${unchanged} unchanged, ${removed} removed`;
  lines.push(
    outcome.status === 'checked'
      ? `Dry run: nothing was written. Loading this file into ${target} would give ${counts}.`
      : `Loaded into ${target} in one transaction: ${counts}.`,
  );
  if (outcome.scope.length > 0) {
    const scope = outcome.scope.map(({ label, values }) => `${label} ${values.join(', ')}`).join('; ');
    lines.push(`This file is the complete set for ${scope}: rows there that it does not hold ${outcome.status === 'checked' ? 'would be' : 'were'} removed.`);
  }
  return `${lines.join('\n')}\n`;
}
