import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { DOCKER_DIR } from './manifests';

/**
 * No Docker engine runs on this project's machines, so the image is never built in CI. The
 * Dockerfile is linted instead. hadolint is on neither the npm registry nor Debian (only PyPI
 * wrappers of its binary, a registry these machines do not reach), so the linter is
 * dockerfile-utils, the one behind VS Code's Docker support: every instruction's syntax, flags
 * and arguments, with each of its style rules raised to an error. A few of hadolint's rules that
 * it lacks follow, by their hadolint codes.
 */
const EVERY_RULE_AN_ERROR: Required<ValidatorSettings> = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

/** Instructions with their first line, continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): { line: number; keyword: string; args: string }[] {
  const found: { line: number; keyword: string; args: string }[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const start = index;
    let content = lines[index]?.trim() ?? '';
    if (!content || content.startsWith('#')) continue;
    while (content.endsWith('\\') && index + 1 < lines.length)
      content = `${content.slice(0, -1)} ${lines[++index]?.trim()}`;
    const [keyword = '', ...rest] = content.split(/\s+/);
    found.push({ line: start + 1, keyword: keyword.toUpperCase(), args: rest.join(' ') });
  }
  return found;
}

/** hadolint rules dockerfile-utils does not have, as "line N: DLxxxx message". */
function hadolintRules(text: string): string[] {
  const all = instructions(text);
  const args = Object.fromEntries(
    all.filter(({ keyword }) => keyword === 'ARG').map(({ args }) => args.split('=') as [string, string]),
  );
  const stageNames = all.filter(({ keyword }) => keyword === 'FROM').map(({ args }) => /\bAS\s+(\S+)/i.exec(args)?.[1]);
  const problems: string[] = [];
  for (const { line, keyword, args: value } of all) {
    const at = (code: string, message: string) => problems.push(`line ${line}: ${code} ${message}`);
    if (keyword === 'FROM') {
      const image = (value.split(/\s+/)[0] ?? '').replace(/^\$\{(\w+)\}$/, (_, name: string) => args[name] ?? '');
      if (!stageNames.includes(image)) {
        if (!image.includes(':') && !image.includes('@')) at('DL3006', 'Always tag the version of an image explicitly');
        if (image.endsWith(':latest')) at('DL3007', 'Using latest is prone to errors; pin the version');
      }
    }
    if (keyword === 'ADD' && !/https?:\/\/|\.tar/.test(value))
      at('DL3020', 'Use COPY instead of ADD for files and folders');
    if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !value.startsWith('['))
      at('DL3025', 'Use arguments JSON notation for CMD and ENTRYPOINT arguments');
    if (keyword === 'RUN' && /(^|[;&|]\s*)sudo\b/.test(value)) at('DL3004', 'Do not use sudo');
    if (keyword === 'RUN' && /(^|[;&|]\s*)cd\s/.test(value)) at('DL3003', 'Use WORKDIR to switch to a directory');
    if (keyword === 'RUN' && /\bapk add\b/.test(value) && !/--no-cache/.test(value))
      at('DL3019', 'Use the --no-cache switch to avoid the need to use --update and remove /var/cache/apk/*');
    if (keyword === 'RUN' && /\bnpm (install|i)\b/.test(value))
      at('DL3016', 'Pin versions in npm: use npm ci with the lockfile');
  }
  return problems;
}

/** Every finding of both, as a person reads them: line, rule, message. */
function lint(text: string): string[] {
  const utils = validate(text, EVERY_RULE_AN_ERROR).map(
    ({ range, message }) => `line ${range.start.line + 1}: ${message}`,
  );
  return [...utils, ...hadolintRules(text)].sort();
}

describe('docker/Dockerfile, linted', () => {
  test('when linted, then nothing is reported', () => {
    expect(lint(readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8'))).toEqual([]);
  });

  test('when a Dockerfile breaks the rules, then the linter names each with its line (it really runs)', () => {
    const bad = [
      'FROM node',
      'maintainer someone',
      'WORKDIR app',
      'ADD src /app/src',
      'RUN cd /app && sudo npm install',
      'RUN apk add curl',
      'CMD node main.js',
      'EXPOSE',
    ].join('\n');
    expect(lint(bad)).toEqual(
      [
        'line 1: DL3006 Always tag the version of an image explicitly',
        'line 2: Instructions should be written in uppercase letters',
        'line 2: MAINTAINER has been deprecated',
        'line 3: WORKDIR paths should be absolute',
        'line 4: DL3020 Use COPY instead of ADD for files and folders',
        'line 5: DL3003 Use WORKDIR to switch to a directory',
        'line 5: DL3004 Do not use sudo',
        'line 5: DL3016 Pin versions in npm: use npm ci with the lockfile',
        'line 6: DL3019 Use the --no-cache switch to avoid the need to use --update and remove /var/cache/apk/*',
        'line 7: DL3025 Use arguments JSON notation for CMD and ENTRYPOINT arguments',
        'line 8: Instruction has no arguments',
      ].sort(),
    );
  });
});
