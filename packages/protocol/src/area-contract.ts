import { join } from 'node:path';

/**
 * The shared area contract every subgraph starts its schema with (the Area entity keyed on CBS
 * codes). The file sits beside src/, so the same path holds from src/ and from the compiled dist/;
 * schema/shared/area.graphql in the repository links to it.
 */
export const AREA_CONTRACT_FILE = join(__dirname, '..', 'area.graphql');
