// Parse a GIFT file with gift-pegjs (an independent parser) and print the result as JSON.
// Usage: node parse.js FILE.gift   (used by tests/test_export.py)
const fs = require("fs");
const { parse } = require("gift-pegjs");
process.stdout.write(JSON.stringify(parse(fs.readFileSync(process.argv[2], "utf8"))));
