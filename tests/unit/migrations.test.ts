import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from '@buurtgraaf/subgraph-kit/migrations';

describe('readMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>) => {
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  };

  test('when the folder holds well-named files, then they come back in version order with their SQL', () => {
    write({
      '0010_add_index.sql': 'create index i on t (a);',
      '0002_more.sql': 'alter table t add b int;',
      '0001_init.sql': 'create table t (a int);',
    });
    expect(readMigrations(dir)).toEqual([
      { version: 1, name: '0001_init.sql', sql: 'create table t (a int);' },
      { version: 2, name: '0002_more.sql', sql: 'alter table t add b int;' },
      { version: 10, name: '0010_add_index.sql', sql: 'create index i on t (a);' },
    ]);
  });

  test('when other files lie next to the migrations, then they are not read as migrations', () => {
    write({ '0001_init.sql': 'select 1;', 'README.md': '# notes' });
    expect(readMigrations(dir).map((migration) => migration.name)).toEqual(['0001_init.sql']);
  });

  test.each(['1_init.sql', '0001-init.sql', '0001_Init.sql', 'init.sql', '00001_init.sql', '0001_.sql'])(
    'when a file is named %p, then reading fails and names the file',
    (name) => {
      write({ '0001_init.sql': 'select 1;', [name]: 'select 2;' });
      expect(() => readMigrations(dir)).toThrow(join(dir, name));
    },
  );

  test('when two files carry the same version number, then reading fails instead of one of them never being applied', () => {
    // migrate() records applied versions by number, so the second 0002 would be skipped silently.
    write({ '0001_init.sql': 'select 1;', '0002_add_a.sql': 'select 2;', '0002_add_b.sql': 'select 3;' });
    expect(() => readMigrations(dir)).toThrow(/0002/);
  });

  test('when the folder is empty, then there are no migrations', () => {
    expect(readMigrations(dir)).toEqual([]);
  });
});
