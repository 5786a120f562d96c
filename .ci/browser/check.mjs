// Browser-level checks of a built site, run by .ci/run:
//   node check.mjs SITE_ROOT
// Builds the site, with one more page holding photos, twice into a temporary folder (public/
// is not touched): at a local root and as a project site under a path, as GitHub Pages
// serves it. For each: validates every
// HTML file with the Nu Html Checker; runs axe-core in Debian's chromium on one page of each
// kind at 360 and 1280 px, failing on horizontal scrolling, a status other than 200, a script
// error or a request to another host; checks the print stylesheet and visible focus; then
// checks search (search.mjs).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { serve } from "./serve.mjs";
import { checkSearch } from "./search.mjs";
import { axeViolations, launchBrowser, validHtml } from "./harness.mjs";

const site = resolve(process.argv[2] ?? "../..");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(site, "target");
const biennien = process.env.BIENNIEN ?? join(targetDir, "release/biennien");
const browser = await launchBrowser();

let failed = false;
const problem = (message) => {
  console.error(message);
  failed = true;
};

// Every HTML file under `dir`.
const htmlFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  if (entry.isDirectory()) return htmlFiles(path);
  return entry.name.endsWith(".html") ? [path] : [];
});

// One page of each kind the site makes, as paths under its base.
function pageKinds(out, files) {
  const paths = files.map((f) => relative(out, f).replace(/index\.html$/, "")).sort();
  const first = (test, what) => {
    const found = paths.find(test);
    if (found === undefined) throw new Error(`no ${what} in the build`);
    return found;
  };
  const timeline = first((p) => /^\d{4}-[^/]+\/$/.test(p), "timeline");
  const kinds = ["", timeline, first((p) => p.startsWith(timeline) && p !== timeline && !p.includes("trang/") && !p.includes(PHOTO_PAGE), "article"),
    "van-ban/", first((p) => /^van-ban\/[^/]+\/$/.test(p) && !p.includes("trang/"), "document"),
    "nhan-vat/", first((p) => /^nhan-vat\/[^/]+\/$/.test(p) && !p.includes("trang/"), "person"),
    "bien-nien/", "search/?q=dang+uy+khoi", "404.html"];
  kinds.push(first((p) => p.endsWith(`${PHOTO_PAGE}/`), "page with photos"));
  // A later page of a listing, where the site has one.
  const pager = paths.find((p) => p.includes("trang/"));
  return pager ? [...kinds, pager] : kinds;
}

async function checkPages(base, out, label) {
  const files = htmlFiles(out);
  if (validHtml(files)) {
    console.log(`${label}: Nu Html Checker: ${files.length} files, no errors`);
  } else {
    problem(`${label}: Nu Html Checker reported errors (above)`);
  }
  const pages = pageKinds(out, files);
  // README promises no horizontal scrolling from 360 px phones up.
  for (const width of [360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const external = [];
    page.on("request", (r) => { if (!r.url().startsWith(new URL(base).origin + "/")) external.push(r.url()); });
    page.on("pageerror", (e) => problem(`${label} ${width}px: script error: ${e.message}`));
    for (const path of pages) {
      const response = await page.goto(base + path);
      if (response.status() !== 200) problem(`${label} ${width}px /${path}: HTTP ${response.status()}`);
      if (path.startsWith("search/")) await page.waitForSelector("#search-results li");
      for (const v of await axeViolations(page)) {
        problem(`${label} axe ${width}px /${path}: ${v.id} (${v.impact}) ${v.help}`);
        for (const node of v.nodes.slice(0, 3)) console.error(`    ${node.target.join(" ")}: ${node.failureSummary}`);
      }
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) {
        problem(`${label} ${width}px /${path}: the page scrolls horizontally`);
      }
    }
    if (external.length) problem(`${label}: requests to other hosts: ${[...new Set(external)].join(", ")}`);
    console.log(`${label}: axe-core at ${width}px: ${pages.length} pages checked`);
    await context.close();
  }
  await checkPrintAndFocus(base, pages[2], label);
  await checkPrintAndFocus(base, pages.find((p) => p.endsWith(`${PHOTO_PAGE}/`)), label);
  if (!(await checkSearch(browser, base, out, join(site, "tests/search_words.json")))) failed = true;
}

// README: a print stylesheet that prints an article without the navigation, and visible focus.
async function checkPrintAndFocus(base, article, label) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(base + article);
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector(".site-header")).display,
    footer: getComputedStyle(document.querySelector(".site-footer")).display,
    article: getComputedStyle(document.querySelector("article")).display,
  }));
  if (printed.header !== "none" || printed.footer !== "none" || printed.article === "none") {
    problem(`${label} print /${article}: ${JSON.stringify(printed)} (the navigation should not print, the article should)`);
  }
  await page.emulateMedia({ media: "screen" });
  await page.keyboard.press("Tab");
  const focus = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { tag: document.activeElement.tagName, outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
  });
  // The theme's own ring, not the browser's thin default (`auto 1px`).
  const visible = (focus.outline !== "none" && parseFloat(focus.width) >= 2) || focus.shadow !== "none";
  if (focus.tag === "BODY" || !visible) problem(`${label}: no visible focus after Tab: ${JSON.stringify(focus)}`);
  await page.context().close();
  console.log(`${label}: print and focus checked on /${article}`);
}

// The site with one more page, in the first timeline: a page bundle with photos (a figure
// with its caption, and one alone), so that their markup is checked too.
const PHOTO_PAGE = "anh-tu-lieu";
function withPhotos(root) {
  const copy = mkdtempSync(join(tmpdir(), "biennien-photos-"));
  const skipped = new Set(["target", "public", "node_modules", ".git", ".biennien-cache", "fuzz"]);
  for (const entry of readdirSync(root)) {
    if (!skipped.has(entry)) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  }
  const timeline = readdirSync(join(copy, "content"), { withFileTypes: true })
    .filter((e) => e.isDirectory()).map((e) => e.name).sort()[0];
  const bundle = join(copy, "content", timeline, PHOTO_PAGE);
  mkdirSync(bundle, { recursive: true });
  const photos = new URL("photos/", import.meta.url).pathname;
  for (const name of readdirSync(photos)) cpSync(join(photos, name), join(bundle, name));
  writeFileSync(join(bundle, "index.md"), `+++
title = "Ảnh tư liệu"
+++
Hai tấm ảnh tư liệu.

![Quang cảnh buổi gặp mặt](ngang.jpg "Quang cảnh buổi gặp mặt, năm 1990")

Ảnh chân dung.

![Chân dung](doc.jpg)
`);
  return copy;
}
const photoSite = withPhotos(site);

// The site at a server's root, then as a GitHub Pages project site under /lich-su/ (the
// second server serves the folder above the build).
for (const path of ["", "lich-su/"]) {
  const served = mkdtempSync(join(tmpdir(), "biennien-check-"));
  const out = join(served, path);
  const server = await serve(served);
  const base = `http://127.0.0.1:${server.address().port}/${path}`;
  const label = path ? "project site" : "root site";
  execFileSync(biennien, ["--root", photoSite, "build", "--output", out, "--base-url", base], { stdio: "inherit" });
  await checkPages(base, out, label);
  server.close();
}
await browser.close();
process.exit(failed ? 1 : 0);
