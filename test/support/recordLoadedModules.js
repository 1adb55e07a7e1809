// Preloaded with `node --require` by the start-up tests: when the process exits, writes the files of every module
// it loaded (require.cache), one a line, to the file named by SOCKET_LENS_TEST_LOADED_MODULES.
const fs = require('node:fs');

const out = process.env.SOCKET_LENS_TEST_LOADED_MODULES;
if (out) process.on('exit', () => fs.writeFileSync(out, `${Object.keys(require.cache).join('\n')}\n`));
