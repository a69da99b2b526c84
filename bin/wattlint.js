#!/usr/bin/env node
// The `wattlint` command: runs the bundled CLI (dist/cli.js) when built, else the tsc output.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// `wattlint scan . | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const bundled = join(__dirname, '..', 'dist', 'cli.js');
const compiled = join(__dirname, '..', 'out', 'src', 'cli', 'main.js');
const entry = existsSync(bundled) ? bundled : compiled;
if (!existsSync(entry)) {
  process.stderr.write('wattlint: not built yet; run `npm run build` (or `npm run compile`) first\n');
  process.exitCode = 2;
} else {
  require(entry)
    .main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    });
}
