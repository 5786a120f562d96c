// Whether two builds of a site answer the same queries alike in the browser: the same
// status line, the same results in the same order with the same snippets and highlights
// (the result list's markup), on the first page and after "more" once.
//   node bench/search-same.mjs OLD_PUBLIC NEW_PUBLIC [query ...]
// Needs the browser checks' packages: (cd .ci/browser && npm ci); uses /usr/bin/chromium.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(resolve(import.meta.dirname, "../.ci/browser/package.json"));
const { chromium } = require("playwright-core");
const { serve } = await import(resolve(import.meta.dirname, "../.ci/browser/serve.mjs"));

const [oldRoot, newRoot, ...given] = process.argv.slice(2);
if (!newRoot) {
  console.error("usage: node bench/search-same.mjs OLD_PUBLIC NEW_PUBLIC [query ...]");
  process.exit(2);
}
const queries = given.length
  ? given
  : ["dang uy khoi", "ủy", "uỷ", "35-CT/TW", "05-CT/TW", "293", "đăng", "nguoi", "xyzzy",
     "hội nghị", "Phạm Minh Chính", "chi bo", "nghi quyet 18", "2017", "tháng 3 năm 2017", "ca"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});

async function answers(root) {
  const server = await serve(resolve(root));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const found = [];
  for (const query of queries) {
    const page = await browser.newPage();
    await page.goto(`${base}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => {
      const status = document.getElementById("search-status").textContent;
      return status && status !== document.getElementById("search").dataset.loading;
    });
    const first = await page.innerHTML("#search-results");
    let second = "";
    if (await page.isVisible("#search-more")) {
      const count = await page.locator("#search-results > li").count();
      await page.click("#search-more");
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, count);
      second = await page.innerHTML("#search-results");
    }
    found.push({ query, status: await page.textContent("#search-status"), first, second });
    await page.close();
  }
  server.close();
  return found;
}

const [before, after] = [await answers(oldRoot), await answers(newRoot)];
let same = true;
for (let i = 0; i < queries.length; i++) {
  const [a, b] = [before[i], after[i]];
  const ok = a.status === b.status && a.first === b.first && a.second === b.second;
  same &&= ok;
  console.log(`${ok ? "same" : "DIFFERENT"}: ${a.query}: ${a.status}${ok ? "" : ` / ${b.status}`}`);
}
await browser.close();
process.exit(same ? 0 : 1);
