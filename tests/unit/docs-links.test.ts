import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** The front page says what it is, the two commands, a picture and where to go next; the rest lives in docs/. */
const FRONT_PAGE_MAX_LINES = 200;

function markdownIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownIn(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const DOCS = [join(ROOT, 'README.md'), ...markdownIn(join(ROOT, 'docs')), join(ROOT, 'gateway', 'README.md'), join(ROOT, 'subgraphs', 'README.md')].filter(existsSync);

/** Relative link targets outside code blocks; web addresses and in-page anchors are not files. */
function relativeLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^(https?:|mailto:|#)/.test(target))
    .map((target) => target.split('#')[0] as string);
}

describe('documentation', () => {
  test(`when the README front page is counted, then it has at most ${FRONT_PAGE_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(FRONT_PAGE_MAX_LINES);
  });

  test.each(DOCS.map((file) => [relative(ROOT, file), file]))('when %s links to a file, then that file exists', (_name, file) => {
    const broken = relativeLinks(readFileSync(file as string, 'utf8')).filter((target) => !existsSync(resolve(dirname(file as string), target)));
    expect(broken).toEqual([]);
  });
});
