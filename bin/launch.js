#!/usr/bin/env node
'use strict';
// Runs a compiled entry point from dist/, rebuilding first when dist/ is missing or older
// than the TypeScript sources (a fresh clone installed with --ignore-scripts, or an edit
// since the last build). Checking mtimes costs about a millisecond, so `ask` stays fast.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const entry = process.argv[2];
if (!entry || !/^[a-z0-9/_-]+$/i.test(entry)) {
  process.stderr.write('usage: node bin/launch.js <entry under src/, without extension>\n');
  process.exit(2);
}
const stamp = path.join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** When a built file was written; -1 when it was never built. */
function builtAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function isStale() {
  const built = builtAt(stamp);
  return built < 0 || newestSource(path.join(root, 'src')) > built;
}

if (isStale()) {
  process.stderr.write('Building mailconfig-bot (TypeScript → dist/)…\n');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the errors above.\n');
    process.exit(result.status || 1);
  }
  // tsc leaves the build-info file untouched when nothing changed; mark this build as fresh.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}

// The web chat widget is bundled from web/widget/ (and its words from locales/*/web.json).
const widget = path.join(root, 'dist', 'web', 'widget.js');
function widgetIsStale() {
  const built = builtAt(widget);
  if (built < 0) return true;
  const words = ['en', 'fr'].map((lang) => fs.statSync(path.join(root, 'locales', lang, 'web.json')).mtimeMs);
  return Math.max(newestSource(path.join(root, 'web', 'widget')), ...words) > built;
}
if ((entry === 'main' || entry === 'bench/run') && widgetIsStale()) {
  process.stderr.write('Building the web chat widget (web/widget → dist/web/widget.js)…\n');
  const result = spawnSync(process.execPath, [path.join(root, 'web', 'build.js')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write('The widget build failed; see the errors above.\n');
    process.exit(result.status || 1);
  }
}

// The entry reads its arguments after the entry name; every entry exports run().
process.argv.splice(2, 1);
const mod = require(path.join(root, 'dist', entry + '.js'));
if (typeof mod.run !== 'function') {
  process.stderr.write(`dist/${entry}.js has no run() function\n`);
  process.exit(1);
}
mod.run();
