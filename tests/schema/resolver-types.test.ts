import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILE, renderResolverTypes, resolverTypeFolders } from '../../scripts/resolver-types/render';
import type { SchemaResolvers as MunicipalityResolvers } from '../../subgraphs/municipality/schema.generated';
import type { SchemaResolvers as CombinerResolvers } from '../../subgraphs/combiner/schema.generated';

const ROOT = join(__dirname, '..', '..');

describe('resolver types generated from each schema.graphql (npm run schema:types)', () => {
  test.each(resolverTypeFolders(ROOT).filter(({ folder }) => existsSync(join(folder, 'schema.graphql'))))(
    'when $label/schema.graphql changes, then its committed schema.generated.ts is regenerated with it',
    ({ folder, label }) => {
      expect(readFileSync(join(folder, GENERATED_FILE), 'utf8')).toBe(renderResolverTypes(folder, label));
    },
  );

  test('when a resolver key is misspelt or names a field the schema lacks, then the typecheck fails', () => {
    // `npm test` typechecks this file first: each @ts-expect-error is itself an error if the key
    // below it were accepted, so the typecheck fails the moment the generated types stop catching them.
    const misspelt: MunicipalityResolvers<object> = {
      Query: {
        // @ts-expect-error neighbourhoood is not a field of Query
        neighbourhoood: () => null,
      },
    };
    const missingType: CombinerResolvers<object> = {
      // @ts-expect-error Buurt is not a type of the combiner's schema
      Buurt: {},
    };
    const rightKeys: MunicipalityResolvers<object> = { Query: { neighbourhood: () => null } };
    expect([misspelt, missingType, rightKeys].map((map) => Object.keys(map))).toEqual([
      ['Query'],
      ['Buurt'],
      ['Query'],
    ]);
  });
});
