import { join } from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './manifests';

/**
 * The Kubernetes schemas leave objects open, so a misspelt field (`periodSecond`) passes schema
 * validation and the API server drops or refuses it only at apply time. kubernetes-models ships the
 * same schemas as TypeScript interfaces: assigning each manifest, as an object literal, to its
 * interface makes the compiler name every field the kind does not have.
 */
export function unknownFields(objects: { name: string; object: K8sObject }[], root: string): string[] {
  const file = join(root, 'tests', 'deploy', '__manifests-as-types.ts');
  const text = objects
    .map(({ object }, index) => {
      const typeName = `I${object.kind}`;
      return `import type { ${typeName} as T${index} } from 'kubernetes-models/${object.apiVersion}/${object.kind}';\nexport const m${index}: T${index} = ${JSON.stringify(object)};`;
    })
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2020.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : -1;
    // Two lines per object: the import, then the assignment.
    const where = objects[Math.floor(line / 2)]?.name ?? 'unknown';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}
