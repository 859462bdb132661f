#!/usr/bin/env node
// The `kit` command. It runs the compiled library; `kit build` (and every
// command that needs it) rebuilds dist/ from src/ when it is stale.
'use strict';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`kit: Node ${process.versions.node} is too old; the kit needs Node 20.19 or newer (22 or 24 recommended).\n` +
    '     Install a newer Node (https://nodejs.org or your package manager), then run `npm install` again.');
  process.exit(2);
}
require('./bootstrap.js').main(process.argv);
