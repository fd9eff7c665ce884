import { createReadStream } from 'node:fs';

/** One record as read, before the header is applied: its values and the line where it starts. */
export interface RawRecord {
  line: number;
  record: string[];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** Large reads: the plain reader's cost is per chunk and per line, not per byte. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Whether every record of the file is one line of delimited values: no quote anywhere (so no
 * value holds a delimiter or a line break) and no carriage return but before a line feed (so
 * lines end as csv-parse would find them). Such a file, by far the usual export, is read by
 * `readPlainRecords`; anything else goes through csv-parse. A read of the file through
 * Buffer.indexOf costs well under a second for a million rows.
 */
export async function isPlainCsv(path: string): Promise<boolean> {
  let carriageReturnLast = false;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (carriageReturnLast && chunk[0] !== LF) return false;
    if (chunk.indexOf(QUOTE) !== -1) return false;
    for (let at = chunk.indexOf(CR); at !== -1; at = chunk.indexOf(CR, at + 1)) {
      if (at === chunk.length - 1) break;
      if (chunk[at + 1] !== LF) return false;
    }
    carriageReturnLast = chunk[chunk.length - 1] === CR;
  }
  return !carriageReturnLast;
}

/**
 * The records of a file `isPlainCsv` accepted, a chunk's worth at a time, as csv-parse reads them
 * with the options of `readCsvRows`: a leading byte order mark dropped, values trimmed (csv-parse's
 * trimmable characters are those of String.prototype.trim), and empty lines and lines of only
 * delimiters skipped while still counted. Invalid UTF-8 becomes U+FFFD, as in csv-parse.
 */
export async function* readPlainRecords(path: string, delimiter: string): AsyncGenerator<RawRecord[]> {
  let rest = '';
  let line = 0;
  let first = true;
  const records = (text: string, final: boolean): RawRecord[] => {
    const batch: RawRecord[] = [];
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end === -1) {
        if (!final || start >= text.length) break;
        end = text.length;
      }
      line += 1;
      const content =
        text.charCodeAt(end - 1) === CR && end > start ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      const record = content.split(delimiter);
      let empty = true;
      for (let index = 0; index < record.length; index += 1) {
        const value = (record[index] as string).trim();
        record[index] = value;
        if (value !== '') empty = false;
      }
      if (!empty) batch.push({ line, record });
    }
    rest = final ? '' : text.slice(start);
    return batch;
  };
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<string>) {
    let text = rest + chunk;
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    const batch = records(text, false);
    if (batch.length > 0) yield batch;
  }
  const last = records(rest, true);
  if (last.length > 0) yield last;
}
