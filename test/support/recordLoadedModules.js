// Preloaded with `node --require` by the start-up tests (worker threads inherit it): when the process or a worker
// thread ends, appends the files of every module that thread loaded (require.cache), one a line, to the file named by
// SOCKET_LENS_TEST_LOADED_MODULES.
const fs = require('node:fs');

const out = process.env.SOCKET_LENS_TEST_LOADED_MODULES;
if (out) process.on('exit', () => fs.appendFileSync(out, `${Object.keys(require.cache).join('\n')}\n`));
