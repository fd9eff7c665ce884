// jsonld (digitalbazaar) ships no types and @types/jsonld describes 1.5; this declares the one call the tests make.
declare module 'jsonld' {
  type Options = { base?: string; documentLoader?: (url: string) => Promise<never> };
  const jsonld: { flatten(input: object, context: null, options: Options): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
