import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readPartners } from '../../schema/subgraphs';
import { renderCompose } from './compose';
import { renderKubernetes } from './kubernetes';
import { deployPartners } from './model';

/**
 * Every file the generator owns, by its path under docker/ (with / separators), from a partners
 * file. Everything else in docker/ (the Dockerfile, the entry point, the overlay's namespace and
 * production patch, this README) is written by hand.
 */
export function renderDeploy(partnersFile?: string): Record<string, string> {
  const partners = deployPartners(readPartners(partnersFile));
  const files: Record<string, string> = { 'compose.yaml': renderCompose(partners) };
  for (const [path, content] of Object.entries(renderKubernetes(partners))) files[`k8s/${path}`] = content;
  return files;
}

/** The paths the generator owns: it writes them, and a file there that it does not render is stale. */
export const isOwned = (path: string) =>
  path === 'compose.yaml' ||
  OWNED_DIRS.some((dir) => path.startsWith(`${dir}/`)) ||
  path === 'k8s/overlays/example/kustomization.yaml';

/** Folders under docker/ whose every file the generator writes. */
const OWNED_DIRS = ['k8s/base', 'k8s/jobs'];

/** The owned files that exist under a docker/ folder, by path, with their contents. */
export function readOwned(dockerDir: string): Record<string, string> {
  const present = [
    ...['compose.yaml', 'k8s/overlays/example/kustomization.yaml'].filter((path) => existsSync(join(dockerDir, path))),
    ...OWNED_DIRS.filter((dir) => existsSync(join(dockerDir, dir))).flatMap((dir) =>
      readdirSync(join(dockerDir, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) =>
          join(entry.parentPath, entry.name)
            .slice(dockerDir.length + 1)
            .split('\\')
            .join('/'),
        ),
    ),
  ].sort();
  return Object.fromEntries(present.map((path) => [path, readFileSync(join(dockerDir, path), 'utf8')]));
}

export interface Difference {
  path: string;
  problem: 'differs' | 'missing' | 'stale';
}

/** How a docker/ folder differs from a fresh render: files that differ, are missing, or should not be there. */
export function compareDeploy(dockerDir: string, rendered: Record<string, string>): Difference[] {
  const present = readOwned(dockerDir);
  const paths = [...new Set([...Object.keys(present), ...Object.keys(rendered)])].sort();
  return paths.flatMap((path): Difference[] => {
    const want = rendered[path];
    const have = present[path];
    if (want === undefined) return [{ path, problem: 'stale' }];
    if (have === undefined) return [{ path, problem: 'missing' }];
    return have === want ? [] : [{ path, problem: 'differs' }];
  });
}

/** Writes the render into a docker/ folder and removes owned files it no longer renders (a partner that left). */
export function writeDeploy(dockerDir: string, rendered: Record<string, string>): Difference[] {
  const differences = compareDeploy(dockerDir, rendered);
  for (const { path, problem } of differences) {
    const file = join(dockerDir, path);
    if (problem === 'stale') {
      unlinkSync(file);
      const owner = OWNED_DIRS.find((dir) => path.startsWith(`${dir}/`));
      if (owner) removeEmptyFolders(dirname(file), join(dockerDir, owner));
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, rendered[path] as string);
    }
  }
  return differences;
}

function removeEmptyFolders(dir: string, stop: string) {
  for (
    let current = dir;
    current.startsWith(stop) && current !== stop && readdirSync(current).length === 0;
    current = dirname(current)
  )
    rmdirSync(current);
}
