#!/usr/bin/env node
// The `wattlint` command: runs the bundled CLI (dist/cli.js) when built, else the tsc output.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

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
