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

const DOCS = [
  join(ROOT, 'README.md'),
  ...markdownIn(join(ROOT, 'docs')),
  join(ROOT, 'gateway', 'README.md'),
  join(ROOT, 'subgraphs', 'README.md'),
].filter(existsSync);

/** Link targets outside code blocks, without web addresses. */
function links(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^(https?:|mailto:)/.test(target));
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(file: string): Set<string> {
  const prose = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const slugs = [...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-'),
  );
  const seen = new Map<string, number>();
  return new Set(
    slugs.map((slug) => {
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      return count === 0 ? slug : `${slug}-${count}`;
    }),
  );
}

/** What is wrong with one link from `file`: a missing file, or a heading that is not there. */
function brokenLink(file: string, target: string): string | null {
  const [path = '', anchor] = target.split('#');
  const resolved = path === '' ? file : resolve(dirname(file), path);
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
    return `${target}: no such heading`;
  return null;
}

describe('documentation', () => {
  test(`when the README front page is counted, then it has at most ${FRONT_PAGE_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(FRONT_PAGE_MAX_LINES);
  });

  test.each(DOCS.map((file) => [relative(ROOT, file), file]))(
    'when %s links to a file or a heading, then it exists',
    (_name, file) => {
      const broken = links(readFileSync(file as string, 'utf8'))
        .map((target) => brokenLink(file as string, target))
        .filter((problem) => problem !== null);
      expect(broken).toEqual([]);
    },
  );
});
