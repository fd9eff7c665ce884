import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pascalCase } from './subgraph-name';

/**
 * The example partner every new subgraph is rendered from; it ships with the subgraph kit, imports
 * the packages by name as a partner's own folder does, and typechecks with the repository.
 */
export const TEMPLATE_DIR = join(dirname(require.resolve('@buurtgraaf/subgraph-kit/package.json')), 'template');

const PLACEHOLDER = 'newpartner';
const TEMPLATE_PORT = 4099;

export interface RenderedFile {
  /** Relative to the new subgraph's folder, with forward slashes. */
  path: string;
  content: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The template with its placeholder partner renamed everywhere: names (newpartner), types
 * (Newpartner), variables (NEWPARTNER_) and file names.
 */
export function renderTemplate(name: string, port: number, templateDir = TEMPLATE_DIR): RenderedFile[] {
  const rename = (text: string) =>
    text
      .replaceAll(PLACEHOLDER.toUpperCase(), name.toUpperCase())
      .replaceAll(pascalCase(PLACEHOLDER), pascalCase(name))
      .replaceAll(PLACEHOLDER, name);
  return filesUnder(templateDir)
    .sort()
    .map((file) => {
      const path = relative(templateDir, file).split('\\').join('/');
      let content = rename(readFileSync(file, 'utf8'));
      if (path === 'main.ts') content = content.replace(`, ${TEMPLATE_PORT},`, `, ${port},`);
      return { path: rename(path), content };
    });
}
