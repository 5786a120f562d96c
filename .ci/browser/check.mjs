// Browser-level checks of a built site, run by .ci/run:
//   node check.mjs SITE_ROOT
// Builds the site with a local base URL into a temporary folder (public/ is not touched),
// validates every HTML file with the Nu Html Checker, and runs axe-core in Debian's chromium
// on the home page, a timeline, an article, a register entry, the chronology and search
// results; then checks search (search.mjs).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";
import { checkSearch } from "./search.mjs";

const require = createRequire(import.meta.url);
const site = resolve(process.argv[2] ?? "../..");
const out = mkdtempSync(join(tmpdir(), "biennien-check-"));
const server = await serve(out);
const base = `http://127.0.0.1:${server.address().port}/`;
const targetDir = process.env.CARGO_TARGET_DIR ?? join(site, "target");
const biennien = process.env.BIENNIEN ?? join(targetDir, "release/biennien");
execFileSync(biennien, ["--root", site, "build", "--output", out, "--base-url", base], { stdio: "inherit" });

let failed = false;

// Nu Html Checker over every HTML file.
const htmlFiles = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".html")) htmlFiles.push(path);
  }
};
walk(out);
const vnu = require("vnu-jar");
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "gnu", ...htmlFiles], { stdio: "inherit" });
  console.log(`Nu Html Checker: ${htmlFiles.length} files, no errors`);
} catch {
  console.error("Nu Html Checker reported errors (above)");
  failed = true;
}

// axe-core on one page of each kind.
const pick = (prefix) => {
  const files = htmlFiles
    .map((f) => f.slice(out.length + 1).replace(/index\.html$/, ""))
    .filter((p) => p.startsWith(prefix) && p !== prefix && !p.includes("trang/"))
    .sort();
  if (!files.length) throw new Error(`no page under /${prefix}`);
  return files[0];
};
const timeline = readdirSync(out, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^\d{4}-/.test(e.name))
  .map((e) => e.name)
  .sort()[0] + "/";
const pages = ["", timeline, pick(timeline), pick("van-ban/"), pick("nhan-vat/"), "van-ban/", "bien-nien/",
  "search/?q=dang+uy+khoi"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = readFileSync(require.resolve("axe-core"), "utf8");
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const external = [];
  page.on("request", (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
  for (const path of pages) {
    await page.goto(base + path);
    if (path.startsWith("search/")) await page.waitForSelector("#search-results li");
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    for (const v of result.violations) {
      console.error(`axe ${width}px /${path}: ${v.id} (${v.impact}) ${v.help}`);
      for (const node of v.nodes.slice(0, 3)) console.error(`    ${node.target.join(" ")}: ${node.failureSummary}`);
      failed = true;
    }
    if (overflow) {
      console.error(`${width}px /${path}: the page scrolls horizontally`);
      failed = true;
    }
  }
  if (external.length) {
    console.error(`requests to other hosts: ${[...new Set(external)].join(", ")}`);
    failed = true;
  }
  console.log(`axe-core at ${width}px: ${pages.length} pages checked`);
  await context.close();
}
if (!(await checkSearch(browser, base, out, join(site, "tests/search_words.json")))) failed = true;
await browser.close();
server.close();
process.exit(failed ? 1 : 0);
