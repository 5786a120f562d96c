// Search, checked in the browser on the built seed site (run by check.mjs): the folding
// cases shared with the Rust tests, then the queries of issue 7, judged by which articles the
// results link to. Expected articles are found by reading the built pages, not by searching.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";

const fail = (message) => {
  console.error(`search: ${message}`);
  return false;
};

// Each article page of the built site: its URL path (under `prefix`, the site's base path)
// and its text (with its provenance).
function articles(out, prefix) {
  const found = [];
  for (const timeline of readdirSync(out, { withFileTypes: true })) {
    if (!timeline.isDirectory() || !/^\d{4}-/.test(timeline.name)) continue;
    for (const entry of readdirSync(join(out, timeline.name), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "trang") continue;
      const html = readFileSync(join(out, timeline.name, entry.name, "index.html"), "utf8");
      // The article itself, without the navigation around it.
      const article = html.slice(html.indexOf("<article"), html.lastIndexOf("</article>"));
      const text = article.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").normalize("NFC");
      found.push({ path: `${prefix}${timeline.name}/${entry.name}/`, text });
    }
  }
  return found;
}

async function search(page, base, query) {
  await page.goto(`${base}search/?q=${encodeURIComponent(query).replace(/%20/g, "+")}`);
  await page.waitForFunction(() => {
    const status = document.getElementById("search-status").textContent;
    return status && status !== document.getElementById("search").dataset.loading;
  });
  // Every result, not only the first page of them.
  while (await page.isVisible("#search-more")) {
    const count = await page.locator("#search-results li").count();
    await page.click("#search-more");
    await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, count);
  }
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    links: [...document.querySelectorAll("#search-results li h2 a")].map((a) => new URL(a.href).pathname),
    marks: [...document.querySelectorAll("#search-results .snippet mark")].map((m) => m.textContent),
  }));
}

const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const articleLinks = (result, all) => result.links.filter((l) => all.some((a) => a.path === l));

export async function checkSearch(browser, base, out, vectorsFile) {
  let ok = true;
  const all = articles(out, new URL(base).pathname);
  const page = await (await browser.newContext()).newPage();
  page.on("pageerror", (e) => (ok = fail(`script error: ${e.message}`)));
  page.on("request", (r) => {
    if (!r.url().startsWith(new URL(base).origin + "/")) ok = fail(`a request to another host: ${r.url()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) ok = fail(`HTTP ${r.status()} for ${r.url()}`);
  });

  // The folding and tokenising cases Rust is tested against, in this browser.
  await page.goto(`${base}search/`);
  const vectors = JSON.parse(readFileSync(vectorsFile, "utf8"));
  const mismatches = await page.evaluate(async ([vectors, url]) => {
    const s = await import(url);
    const texts = (text, tokens) => tokens.map((t) => text.slice(t.start, t.end));
    const wrong = [];
    for (const [word, want] of vectors.fold) if (s.fold(word) !== want) wrong.push(`fold ${word}`);
    for (const [word, want] of vectors.exact) if (s.exact(word) !== want) wrong.push(`exact ${word}`);
    for (const [text, want] of vectors.tokens)
      if (JSON.stringify(texts(text, s.tokens(text))) !== JSON.stringify(want)) wrong.push(`tokens ${text}`);
    for (const [text, want] of vectors.query)
      if (JSON.stringify(texts(text, s.queryTokens(text))) !== JSON.stringify(want)) wrong.push(`query ${text}`);
    return wrong;
  }, [vectors, `${base}search.js`]);
  for (const m of mismatches) ok = fail(`search.js disagrees with tests/search_words.json: ${m}`);

  // Without diacritics, the articles that name Đảng ủy Khối (in either tone placement).
  const party = all.filter((a) => /đảng (ủy|uỷ) khối/i.test(a.text)).map((a) => a.path);
  const dangUyKhoi = await search(page, base, "dang uy khoi");
  if (!party.length || !same(articleLinks(dangUyKhoi, all), party))
    ok = fail(`q=dang uy khoi gave ${articleLinks(dangUyKhoi, all)}; want ${party}`);
  // Snippets: the original words, with their diacritics, highlighted.
  if (!dangUyKhoi.marks.some((m) => /Đảng|ủy|Khối/.test(m)))
    ok = fail(`q=dang uy khoi highlights ${JSON.stringify(dangUyKhoi.marks.slice(0, 5))}`);
  if (dangUyKhoi.marks.some((m) => !/^(đảng|ủy|uỷ|khối)$/i.test(m)))
    ok = fail(`q=dang uy khoi highlights other words: ${JSON.stringify(dangUyKhoi.marks)}`);

  // As you type: the last word is a prefix.
  const typing = await search(page, base, "dang uy kho");
  if (!party.every((p) => typing.links.includes(p))) ok = fail(`q=dang uy kho misses ${party}`);

  // Old and new tone placement: one list, in one order.
  const oldMark = await search(page, base, "uỷ");
  const newMark = await search(page, base, "ủy");
  if (!oldMark.links.length || JSON.stringify(oldMark.links) !== JSON.stringify(newMark.links))
    ok = fail(`q=uỷ gave ${oldMark.links.length} results, q=ủy ${newMark.links.length}, or another order`);

  // A code, as a phrase: the article that cites it (seed 002).
  const directive35 = await search(page, base, "35-CT/TW");
  const cites35 = all.filter((a) => a.text.includes("35-CT/TW")).map((a) => a.path);
  if (cites35.length !== 1 || !same(articleLinks(directive35, all), cites35))
    ok = fail(`q=35-CT/TW gave ${articleLinks(directive35, all)}; want ${cites35}`);
  else if (!/002/.test(all.find((a) => a.path === cites35[0]).text))
    ok = fail(`q=35-CT/TW: ${cites35[0]} is not seed 002`);

  // A code and the short references resolved to it, in any spelling.
  const directive05 = await search(page, base, "05-CT/TW");
  const cites05 = all
    .filter((a) => /Chỉ thị (số ?)?05\b|05-CT\/TW/.test(a.text))
    .map((a) => a.path);
  if (cites05.length !== 4 || !same(articleLinks(directive05, all), cites05))
    ok = fail(`q=05-CT/TW gave ${articleLinks(directive05, all)}; want the four ${cites05}`);
  if (!directive05.marks.some((m) => /^Chỉ thị (số ?)?05$/.test(m)))
    ok = fail(`q=05-CT/TW does not highlight "Chỉ thị 05": ${JSON.stringify(directive05.marks)}`);

  // A number inside a code.
  const number = await search(page, base, "293");
  const cites293 = all.filter((a) => /\b293\b/.test(a.text)).map((a) => a.path);
  if (!cites293.length || !same(articleLinks(number, all), cites293))
    ok = fail(`q=293 gave ${articleLinks(number, all)}; want ${cites293}`);

  // Exact diacritics rank first: every result that has the word as typed (đăng) comes before
  // those that only match it folded (đảng, đang).
  const indexed = new Map(
    readdirSync(join(out, "search/docs")).flatMap((f) => {
      // Each file holds a few results, as JSON deflated (src/search/packed.rs).
      const docs = JSON.parse(inflateRawSync(readFileSync(join(out, "search/docs", f))).toString("utf8"));
      return docs.map((doc) => [doc.url.replace(/^https?:\/\/[^/]+/, ""), `${doc.title}\n${doc.text}`]);
    }),
  );
  const typed = await search(page, base, "đăng");
  const hasTyped = (url) => /(^|[^\p{L}])đăng([^\p{L}]|$)/iu.test(indexed.get(new URL(url, base).pathname) ?? "");
  const firstFolded = typed.links.findIndex((l) => !hasTyped(l));
  const typedCount = typed.links.filter(hasTyped).length;
  if (!typedCount || firstFolded < typedCount || typed.links.length <= typedCount)
    ok = fail(`q=đăng: ${typedCount} exact results are not all before the folded ones: ${typed.links}`);

  // Titles outrank long texts that repeat a word: a name's own entry and the article named
  // for it come before articles that merely say "chính trị" often.
  const name = await search(page, base, "pham minh chinh");
  const firstTwo = await page.evaluate(() =>
    [...document.querySelectorAll("#search-results li h2")].slice(0, 2).map((h) => h.textContent));
  if (firstTwo.length !== 2 || !firstTwo.every((t) => t.includes("Phạm Minh Chính")))
    ok = fail(`q=pham minh chinh ranks first: ${JSON.stringify(firstTwo)} (of ${name.links.length})`);

  // Typing a code: `35-CT/` already finds 35-CT/TW.
  const typingCode = await search(page, base, "35-CT/");
  if (!same(articleLinks(typingCode, all), cites35)) ok = fail(`q=35-CT/ gave ${typingCode.links}`);

  // Queries are shown as typed, whatever they hold; odd words are words.
  const odd = await search(page, base, "$& constructor");
  if (!odd.status.includes("$& constructor")) ok = fail(`q=$& constructor: status "${odd.status}"`);

  // "More" clicked twice at once: no result twice. (`dang` has more than a page of results
  // on the seed site; a hidden button is a failure, not a skip.)
  await page.goto(`${base}search/?q=dang`);
  await page.waitForSelector("#search-results li");
  const shown = await page.locator("#search-results li").count();
  if (!(await page.isVisible("#search-more"))) {
    ok = fail(`q=dang: no "more" button after ${shown} results`);
  } else {
    await page.evaluate(() => {
      const more = document.getElementById("search-more");
      more.click();
      more.click();
    });
    // Until the next results are in and the button is usable again.
    await page.waitForFunction(
      (n) => document.querySelectorAll("#search-results li").length > n
        && !document.getElementById("search-more").disabled,
      shown,
    );
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("#search-results li h2 a")].map((a) => a.href));
    if (new Set(links).size !== links.length) ok = fail(`"more" twice shows results twice`);
  }

  // Nothing found says so.
  const nothing = await search(page, base, "xyzzy");
  if (nothing.links.length || !nothing.status.includes("xyzzy"))
    ok = fail(`q=xyzzy: ${nothing.links.length} results, status "${nothing.status}"`);

  console.log(
    `search: dang uy khoi → ${party.length} articles, uỷ/ủy → ${newMark.links.length} results, ` +
      `35-CT/TW → ${cites35.length}, 05-CT/TW → ${cites05.length}, ` +
      `đăng → ${typedCount} exact before ${typed.links.length - typedCount} folded, xyzzy → none`,
  );
  return ok;
}
