import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KNOWN_VARIABLES } from '../src/config';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');

test.each(KNOWN_VARIABLES)('%s is documented in the README table and in .env.example', (name) => {
  expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
});

test('the README quick start is the two commands CI and users rely on', () => {
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toMatch(/^npm test\b/m);
  expect(readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toContain('npm test');
});
