// Parse a GIFT file with gift-pegjs (an independent parser) and print the result as JSON.
// Usage: node parse.js FILE.gift   (used by tests/test_export.py)
//
// One known gap of gift-pegjs 1.0.2: it decodes escaped characters everywhere except in
// the answers of matching questions, where "\:" comes back as its internal code "&&058;".
// Those codes (its own table, &&NNN; = character NNN) are decoded here, and nowhere else.
const fs = require("fs");
const { parse } = require("gift-pegjs");
const decode = (text) => text.replace(/&&(\d{3});/g, (_, code) => String.fromCharCode(Number(code)));
const questions = parse(fs.readFileSync(process.argv[2], "utf8"));
for (const q of questions) {
  for (const pair of q.matchPairs || []) pair.subanswer = decode(pair.subanswer);
}
process.stdout.write(JSON.stringify(questions));
