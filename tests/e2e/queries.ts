import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The two queries of the foundation issue, word for word: they are the contract with users, and
// the same files are trusted documents (schema/documents), so tests run exactly what BI tools do.
const document = (name: string) =>
  readFileSync(join(__dirname, '..', '..', 'schema', 'documents', `${name}.graphql`), 'utf8');

export const NEIGHBOURHOOD_PROFILE = document('neighbourhood-profile');
export const INDICATORS = document('indicators');
