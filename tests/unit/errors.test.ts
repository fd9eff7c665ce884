import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { badUserInput, maskUnexpectedErrors } from '@buurtgraaf/platform';

describe('errors a client sees', () => {
  test("when a resolver fails unexpectedly, then the client sees only INTERNAL_SERVER_ERROR and the operator's log gets the original", () => {
    const logged: unknown[] = [];
    const original = new Error('relation "care_client" does not exist at 10.0.0.5:5432');
    const formatted: GraphQLFormattedError = {
      message: original.message,
      path: ['neighbourhood', 'careDemand'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: relation ...', '    at store.ts:12'] },
    };
    const shown = maskUnexpectedErrors((error) => logged.push(error))(formatted, original);
    expect(shown).toEqual({
      message: 'Internal server error',
      path: ['neighbourhood', 'careDemand'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(shown)).not.toMatch(/care_client|10\.0\.0\.5|store\.ts/);
    expect(logged).toEqual([original]);
  });

  test('when an error has no code at all, then it is masked too', () => {
    const shown = maskUnexpectedErrors(() => undefined)({ message: 'secret detail' }, new Error('secret detail'));
    expect(shown).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  test('when a client sent a bad argument, then the message is kept, the stack trace dropped and nothing is logged', () => {
    const logged: unknown[] = [];
    const error = badUserInput('No figures for 1850.', 'year');
    const formatted: GraphQLFormattedError = {
      message: error.message,
      extensions: { ...error.extensions, stacktrace: ['at x'] },
    };
    expect(maskUnexpectedErrors((e) => logged.push(e))(formatted, error)).toEqual({
      message: 'No figures for 1850.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'year' },
    });
    expect(logged).toEqual([]);
  });

  test('when badUserInput is raised without an argument name, then extensions carry only the code', () => {
    const error = badUserInput('Bad.');
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('what formatError lets through of an error with a public code', () => {
  test('when extensions hold keys we never write, or the message is huge, then the keys are dropped and the message is cut', () => {
    const shown = maskUnexpectedErrors(() => undefined)(
      {
        message: `Call ${'x'.repeat(5_000)}`,
        extensions: {
          code: 'FORBIDDEN',
          field: 'Neighbourhood.careDemand',
          serviceName: 'care',
          script: '<img onerror=alert(1)>',
          exception: { host: '10.0.0.5' },
        },
      },
      null,
    );
    expect(shown.extensions).toEqual({ code: 'FORBIDDEN', field: 'Neighbourhood.careDemand', serviceName: 'care' });
    expect(shown.message.length).toBeLessThanOrEqual(501);
  });
});
