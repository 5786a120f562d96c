// Search cost in the browser: for each query, what a visitor downloads before the first
// results appear (index files, by kind) and how long that takes, cold (a fresh browser
// context each run) and warm (the same query again on the same page).
//   node bench/search.mjs PUBLIC_DIR [query ...]
// Needs the browser checks' packages: (cd .ci/browser && npm ci); uses /usr/bin/chromium.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(resolve(import.meta.dirname, "../.ci/browser/package.json"));
const { chromium } = require("playwright-core");
const { serve } = await import(resolve(import.meta.dirname, "../.ci/browser/serve.mjs"));

const [root, ...given] = process.argv.slice(2);
if (!root) {
  console.error("usage: node bench/search.mjs PUBLIC_DIR [query ...]");
  process.exit(2);
}
const queries = given.length ? given : ["dang uy khoi", "ủy", "35-CT/TW", "05-CT/TW", "nguoi", "xyzzy"];
const RUNS = 5;
const server = await serve(resolve(root));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const finished = () => {
  const status = document.getElementById("search-status").textContent;
  return status && status !== document.getElementById("search").dataset.loading;
};

console.log("| query | results | index files | downloaded before first results | cold: page load → results | warm: query → results |");
console.log("|---|---|---|---|---|---|");
for (const query of queries) {
  const cold = [];
  const warm = [];
  let bytes = { meta: 0, terms: 0, docs: 0 };
  let files = 0;
  let status = "";
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(finished);
    const measured = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const index = performance.getEntriesByType("resource").filter((r) => r.name.includes("/search/"));
      const done = Math.max(...index.map((r) => r.responseEnd), nav.domContentLoadedEventEnd);
      return { ms: done - nav.domContentLoadedEventEnd, index: index.map((r) => [r.name, r.decodedBodySize]) };
    });
    cold.push(measured.ms);
    bytes = { meta: 0, terms: 0, docs: 0 };
    for (const [name, size] of measured.index) {
      const kind = /\/search\/(meta|terms|docs)/.exec(name)?.[1];
      if (kind) bytes[kind] += size;
    }
    files = measured.index.length;
    // The same query again, everything it needs already loaded.
    warm.push(
      await page.evaluate(async (q) => {
        const input = document.getElementById("search-q");
        input.value = "";
        input.dispatchEvent(new Event("input"));
        await new Promise((r) => setTimeout(r, 200));
        const start = performance.now();
        input.value = q;
        document.getElementById("search").requestSubmit();
        while (document.getElementById("search-status").textContent === document.getElementById("search").dataset.loading
          || !document.getElementById("search-status").textContent) {
          await new Promise((r) => setTimeout(r, 1));
        }
        return performance.now() - start;
      }, query),
    );
    status = await page.textContent("#search-status");
    await context.close();
  }
  const total = bytes.meta + bytes.terms + bytes.docs;
  console.log(
    `| ${query} | ${status.replace(/\|/g, "/")} | ${files} | ${kb(total)} (meta ${kb(bytes.meta)}, terms ${kb(bytes.terms)}, results ${kb(bytes.docs)}) | ${median(cold).toFixed(0)} ms | ${median(warm).toFixed(1)} ms |`,
  );
}
await browser.close();
server.close();
