// Installs the npm packages through the lockfile (`npm ci`) when node_modules is missing or older than
// package-lock.json, so `npm test` works on a fresh clone. Plain Node: it runs before anything is installed.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const lockfile = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json'); // written by npm after every install

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

const installedAt = mtime(installed);
if (installedAt !== undefined && installedAt >= (mtime(lockfile) ?? 0)) process.exit(0);
console.log(installedAt === undefined ? 'node_modules is missing: npm ci' : 'package-lock.json changed since the last install: npm ci');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
