#!/usr/bin/env node
'use strict';
// The command line is compiled to build/ on install (npm's `prepare`); see package.json.
const path = require('path');
let main;
try {
  main = require(path.join(__dirname, '..', 'build', 'src', 'cli', 'main.js')).main;
} catch (error) {
  process.stderr.write('年报助手命令行尚未编译，请先在项目目录运行 npm install（或 npm run build:cli）。\n');
  process.stderr.write(String(error && error.message) + '\n');
  process.exit(2);
}
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
