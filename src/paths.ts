import path from 'node:path';

/** The repository root: compiled files live one level down in dist/, sources in src/. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');
