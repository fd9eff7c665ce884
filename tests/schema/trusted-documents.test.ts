import { readFileSync } from 'node:fs';
import { buildManifest, MANIFEST_FILE } from '../../scripts/trusted-documents';

describe('the trusted documents manifest', () => {
  test('when the documents are checked against the committed supergraph and hashed afresh, then the result is the committed manifest', () => {
    // Fails when a document no longer validates, or when someone edited one and forgot `npm run documents`.
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(buildManifest());
  });
});
