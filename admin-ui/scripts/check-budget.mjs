// Fails the build when the JavaScript a first page load needs grows past the budget (docs/admin.md).
// "First load" = the entry chunk and every chunk it imports statically (Vite's manifest), gzipped;
// route chunks loaded on demand (dynamic imports) are not counted.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
if (!entry) throw new Error('check-budget: no entry chunk in dist/.vite/manifest.json');

const seen = new Set();
const walk = (chunk) => {
  if (seen.has(chunk.file)) return;
  seen.add(chunk.file);
  for (const key of chunk.imports ?? []) walk(manifest[key]);
};
walk(entry);

let total = 0;
for (const file of seen) {
  const size = gzipSync(readFileSync(`dist/${file}`), { level: 9 }).length;
  total += size;
  console.log(`  ${file.padEnd(48)} ${(size / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
const kb = total / 1024;
console.log(`initial JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`check-budget: the initial JavaScript (${kb.toFixed(1)} KB) is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
