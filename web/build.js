#!/usr/bin/env node
'use strict';
// Bundles the browser widget (web/widget/main.ts) into one minified script, dist/web/widget.js,
// served at /chat/widget.js. Run by `npm run build` and `prepare`, and by bin/launch.js when the
// widget sources are newer than the bundle.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ENTRY = path.join(root, 'web', 'widget', 'main.ts');
const OUTFILE = path.join(root, 'dist', 'web', 'widget.js');

/** Builds the bundle; resolves to its size in bytes. */
async function buildWidget(outfile = OUTFILE) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last few years (custom elements, shadow DOM, fetch): ES2020 as written.
    target: 'es2020',
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs)[0].bytes;
}

module.exports = { buildWidget, OUTFILE };

if (require.main === module) {
  const outfile = process.argv[2] ? path.resolve(process.argv[2]) : OUTFILE;
  buildWidget(outfile).then(
    (bytes) => process.stderr.write(`widget: ${path.relative(root, outfile)} (${bytes} bytes)\n`),
    (error) => {
      process.stderr.write(`widget build failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
