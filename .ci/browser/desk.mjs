// Browser-level checks of the editor's desk, run by .ci/run:
//   node desk.mjs SITE_ROOT
// Copies the site into a temporary folder and runs `serve --watch` there. In Debian's
// chromium, with the desk's own Content-Security-Policy in force: marks a line of a seed
// as its title with the keyboard and waits for the preview beside it to show that title;
// checks that the sidecar kept the editor's comments; pastes a new article and waits for it
// to be listed and built. Then validates the desk's pages with the Nu Html Checker and runs
// axe-core on them at 360 and 1280 px, failing on horizontal scrolling too.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { axeViolations, launchBrowser, validHtml } from "./harness.mjs";

const site = resolve(process.argv[2] ?? "../..");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(site, "target");
const biennien = process.env.BIENNIEN ?? join(targetDir, "release/biennien");
const WAIT = 30000;

let failed = false;
const problem = (message) => {
  console.error(message);
  failed = true;
};

const root = mkdtempSync(join(tmpdir(), "biennien-desk-"));
for (const name of ["config.toml", "seeds", "content", "themes", "static", "templates", "i18n"]) {
  if (existsSync(join(site, name))) cpSync(join(site, name), join(root, name), { recursive: true });
}
const SEED = "000_64c23ab981cd5741.txt";
const OTHER = "002_90ddfd1562c07cf7.txt";
// The page of a refused save, checked with the others.
let staleHtml = "";
let conflictExpected = false;

// Waits until the preview has made no build for a second, so that no reload is coming.
async function quiet() {
  const builds = async () => (await fetch(`${urls.desk}builds`)).text();
  let last = await builds();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await builds();
    if (now === last) return;
    last = now;
  }
}
const sidecar = join(root, "seeds/000_64c23ab981cd5741.toml");
const COMMENT = "# Ghi chú của biên tập viên: giữ nguyên dòng này.";
writeFileSync(sidecar, `${COMMENT}\n${readFileSync(sidecar, "utf8")}`);

// `serve --watch` on any free port; the desk's address and the preview's from its output.
const server = spawn(biennien, ["--root", root, "serve", "--watch", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
const urls = await new Promise((found, fail) => {
  let desk;
  createInterface({ input: server.stdout }).on("line", (line) => {
    desk ??= line.match(/^The editor's desk at (\S+)/)?.[1];
    const preview = line.match(/^Serving the site at (\S+)/)?.[1];
    if (preview) found({ desk, preview });
  });
  server.on("exit", (code) => fail(new Error(`serve exited (${code})`)));
  setTimeout(() => fail(new Error("serve did not start")), WAIT);
});

const browser = await launchBrowser();
try {
  await correctAndAdd();
  await checkPages();
} catch (error) {
  problem(`desk: ${error.stack ?? error}`);
}
await browser.close();
server.kill("SIGINT");
if (server.exitCode === null && server.signalCode === null) await new Promise((stopped) => server.on("exit", stopped));
rmSync(root, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

// The editor's way through the desk, with the keyboard.
async function correctAndAdd() {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("pageerror", (e) => problem(`desk: script error: ${e.message}`));
  // The desk's CSP must not block anything the desk itself uses (a violation is logged);
  // what the site's pages in the preview frame log is not the desk's.
  page.on("console", (m) => {
    if (m.type() !== "error" || !m.location().url.startsWith(urls.desk)) return;
    if (!(conflictExpected && m.text().includes("409"))) problem(`desk: console error: ${m.text()}`);
  });
  await page.goto(urls.desk);
  await page.focus(`a[href="/seed/${SEED}"]`);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${urls.desk}seed/${SEED}`);
  // "Line 3 is the title".
  await page.selectOption("#mark-3", "title_line");
  await page.focus("#mark-3 ~ button");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${urls.desk}seed/${SEED}#line-3`);
  // The preview beside it reloads with the line as the article's title.
  await page.frameLocator("iframe").locator("h1", { hasText: "Hiện nay, cả nước có 63" }).waitFor({ timeout: WAIT });
  console.log("desk: a line marked as the title; the preview shows it");
  const written = readFileSync(sidecar, "utf8");
  for (const expected of [COMMENT, "# Editor's corrections for 000_64c23ab981cd5741.txt", "title_line = 3\n", "date_note = "]) {
    if (!written.includes(expected)) problem(`desk: the sidecar lacks ${JSON.stringify(expected)}:\n${written}`);
  }
  if (/^title = /m.test(written)) problem(`desk: the sidecar still sets title:\n${written}`);

  // Add an article: pasted, saved as the next seed, reviewed, listed and built.
  await page.goto(urls.desk);
  await page.fill("#add-text", "Hội nghị tổng kết công tác năm 2019\n\nNgày 20/12/2019, Đảng ủy Khối tổ chức hội nghị tổng kết công tác năm 2019.\n");
  await page.focus('form[action="/add"] button');
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/seed\/005_[0-9a-f]{16}\.txt$/);
  const added = new URL(page.url()).pathname;
  await quiet();
  await page.goto(urls.desk);
  if (!(await page.locator(`a[href="${added}"]`).count())) problem(`desk: ${added} is not listed`);
  const built = `${urls.preview}tu-lieu/hoi-nghi-tong-ket-cong-tac-nam-2019/`;
  const started = Date.now();
  while ((await fetch(built)).status !== 200) {
    if (Date.now() - started > WAIT) throw new Error(`${built} was never built`);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`desk: an article added as ${added}, listed and built`);

  // A sidecar changed by hand while the seed's page is open: the save is refused, and the
  // desk shows the sidecar as it is now beside the change asked for.
  await quiet();
  const listening = page.waitForResponse((r) => r.url() === `${urls.desk}builds`);
  await page.goto(`${urls.desk}seed/${OTHER}`);
  await listening;
  await page.selectOption("#mark-1", "drop_lines");
  conflictExpected = true;
  writeFileSync(join(root, "seeds/002_90ddfd1562c07cf7.toml"), "# sửa tay trong lúc đó\n");
  await page.focus("#mark-1 ~ button");
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
  await page.waitForURL(`${urls.desk}mark/${OTHER}`);
  const refused = await page.content();
  if (response.status() !== 409 || !refused.includes("# sửa tay trong lúc đó") || !refused.includes("key = drop_lines")) {
    problem(`desk: a stale save answered ${response.status()}:\n${refused}`);
  } else {
    console.log("desk: a save against a changed sidecar refused, both shown");
  }
  staleHtml = await response.text();
  await page.context().close();
}

// The desk's pages: valid HTML, no axe violation, no horizontal scrolling.
async function checkPages() {
  const paths = ["", `seed/${SEED}`, `seed/${OTHER}`];
  const pages = [...await Promise.all(paths.map(async (path) => (await fetch(urls.desk + path)).text())), staleHtml];
  const files = pages.map((html, i) => {
    const file = join(root, `desk-page-${i}.html`);
    writeFileSync(file, html);
    return file;
  });
  if (validHtml(files)) console.log(`desk: Nu Html Checker: ${files.length} pages, no errors`);
  else problem("desk: Nu Html Checker reported errors (above)");
  for (const width of [360, 1280]) {
    // axe's script is added to the page: the desk's CSP would block it.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(urls.desk + path);
      for (const v of await axeViolations(page)) {
        problem(`desk axe ${width}px /${path}: ${v.id} (${v.impact}) ${v.help}`);
        for (const node of v.nodes.slice(0, 3)) console.error(`    ${node.target.join(" ")}: ${node.failureSummary}`);
      }
      if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) {
        problem(`desk ${width}px /${path}: the page scrolls horizontally`);
      }
    }
    console.log(`desk: axe-core at ${width}px: ${paths.length} pages checked`);
    await context.close();
  }
}
