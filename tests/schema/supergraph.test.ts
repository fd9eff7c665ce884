import { readFileSync } from 'node:fs';
import { apiSchemaOf } from '../../schema/check/api-schema';
import { undescribed } from '../../schema/check/descriptions';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../schema/compose';

describe('the committed supergraph', () => {
  test('when the partners schemas are composed afresh, then the result is the committed file', () => {
    // Fails with every composition error, or when someone changed a subgraph and forgot `npm run compose`.
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  test('when a BI analyst reads the schema, then every type, field, argument and enum value is described', () => {
    expect(undescribed(apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8')))).toEqual([]);
  });

  test("when a client reads the API schema, then no partner's own contribution field is in it", () => {
    const api = apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const fields = Object.keys(api.getQueryType()?.getFields() ?? {}).concat(
      ...['Neighbourhood', 'District', 'Municipality'].map((name) =>
        Object.keys((api.getType(name) as { getFields(): object }).getFields()),
      ),
    );
    expect(fields.filter((field) => /^(housing|care)_/.test(field))).toEqual([]);
    expect(api.getType('HousingContribution')).toBeUndefined();
    expect(api.getType('CareFigures')).toBeUndefined();
  });
});
