import type { LoadOutcome } from './run-load';

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** What a partner reads after a load: the summary, or every rejected line with its reason. */
export function formatOutcome(outcome: LoadOutcome, target: string): string {
  const lines = [
    `Read ${outcome.rowsRead} row${outcome.rowsRead === 1 ? '' : 's'} (delimiter "${outcome.delimiter}").`,
  ];
  if (outcome.status === 'rejected') {
    const count = outcome.problems ?? outcome.rejections.length;
    lines.push(
      `Rejected: ${count} problem${count === 1 ? '' : 's'}. Nothing was loaded; correct the file and load all of it again.`,
    );
    for (const { line, reason } of outcome.rejections) lines.push(`  line ${line}: ${reason}`);
    if (count > outcome.rejections.length)
      lines.push(
        `  ... and ${count - outcome.rejections.length} more problems after line ${outcome.rejections.at(-1)?.line ?? 0}.`,
      );
    return `${lines.join('\n')}\n`;
  }
  const { inserted, updated, unchanged, removed } = outcome.counts;
  const { missing } = outcome;
  const scope = outcome.scope.map(({ label, values }) => `${label} ${values.join(', ')}`).join('; ');
  if (outcome.status === 'refused') {
    lines.push(
      `Refused: this file would remove ${missing.count} of the ${missing.inScope} rows of ${target} in ${scope} (${percent(missing.count / missing.inScope)}), ` +
        `more than the ${percent(outcome.maxRemovedShare)} allowed. Nothing was written.`,
      `Check that the file is complete for ${scope}. If these removals are meant, run again with --confirm-removal (or a higher --max-removed-share).`,
    );
  } else {
    const counts = `${inserted} inserted, ${updated} updated, ${unchanged} unchanged, ${outcome.status === 'checked' && outcome.replace ? missing.count : removed} removed`;
    lines.push(
      outcome.status === 'checked'
        ? `Dry run: nothing was written. Loading this file into ${target} would give ${counts}.`
        : `Loaded into ${target} in one transaction: ${counts}.`,
    );
    if (missing.count > 0 && !outcome.replace) {
      lines.push(
        `${missing.count} stored rows in ${scope} that this file does not hold ${outcome.status === 'checked' ? 'would be' : 'were'} kept; with --replace they would be removed.`,
      );
    } else if (outcome.replace && scope) {
      lines.push(
        `This file is the complete set for ${scope}: rows there that it does not hold ${outcome.status === 'checked' ? 'would be' : 'were'} removed.`,
      );
    }
  }
  if (missing.count > 0 && outcome.status !== 'loaded') {
    lines.push(
      `Rows in ${scope} that the file does not hold, e.g. ${missing.examples.join('; ')}${missing.count > missing.examples.length ? '; ...' : ''}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
