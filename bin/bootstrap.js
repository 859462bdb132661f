'use strict';
// Builds dist/ from src/ when it is stale, then hands over to the compiled CLI.
// Plain JavaScript on purpose: it must run before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(stamp) || !fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const inputs = [path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json'), path.join(root, 'package.json')];
  return newestSource(path.join(root, 'src')) > built || inputs.some((f) => fs.statSync(f).mtimeMs > built);
}

function build({ quiet } = {}) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    console.error('kit: TypeScript is not installed here. Run `npm install` in ' + root + ' first.');
    process.exit(2);
  }
  if (!quiet) process.stderr.write('kit: building the library (src/ → dist/)…\n');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('kit: the library did not compile; fix the TypeScript errors above.');
    process.exit(r.status || 1);
  }
  fs.utimesSync(stamp, new Date(), new Date());
}

// tslab resolves imports the Node 10 way (node_modules only), so notebooks find the library through
// node_modules/cloud-study-kit, a link back to this checkout.
function linkSelf() {
  const link = path.join(root, 'node_modules', 'cloud-study-kit');
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    /* missing: create it */
  }
  if (!fs.existsSync(path.join(root, 'node_modules'))) return; // npm install has not run; tsc will say so
  fs.symlinkSync('..', link, 'dir');
}

function main(argv) {
  linkSelf();
  const args = argv.slice(2);
  if (args[0] === 'build') {
    if (args.includes('--help') || args.includes('-h')) {
      console.log('Usage: kit build [options]\n\ncompile the library (src/ → dist/) that notebooks and labs import\n\nOptions:\n  --if-stale  only build when a source file is newer than the last build\n  -h, --help  display help for command');
      return;
    }
    if (!args.includes('--if-stale') || isStale()) build();
    return;
  }
  if (isStale()) build();
  require(path.join(root, 'dist', 'cli', 'main.js')).run(argv);
}

module.exports = { main, isStale, build };
