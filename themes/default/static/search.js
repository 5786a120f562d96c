// Search in the browser, over the index `biennien build` writes under search/ (see
// src/search/). Words are folded as src/text/fold.rs folds them, so `dang uy` finds
// `Đảng ủy`; tests/search_words.json holds the cases both must agree on.
// Plain JavaScript, no dependencies, nothing fetched from another host.

// The tone marks, spelled as their Telex keys in exact forms (see fold.rs).
const TONES = { "\u0300": "F", "\u0301": "S", "\u0309": "R", "\u0303": "X", "\u0323": "J" };
const [LETTER, DIGIT, MARK, OTHER] = [0, 1, 2, 3];
const RESULTS_PER_PAGE = 10;
const SNIPPET_CHARS = 220;
// A prefix as short as this could match half the index: it is matched as a whole word.
const MIN_PREFIX = 2;
// A prefix spread over more chunks than this (a two-letter start on a large site) is looked
// for as a whole word until more of it is typed, so as not to load a large part of the index.
const MAX_PREFIX_CHUNKS = 4;
const MAX_TERMS = 8;
// About how much of the index one query may load before its first results (see
// withinBudget); the results themselves come on top.
const TERM_BYTES = 200 * 1024;
// The weight at which a word's score is half its most: a title (8) gets there alone.
const SATURATION = 8;
const DIGIT_START = /^[0-9]/;

export function fold(word) {
  // `ð` is what old Vietnamese encodings converted often give for `đ`.
  return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[đð]/g, "d");
}

export function exact(word) {
  let tones = "";
  let base = "";
  for (const c of word.toLowerCase().normalize("NFD")) {
    if (TONES[c]) tones += TONES[c];
    else base += c === "ð" ? "đ" : c;
  }
  return base.normalize("NFC") + tones;
}

export function hasDiacritics(word) {
  return fold(word) !== word.toLowerCase();
}

// What a character is to the tokeniser: \p{Alphabetic}, \p{N}, \p{M}, with fast paths for
// the blocks Vietnamese is written in (as fold.rs `class`).
function charClass(c) {
  const n = c.codePointAt(0);
  if (n < 128) {
    if ((n >= 97 && n <= 122) || (n >= 65 && n <= 90)) return LETTER;
    return n >= 48 && n <= 57 ? DIGIT : OTHER;
  }
  if (n === 0xd7 || n === 0xf7) return OTHER;
  if ((n >= 0xc0 && n <= 0x24f) || (n >= 0x1e00 && n <= 0x1eff)) return LETTER;
  if (n >= 0x300 && n <= 0x36f) return MARK;
  if (/\p{M}/u.test(c)) return MARK;
  if (/\p{N}/u.test(c)) return DIGIT;
  return /\p{Alphabetic}/u.test(c) ? LETTER : OTHER;
}

// Words and codes with their places: [{start, end, code}], as fold.rs `tokens`.
export function tokens(text) {
  const words = [];
  let start = -1;
  let previousDigit = false;
  let i = 0;
  for (const c of text) {
    const kind = charClass(c);
    if (kind === OTHER) {
      if (start >= 0) words.push({ start, end: i, code: false });
      start = -1;
    } else {
      const digit = kind === DIGIT;
      if (start < 0) start = i;
      else if (digit && !previousDigit) {
        words.push({ start, end: i, code: false });
        start = i;
      }
      if (kind !== MARK) previousDigit = digit;
    }
    i += c.length;
  }
  if (start >= 0) words.push({ start, end: text.length, code: false });

  const out = [];
  for (let w = 0; w < words.length; ) {
    const first = words[w];
    const startsCode = charClass(String.fromCodePoint(text.codePointAt(first.start))) === DIGIT;
    let last = w;
    while (startsCode && last + 1 < words.length) {
      const between = text.slice(words[last].end, words[last + 1].start);
      if (between !== "-" && between !== "/") break;
      last += 1;
    }
    out.push(...words.slice(w, last + 1));
    if (last > w) out.push({ start: first.start, end: words[last].end, code: true });
    w = last + 1;
  }
  return out;
}

// What a reader typed: a code stands for its own words (fold.rs `query_tokens`).
export function queryTokens(text) {
  const all = tokens(text);
  return all.filter(
    (t) => t.code || !all.some((c) => c.code && c.start <= t.start && t.end <= c.end),
  );
}

// A query as the terms to look for: folded, exact when typed with diacritics, and whether
// the last one may be a prefix (the reader is still typing it).
// A word still being typed shorter than MIN_PREFIX is left out until it grows; `35-CT/`
// looks for codes that go on from there. Repeated words count once, and at most MAX_TERMS
// are looked for (a pasted paragraph would otherwise load half the index).
export function parseQuery(text) {
  const found = queryTokens(text);
  const terms = [];
  found.forEach((t, i) => {
    const last = i === found.length - 1;
    const joint = text.slice(t.end);
    const typing = last && (joint === "" || (/^[-/]$/.test(joint) && DIGIT_START.test(text.slice(t.start))));
    const word = text.slice(t.start, t.end) + (typing ? joint : "");
    const folded = fold(word);
    if (typing && folded.length < MIN_PREFIX && found.length > 1) return;
    if (terms.some((q) => q.folded === folded)) return;
    terms.push({
      word,
      folded,
      exact: hasDiacritics(word) ? exact(word) : null,
      prefix: typing && folded.length >= MIN_PREFIX,
    });
  });
  return terms.slice(0, MAX_TERMS);
}

function splitTones(form) {
  const m = /[FSRXJ]*$/.exec(form);
  return [form.slice(0, m.index), m[0]];
}

// Whether an exact form in the index is what the reader typed (or begins it).
function sameForm(form, term, whole) {
  if (whole) return form === term.exact;
  const [base, tones] = splitTones(form);
  const [typedBase, typedTones] = splitTones(term.exact);
  return base.startsWith(typedBase) && (typedTones === "" || tones === typedTones);
}

// A term's postings (`delta[.weight][~forms]`, base 36, joined by `,`; see
// src/search/index.rs) as arrays, decoded once and kept on the entry.
function decoded(entry) {
  if (entry.decoded) return entry.decoded;
  const text = entry[2];
  let n = 1;
  for (let at = text.indexOf(","); at >= 0; at = text.indexOf(",", at + 1)) n += 1;
  const docs = new Int32Array(n);
  const weights = new Float64Array(n).fill(1);
  const masks = new Uint32Array(n).fill(1);
  let doc = 0;
  let i = 0;
  let field = 0; // 0 delta, 1 weight, 2 forms
  let value = 0;
  const store = () => {
    if (field === 0) {
      doc += value;
      docs[i] = doc;
    } else if (field === 1) weights[i] = value;
    else masks[i] = value;
  };
  for (let at = 0; at <= text.length; at++) {
    const c = at < text.length ? text.charCodeAt(at) : 44;
    if (c === 44 || c === 46 || c === 126) {
      // `,` `.` `~`
      store();
      value = 0;
      if (c === 44) {
        i += 1;
        field = 0;
      } else field = c === 46 ? 1 : 2;
    } else value = value * 36 + (c <= 57 ? c - 48 : c - 87);
  }
  entry.decoded = { docs, weights, masks };
  return entry.decoded;
}

export class Index {
  constructor(base) {
    this.base = base;
    this.chunks = new Map();
    this.docs = new Map();
  }

  async meta() {
    if (!this.metaPromise) {
      this.metaPromise = fetch(this.base + "meta.json", { cache: "no-cache" })
        .then((r) => {
          if (!r.ok) throw new Error(`${r.status} ${r.url}`);
          return r.json();
        })
        .catch((error) => {
          this.metaPromise = null;
          throw error;
        });
    }
    return this.metaPromise;
  }

  // One request per file, however many terms want it at once. The files are JSON,
  // deflated (src/search/packed.rs).
  json(kind, n, cache) {
    if (!cache.has(n)) {
      const loaded = this.meta().then((meta) =>
        fetch(`${this.base}${kind}/${n}.bin?v=${meta.version}`).then((r) => {
          if (!r.ok) throw new Error(`${r.status} ${r.url}`);
          const inflated = r.body.pipeThrough(new DecompressionStream("deflate-raw"));
          return new Response(inflated).json();
        }),
      );
      // A failed request is tried again by the next search.
      cache.set(n, loaded.catch((error) => {
        cache.delete(n);
        throw error;
      }));
    }
    return cache.get(n);
  }

  // Result n, from the file it shares with its neighbours.
  async doc(n) {
    const perFile = (await this.meta()).docs_per_file;
    const file = await this.json("docs", Math.floor(n / perFile), this.docs);
    return file[n % perFile];
  }

  // The chunk numbers that can hold `term`, or terms starting with it; and whether it is
  // looked for as a prefix (not when that would load too much).
  async chunksFor(term, prefix) {
    const firsts = (await this.meta()).chunks;
    let lo = 0;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid;
      else hi = mid - 1;
    }
    const found = firsts.length ? [lo] : [];
    for (let c = lo + 1; prefix && c < firsts.length && firsts[c].startsWith(term); c++) {
      if (found.length === MAX_PREFIX_CHUNKS) return { chunks: [lo], prefix: false };
      found.push(c);
    }
    return { chunks: found, prefix };
  }

  // Document number → {weight, exact} for one query term.
  async postings(term, { chunks, prefix }) {
    const matches = new Map();
    for (const c of chunks) {
      const chunk = await this.json("terms", c, this.chunks);
      for (const entry of chunk) {
        const [folded, forms] = entry;
        const whole = folded === term.folded;
        if (!whole && !(prefix && folded.startsWith(term.folded))) continue;
        let typed = 0;
        forms.forEach((f, bit) => {
          if (term.exact !== null && sameForm(f, term, whole)) typed |= 1 << bit;
        });
        const { docs, weights, masks } = decoded(entry);
        const scale = whole ? 1 : 0.5;
        for (let i = 0; i < docs.length; i++) {
          const weight = weights[i] * scale;
          const isExact = (masks[i] & typed) !== 0;
          const seen = matches.get(docs[i]);
          if (!seen) matches.set(docs[i], { weight, exact: isExact });
          else {
            seen.weight = Math.max(seen.weight, weight);
            seen.exact ||= isExact;
          }
        }
      }
    }
    return matches;
  }

  // The terms to look up (their numbers), cheapest first, while their chunks not yet loaded
  // fit TERM_BYTES: a word so common that its postings would pass the budget is not
  // required (it is in nearly every page anyway). The cheapest term is always looked up.
  withinBudget(plans, sizes) {
    const cost = (plan) =>
      plan.chunks.filter((c) => !this.chunks.has(c)).reduce((sum, c) => sum + sizes[c], 0);
    const order = plans.map((plan, i) => i).sort((a, b) => cost(plans[a]) - cost(plans[b]));
    const wanted = [];
    const counted = new Set();
    let spent = 0;
    for (const i of order) {
      const extra = plans[i].chunks.filter((c) => !counted.has(c) && !this.chunks.has(c));
      const bytes = extra.reduce((sum, c) => sum + sizes[c], 0);
      if (wanted.length && spent + bytes > TERM_BYTES) continue;
      wanted.push(i);
      spent += bytes;
      extra.forEach((c) => counted.add(c));
    }
    return wanted;
  }

  // Document numbers, best first: every term required; more terms typed exactly first,
  // then by weight (rarer terms count more); then newest first (higher numbers).
  async search(terms) {
    const meta = await this.meta();
    const plans = await Promise.all(terms.map((t) => this.chunksFor(t.folded, t.prefix)));
    const wanted = this.withinBudget(plans, meta.sizes);
    const lists = await Promise.all(wanted.map((i) => this.postings(terms[i], plans[i])));
    if (lists.length === 0 || lists.some((l) => l.size === 0)) return [];
    const ordered = [...lists].sort((a, b) => a.size - b.size);
    const scored = [];
    for (const doc of ordered[0].keys()) {
      let score = 0;
      let exactCount = 0;
      let all = true;
      for (let i = 0; i < lists.length && all; i++) {
        const hit = lists[i].get(doc);
        if (!hit) all = false;
        else {
          // Saturated (as BM25 does): one word met often does not outweigh the others.
          const saturated = (hit.weight * (SATURATION + 1)) / (hit.weight + SATURATION);
          score += saturated * Math.log(1 + meta.docs / lists[i].size);
          if (hit.exact) exactCount += 1;
        }
      }
      if (all) scored.push({ doc, score, exactCount });
    }
    scored.sort((a, b) => b.exactCount - a.exactCount || b.score - a.score || b.doc - a.doc);
    return scored.map((s) => s.doc);
  }
}

// Words repeat across snippets: each is folded once.
const foldedWords = new Map();
function foldedOnce(word) {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    if (foldedWords.size > 50000) foldedWords.clear();
    folded = fold(word);
    foldedWords.set(word, folded);
  }
  return folded;
}

// The places in `text` that match the query: [start, end] pairs, in order. A word typed
// with diacritics marks only the words written so, where there are any (`Chỉ`, not `Chí`).
export function matches(text, terms, codes) {
  const found = [];
  const words = tokens(text).map((t) => {
    const word = text.slice(t.start, t.end);
    return { t, word, folded: foldedOnce(word) };
  });
  for (const q of terms) {
    const folded = [];
    const typed = [];
    for (const { t, word, folded: f } of words) {
      const whole = f === q.folded;
      if (!whole && !(q.prefix && f.startsWith(q.folded))) continue;
      folded.push([t.start, t.end]);
      if (q.exact !== null && sameForm(exact(word), q, whole)) typed.push([t.start, t.end]);
    }
    found.push(...(typed.length ? typed : folded));
  }
  // Words the page used for a code the reader typed (`Chỉ thị 05` for 05-CT/TW).
  for (const q of terms) {
    for (const words of (codes && Object.hasOwn(codes, q.folded) && codes[q.folded]) || []) {
      for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + words.length)) {
        found.push([at, at + words.length]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // A code and its own words overlap: keep the outermost.
  const merged = [];
  for (const m of found) {
    const last = merged[merged.length - 1];
    if (last && m[0] < last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([...m]);
  }
  return merged;
}

// `text` as nodes, with the matched places in <mark>.
function highlighted(text, places, offset = 0) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [s, e] of places) {
    const start = s - offset;
    const end = e - offset;
    if (end <= 0 || start >= text.length) continue;
    fragment.append(text.slice(at, Math.max(start, at)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(Math.max(start, at), Math.min(end, text.length));
    fragment.append(mark);
    at = Math.min(end, text.length);
  }
  fragment.append(text.slice(at));
  return fragment;
}

// The paragraph with the most different query words, cut around its first match:
// {text, places, offset (where text starts in the paragraph), before, after (cut there)}.
export function snippet(doc, terms) {
  const paragraphs = doc.text ? doc.text.split("\n") : [];
  let best = { paragraph: doc.description || paragraphs[0] || "", places: [], distinct: 0 };
  for (const paragraph of [doc.description, ...paragraphs].filter(Boolean)) {
    const places = matches(paragraph, terms, doc.codes);
    const distinct = new Set(places.map(([s, e]) => fold(paragraph.slice(s, e)))).size;
    if (distinct > best.distinct) best = { paragraph, places, distinct };
  }
  const { paragraph, places } = best;
  const first = places.length ? places[0][0] : 0;
  let start = Math.max(0, first - 60);
  if (start > 0) {
    const space = paragraph.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(paragraph.length, Math.max(start + SNIPPET_CHARS, first + 40));
  if (end < paragraph.length) {
    const space = paragraph.lastIndexOf(" ", end);
    if (space > first) end = space;
  }
  return {
    text: paragraph.slice(start, end),
    places,
    offset: start,
    before: start > 0,
    after: end < paragraph.length,
  };
}

function startPage() {
  const form = document.getElementById("search");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const labels = form.dataset;
  const index = new Index(labels.index);
  let current = 0;
  let found = [];
  let shown = 0;
  let terms = [];

  // Functions as replacements: a query holding `$&` or `{n}` is shown as typed.
  const say = (template, query, n) =>
    template
      .replace("{n}", () => n.toLocaleString(document.documentElement.lang))
      .replace("{q}", () => query);

  // The next results. "More" waits while they load, so clicks cannot overlap; if they
  // cannot be fetched, the next click asks for the same ones again.
  async function showMore() {
    const run = current;
    const next = found.slice(shown, shown + RESULTS_PER_PAGE);
    more.disabled = true;
    try {
      const docs = await Promise.all(next.map((n) => index.doc(n)));
      if (run !== current) return;
      shown += next.length;
      const items = docs.map(result);
      list.append(...items);
      more.hidden = shown >= found.length;
      return items;
    } finally {
      if (run === current) more.disabled = false;
    }
  }

  function result(doc) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = doc.url;
    link.append(highlighted(doc.title, matches(doc.title, terms, doc.codes)));
    // An article's language where it is not the page's (a Vietnamese article on an
    // English site); the interface's `untitled` label keeps the page's.
    if (doc.title_lang) link.lang = doc.title_lang;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [labels[doc.kind], doc.date, doc.section].filter(Boolean).join(" · ");
    const snip = snippet(doc, terms);
    const text = document.createElement("p");
    text.className = "snippet";
    if (doc.lang) text.lang = doc.lang;
    if (snip.before) text.append("… ");
    text.append(highlighted(snip.text, snip.places, snip.offset));
    if (snip.after) text.append(" …");
    item.append(heading, meta, text);
    return item;
  }

  async function run(query) {
    const run = ++current;
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    list.replaceChildren();
    more.hidden = true;
    terms = parseQuery(query);
    if (terms.length === 0) {
      status.textContent = "";
      return;
    }
    status.textContent = "";
    // Said only when loading takes a while: not on every keystroke.
    const loading = setTimeout(() => {
      if (run === current) status.textContent = labels.loading;
    }, 300);
    try {
      const results = await index.search(terms);
      if (run !== current) return;
      found = results;
      shown = 0;
      await showMore();
      if (run !== current) return;
      const shownQuery = query.trim();
      // Said once the results are there, for screen readers.
      status.textContent = found.length
        ? say(labels.found, shownQuery, found.length)
        : say(labels.none, shownQuery, 0);
    } catch (error) {
      if (run === current) status.textContent = labels.failed;
      console.error(error);
    } finally {
      clearTimeout(loading);
    }
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  more.addEventListener("click", async () => {
    try {
      const items = await showMore();
      // Focus goes to the first new result, not lost with the button once all are shown.
      items?.[0]?.querySelector("a").focus();
    } catch (error) {
      status.textContent = labels.failed;
      console.error(error);
    }
  });
  const query = new URL(location.href).searchParams.get("q") || "";
  input.value = query;
  if (query) run(query);
  else input.focus();
}

if (typeof document !== "undefined" && document.getElementById("search")) startPage();
