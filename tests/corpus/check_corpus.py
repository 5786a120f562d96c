#!/usr/bin/env python3
"""Checks tests/corpus: every .txt is UTF-8, every .toml parses and its strings are
substrings of the .txt (debris: whole lines), and the outlets excluded from the corpus
are absent. Run: python3 tests/corpus/check_corpus.py"""
import pathlib, sys, tomllib
from urllib.parse import urlparse

HERE = pathlib.Path(__file__).resolve().parent
EXCLUDED = """cand.com.vn vinhphuc.gov.vn vietnamnet.vn vnexpress.net hatinh24h.com.vn baomoi.com
baomoi.net.vn tienphong.vn dcs.vn tapchicongsan.org.vn baolangson.vn baoquangbinh.vn nhandan.vn
nhandan.com.vn vdb.gov.vn congly.vn baobaclieu.vn vietnamplus.vn plo.vn thanhnien.vn
daibieunhandan.vn sggp.org.vn langson.gov.vn danvan.vn tuyenquangtv.vn huyendamha.vn baonghean.vn
vksdanang.gov.vn baothaibinh.com.vn baodautu.vn hiephoanet.vn bacgiang.gov.vn vnu.edu.vn
vovworld.vn mattran.org.vn congdoandaukhi.vn bdu.edu.vn baovinhlong.com.vn""".split()
KEYS = {"url": str, "outlet": str, "truncated": bool, "title": str, "date": str, "source": str,
        "authors": list, "captions": list, "debris": list, "sentences": list, "kinds": list}

errors = []
def err(f, m): errors.append(f"{f}: {m}")

tomls = sorted(HERE.glob("*.toml"))
outlets = set()
for t in tomls:
    txt = t.with_suffix(".txt")
    if not txt.exists():
        err(t.name, "no .txt"); continue
    try:
        text = txt.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        err(txt.name, f"not UTF-8: {e}"); continue
    try:
        d = tomllib.loads(t.read_text("utf-8"))
    except tomllib.TOMLDecodeError as e:
        err(t.name, f"TOML: {e}"); continue
    for k, ty in KEYS.items():
        if not isinstance(d.get(k), ty): err(t.name, f"{k} missing or not {ty.__name__}")
    extra = set(d) - set(KEYS) - {"notes"}
    if extra: err(t.name, f"unknown keys {extra}")
    host = urlparse(d.get("url", "")).hostname or ""
    h = host[4:] if host.startswith("www.") else host
    if h != d.get("outlet"): err(t.name, f"outlet {d.get('outlet')!r} is not the url's host {h!r}")
    outlets.add(d.get("outlet"))
    if any(h == x or h.endswith("." + x) for x in EXCLUDED): err(t.name, f"excluded site {h}")
    lines = set(text.splitlines())
    if d.get("title") and d["title"] not in text: err(t.name, f"title not in text")
    for k in ("captions", "sentences", "authors"):
        for s in d.get(k, []):
            if not s or s not in text: err(t.name, f"{k} not in text: {s[:60]!r}")
    if d.get("source") and d["source"] not in text: err(t.name, "source not in text")
    for s in d.get("debris", []):
        if s not in lines: err(t.name, f"debris not a whole line: {s[:60]!r}")
    for s in d.get("sentences", []):
        for c in d.get("captions", []):
            if s in c: err(t.name, f"sentence inside a caption: {s[:40]!r}")
    if len(d.get("sentences", [])) < 3: err(t.name, "fewer than 3 sentences")
    if d.get("truncated"):
        last = text.rstrip().splitlines()[-1] if text.strip() else ""
        for s in d.get("sentences", []):
            if last.rstrip().endswith(s.rstrip()): err(t.name, f"sentence is the cut end: {s[:40]!r}")
    dt = d.get("date", "")
    import re
    if dt and not re.fullmatch(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d:\d\d\+07:00)?)?)?", dt):
        err(t.name, f"date form {dt!r}")
for x in HERE.glob("*.txt"):
    if not x.with_suffix(".toml").exists(): err(x.name, "no .toml")
print(f"{len(tomls)} articles, {len(outlets)} outlets")
for e in errors: print("ERROR", e)
sys.exit(1 if errors else 0)
