"""Agreement between the corpus gold and a blind second labelling of 36 training articles.

Run: python3 corpus/agreement/agree.py. Each section weighs as many paragraphs as stand under its
heading in the text (approximately: blank-line blocks), each unheaded paragraph one. "Scored like the
system" counts the second labeller's first kind as right when the gold accepts it, as `npm run eval`
counts the pipeline's kind."""
import json, os, re, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__)); CORPUS = os.path.join(HERE, "..", "articles"); IN = CORPUS; OUT = HERE
def norm(s): return re.sub(r"[\s#*]+", "", s or "")
def weights(idd, sections):
    path = next(p for p in (f"{IN}/{idd}.md", f"{IN}/{idd}.txt") if os.path.exists(p))
    blocks = [b.strip() for b in re.split(r"\n\s*\n", open(path).read()) if b.strip()]
    blocks = [l for b in blocks for l in ([b] if not b.startswith("#") else b.split("\n"))]
    heads = [norm(s["heading"]) for s in sections]
    w = [0] * len(sections); cur = 0; nxt = 1 if sections and sections[0]["heading"] is None else 0
    if nxt == 0: cur = -1
    for b in blocks[1:]:
        if nxt < len(heads) and norm(b) == heads[nxt]:
            cur = nxt; nxt += 1; continue
        if cur >= 0: w[cur] += 1
    return [max(1, x) if i < nxt else 1 for i, x in enumerate(w)]
tot = collections.Counter(); conf = collections.Counter(); per = []
for f in sorted(x for x in os.listdir(OUT) if x.endswith(".json")):
    idd = f[:-5]
    r = json.load(open(f"{OUT}/{f}")); g = json.load(open(f"{CORPUS}/{idd}.gold.json"))
    key = "sections" if g.get("sections") else "paragraphs"
    gu, ru = g[key], r[key]
    if len(gu) != len(ru): print("length differs", idd); continue
    ws = weights(idd, gu) if key == "sections" else [1] * len(gu)
    a = collections.Counter()
    for w, x, y in zip(ws, gu, ru):
        if not y["kinds"]: continue
        a["n"] += w
        a["eval"] += w * (y["kinds"][0] in x["kinds"])
        a["sym"] += w * (x["kinds"][0] in y["kinds"])
        a["either"] += w * bool(set(x["kinds"]) & set(y["kinds"]))
        a["strict"] += w * (x["kinds"][0] == y["kinds"][0])
        conf[(x["kinds"][0], y["kinds"][0])] += w
    tot += a; per.append((idd, key, a["n"], a["eval"] / max(1, a["n"])))
for p in per: print(f"  {p[0][:50]:50} {p[1]:10} {p[2]:4} {p[3]:.3f}")
n = tot["n"]
print(f"paragraphs {n}: second labeller scored like the system (its first kind among gold's) {tot['eval']/n:.3f}; "
      f"gold's first among its {tot['sym']/n:.3f}; any overlap {tot['either']/n:.3f}; same first kind {tot['strict']/n:.3f}")
ks = ["context", "achievements", "challenges", "recommendations", "other"]
print("confusion gold first × second first:"); print("  " + "".join(k[:7].rjust(9) for k in ks))
for a in ks: print(f"  {a[:7]:7}" + "".join(str(conf[(a, b)]).rjust(9) for b in ks))
