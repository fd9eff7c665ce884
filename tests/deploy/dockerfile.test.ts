import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_DIR, ROOT } from './manifests';

interface Stage {
  from: string;
  name: string | undefined;
  instructions: { keyword: string; args: string }[];
}

/** Splits the Dockerfile into its stages; continuation lines are joined, comments dropped. */
function readStages(file: string): Stage[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim());
  const stages: Stage[] = [];
  for (const line of lines.filter((l) => l && !l.startsWith('#'))) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: match?.[1] ?? args, name: match?.[2], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = readStages(join(DOCKER_DIR, 'Dockerfile'));
const final = stages.at(-1) as Stage;
const stageNamed = (name: string) => stages.find((stage) => stage.name === name);
const of = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);

describe('docker/Dockerfile', () => {
  test('when the final stage runs, then its user is not root', () => {
    const user = of(final, 'USER').at(-1);
    expect(user).toBeDefined();
    const [uid] = (user as string).split(':');
    expect(['root', '0']).not.toContain(uid);
    // Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
    expect(uid).toMatch(/^[1-9]\d*$/);
  });

  test('when the final stage gets its node_modules, then they come from a stage that installed production dependencies only', () => {
    expect(of(final, 'RUN').some((run) => /\bnpm\s+(ci|install|i)\b/.test(run))).toBe(false);
    const copies = of(final, 'COPY').filter((copy) => /node_modules/.test(copy));
    expect(copies).toHaveLength(1);
    const source = stageNamed(/--from=(\S+)/.exec(copies[0] ?? '')?.[1] ?? '') as Stage;
    expect(source).toBeDefined();
    const installs = of(source, 'RUN').filter((run) => /\bnpm\s+(ci|install|i)\b/.test(run));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/\bnpm ci\b.*--omit=dev/);
    // Nothing but the manifests and the lockfile reaches that stage, so nothing else gets installed.
    expect(
      of(source, 'COPY').every((copy) =>
        /^(package\.json package-lock\.json|packages\/[a-z-]+\/package\.json) \.\/\S*$/.test(copy),
      ),
    ).toBe(true);
  });

  test('when the image starts, then the entry point runs the file the command names, and the default is the gateway', () => {
    expect(of(final, 'ENTRYPOINT')).toEqual(['["/bin/sh", "/app/docker/entrypoint.sh"]']);
    const [command] = JSON.parse(of(final, 'CMD')[0] ?? '[]') as string[];
    expect(command).toBe('gateway/main.js');
    // The command names compiled JavaScript, which the build stage makes from the TypeScript source.
    expect(existsSync(join(ROOT, (command as string).replace(/\.js$/, '.ts')))).toBe(true);
    expect(of(stageNamed('build') as Stage, 'RUN')).toContain('npm run build');
    expect(of(final, 'COPY')).toContain('--from=build /src/dist ./');
  });

  test('when the image runs, then it is the current Node.js LTS and nothing runs TypeScript through tsx', () => {
    expect(stages.map((stage) => stage.from)).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}', '${NODE_IMAGE}']);
    expect(readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8')).toMatch(/^ARG NODE_IMAGE=node:26-alpine$/m);
    expect(readFileSync(join(DOCKER_DIR, 'entrypoint.sh'), 'utf8')).not.toMatch(/tsx/);
    expect(of(final, 'ENV').join(' ')).not.toMatch(/TSX/);
  });

  test('when the build context is sent, then .dockerignore lets through exactly what the final stage copies', () => {
    const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(patterns[0]).toBe('*');
    const allowed = patterns
      .filter((pattern) => pattern.startsWith('!'))
      .map((pattern) => pattern.slice(1))
      .sort();
    const copied = stages
      .flatMap((stage) => of(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1))
      // A package manifest is let through with its package's folder.
      .map((path) => path.replace(/^(packages)\/.*$/, '$1'))
      .sort();
    expect([...new Set(copied)]).toEqual(allowed);
  });
});

describe('docker/entrypoint.sh', () => {
  test('when a database URL arrives as a file, then the process gets it as the variable the config reads, and other files stay paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-entrypoint-'));
    try {
      // A stand-in for node that shows what it was given.
      writeFileSync(join(dir, 'node'), '#!/bin/sh\necho "args: $*"\nenv\n');
      chmodSync(join(dir, 'node'), 0o755);
      writeFileSync(join(dir, 'url'), 'postgres://care:s3cret@care-db:5432/care\n');
      const output = execFileSync('sh', [join(DOCKER_DIR, 'entrypoint.sh'), 'subgraphs/care/main.js'], {
        env: {
          PATH: `${dir}:/usr/bin:/bin`,
          CARE_DATABASE_URL_FILE: join(dir, 'url'),
          CARE_GATEWAY_SECRET_FILE: '/run/secrets/care-secret',
        },
        encoding: 'utf8',
      });
      const lines = output.split('\n');
      expect(lines).toContain('args: subgraphs/care/main.js');
      expect(lines).toContain('CARE_DATABASE_URL=postgres://care:s3cret@care-db:5432/care');
      expect(lines).toContain('CARE_GATEWAY_SECRET_FILE=/run/secrets/care-secret');
      expect(lines.some((line) => line.startsWith('CARE_DATABASE_URL_FILE='))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
