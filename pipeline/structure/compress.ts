/**
 * Clause-level compression of a sentence into a key point: leading connectives and discourse frames
 * (此外，/会上，/某某表示，/In addition,) are dropped, a quotation with its attribution keeps the quoted
 * statement, and a sentence longer than its budget keeps its main clause, cut at a clause boundary
 * (never mid-clause, never inside quotes or brackets, never after a clause that needs its sequel).
 * @module
 */
import type { Lang } from "./cues.js";

const ZH_CONNECTIVE =
  "此外|另外|另一方面|一方面|与此同时|同时|因此|因而|所以|为此|对此|由此可见|由此|据此|基于此|可见|总之|总的来看|综上所述|综上|例如|比如|譬如|其中|然而|但是|不过|而且|并且|再者|此后|随后|首先|其次|再次|然后|最后|第[一二三四五六七八九十]+|[一二三四五六七八九十]是|在此基础上|在此背景下|在这一背景下|在这样的背景下|事实上|实际上|具体而言|具体来看|具体来说|换言之|也就是说|更重要的是|尤为重要的是|值得注意的是|值得一提的是|需要指出的是|需要注意的是|更为重要的是|当前|目前|近年来|如今|眼下|会上|会议期间|据介绍|据了解|据悉|记者了解到|报道称|这意味着|这表明|这说明|当然|诚然|由此来看|由此看来|总体来看|总体而言|总的来说|整体来看|客观地看|辩证地看|客观来看|从这个意义上说|从这个意义上讲|从某种意义上说|据调查|调查显示|数据显示|研究发现|需要明确的是|需要强调的是|必须指出的是|必须看到|应当看到|也要看到|要看到";
/** A connective or discourse frame at the very start, with its comma (or, for the clearest, without). */
const ZH_LEAD = new RegExp(
  `^(?:(?:${ZH_CONNECTIVE})[，,、：:]|(?:此外|另外|因此|因而|所以|同时|然而|但是|而且|并且|此后|随后|可见|总之|例如|比如|首先|其次|特别是|尤其是)(?=[^，,、：:])|而(?=\\d|在|从|对|随着|如果)|但(?=\\d|在|从|对|随着|如果|也|仍|却))\\s*`,
  "u",
);
/** A speaker frame: the first clause ends in a reporting verb (郑永年表示，/报告指出：). */
const ZH_SPEAKER =
  /^[^，。；：:“”‘’]{1,64}?(?:还|也|进一步|同时|再次|明确|特别)?(?:表示|认为|指出|强调|提出|介绍|说|称|坦言|直言|谈到|分析|透露|提到)[，,：:]\s*/u;
/** “Quoted statement.”Speaker verb，rest — the statement and the rest are separate points. */
const ZH_QUOTE =
  /^“([^“”]+)”[，,]?\s*([^，。；“”]{0,30}?(?:表示|认为|指出|强调|提出|说|称|介绍|坦言))?[。，,：:]?\s*(.*)$/u;

const EN_CONNECTIVE =
  "In addition|Additionally|Moreover|Furthermore|Also|However|Therefore|Thus|Hence|As a result|Consequently|Accordingly|For example|For instance|In particular|Meanwhile|Indeed|In fact|Overall|In short|In sum|In summary|Similarly|Likewise|Nevertheless|Nonetheless|Still|Finally|First|Second|Third|Fourth|Fifth|Lastly|Next|Then|On the other hand|At the same time|To that end|In this context|Specifically|Notably|Importantly|That said|In other words|Besides|Instead|Of course|By contrast|In contrast|Yet|But|And|So";
const EN_LEAD = new RegExp(
  `^(?:(?:${EN_CONNECTIVE}),\\s+|According to [^,]{1,60},\\s+|(?:But|And|Yet|Also)\\s+(?=[a-z]*[A-Za-z]))`,
  "u",
);
const EN_SAID =
  "said|says|noted|notes|argued|argues|stated|states|added|adds|explained|explains|emphasized|emphasised|stressed|warned|wrote|writes|told|announced|announces|observed|observes";
/** A noun that looks like a reporting verb after a quantifier: `Most states that…`, `The notes that…`. */
const EN_NOT_VERB =
  "(?<!\\b(?:[Mm]ost|[Mm]any|[Aa]ll|[Ss]ome|[Oo]ther|[Tt]he|[Tt]hese|[Tt]hose|[Ss]everal|[Ff]ew|[Bb]oth|[Tt]wo|[Tt]hree|\\d+)\\s)";
/** `The agency said that …`, `Most states that…` excepted. */
const EN_SPEAKER = new RegExp(`^[A-Z][^,.;:"“”]{0,60}?\\b${EN_NOT_VERB}(?:${EN_SAID})\\s+that\\s+`, "u");
/** A name (one to four capitalised words, a title first) that says what follows: `Ms Plibersek said …`. */
const EN_NAME =
  "(?:(?:The|the)\\s+)?(?:(?:Mr|Ms|Mrs|Dr|Prof|Sen|Rep|Gov)\\.?\\s+)?[A-Z][\\w’'.-]*(?:\\s+[A-Z][\\w’'.-]*){0,3}";
// Only verbs that take a statement: `The Minister announced a review` keeps its subject.
const EN_NAME_SAID = new RegExp(
  `^${EN_NAME}\\s+(?:also\\s+)?(?:said|says|added|adds|argued|argues|warned|stressed)\\s+(?=[\\w$“"])`,
  "u",
);
/** An attribution put first: `Says Kane, …`, `Explains the report, …`. */
const EN_INVERTED = new RegExp(
  `^(?:${EN_SAID.replace(/\b(\w)/gu, (c) => c.toUpperCase())})\\s+[^,]{1,60},\\s+`,
  "u",
);
/** An attribution after the statement: `…,” Ms Plibersek said.`, `…, the minister added.` */
const EN_TAIL = new RegExp(`(?:[,.]?[”"],?|,)\\s+(?:${EN_NAME}|he|she|they)\\s+(?:${EN_SAID})\\.?$`, "u");

/** Drops leading connectives and discourse frames, repeatedly (此外，郑永年还表示，…). */
export function stripLead(text: string, lang: Lang): string {
  let out = text.trim();
  for (let i = 0; i < 4; i++) {
    const before = out;
    if (lang === "en") {
      out = out.replace(EN_LEAD, "").replace(EN_SPEAKER, "").replace(EN_INVERTED, "");
      const said = EN_NAME_SAID.exec(out);
      // `Ms Plibersek said $345 million …`: the statement, when enough of it follows.
      if (said && out.slice(said[0].length).split(/\s+/u).length >= 5) out = out.slice(said[0].length);
      if (out !== before) out = out.charAt(0).toUpperCase() + out.slice(1);
    } else {
      out = out.replace(ZH_LEAD, "");
      const speaker = ZH_SPEAKER.exec(out);
      // A reporting verb that ends a first clause frames what follows; keep it when nothing follows.
      if (speaker && [...out.slice(speaker[0].length)].length >= 8) out = out.slice(speaker[0].length);
    }
    if (out === before) break;
  }
  return out;
}

/**
 * Drops an English attribution after the statement (`“…,” Ms Plibersek said.` → the statement, its
 * quotation marks too), when at least five words are left.
 * @param text the sentence
 * @param lang the language (Chinese comes back as it is)
 */
export function stripAttribution(text: string, lang: Lang): string {
  if (lang !== "en") return text;
  const m = EN_TAIL.exec(text.trim());
  if (!m || m.index === 0) return text;
  let body = text.trim().slice(0, m.index);
  if (/^[“"]/u.test(body) && !/[”"]/u.test(body.slice(1))) body = body.slice(1);
  return body.split(/\s+/u).length >= 5 ? body : text;
}

/** Whether a text opens with a connective or discourse frame (a point never should). */
export function opensWithConnective(text: string, lang: Lang): boolean {
  return stripLead(text, lang) !== text.trim();
}

/**
 * Splits a sentence that quotes someone (“…。”郑永年认为，…) into the quoted statement and the rest;
 * other sentences come back whole.
 */
export function splitQuote(sentence: string, lang: Lang): string[] {
  if (lang === "en") return [sentence];
  const m = ZH_QUOTE.exec(sentence.trim());
  if (!m) return [sentence];
  const quoted = (m[1] as string).trim();
  const rest = (m[3] as string).trim();
  // Only a full statement inside the quotes counts (a quoted phrase “链联通” does not).
  if (!/[。！？!?]$/u.test(quoted) && !(rest === "" && m[2])) return [sentence];
  return [quoted, ...(rest.length > 0 ? [rest] : [])];
}

const PAIRS: Record<string, string> = {
  "“": "”",
  "‘": "’",
  "《": "》",
  "（": "）",
  "(": ")",
  "「": "」",
  "【": "】",
};

/**
 * The clauses of a sentence, split after top-level clause punctuation (，；：, and for English `, ; :`
 * and dashes); quoted and bracketed spans are never split.
 */
export function clauses(text: string, lang: Lang): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let current = "";
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    current += c;
    if (stack.length > 0 && c === stack[stack.length - 1]) stack.pop();
    else if (PAIRS[c] && stack.length < 4) stack.push(PAIRS[c] as string);
    if (stack.length > 0) continue;
    const boundary =
      lang === "en" ? /[,;:—]/.test(c) && (chars[i + 1] === " " || c === "—") : /[，；：,;:]/u.test(c);
    if (boundary) {
      out.push(current);
      current = "";
    }
  }
  if (current !== "") out.push(current);
  return out;
}

/** Clause openers that need a following main clause (虽然…, 随着…). */
const ZH_DEPENDENT =
  /^(?:虽然|尽管|如果|假如|若|倘若|只要|只有|即使|即便|无论|不论|随着|为了|为|通过|由于|因为|对于|关于|作为|基于|根据|按照|围绕|面对|面向|针对|鉴于|不仅|不但|既|一方面|从|当|在|以|对|与|和|把|将|让|使)/u;
/** A clause ending like a frame (从外部形势看，/在基础科研能力方面，/对东盟来说，). */
const ZH_FRAME_END =
  /(?:看|来看|而言|来说|方面|之中|之下|过程中|背景下|基础上|情况下|时|后|前|中|下|上|里|内)$/u;
/** Clause openers whose construction goes on in the next clause (不仅…还…, 虽然…但…). */
const ZH_NEEDS_SEQUEL =
  /^(?:不仅|不但|既|虽然|尽管|如果|假如|若|倘若|只要|只有|即使|即便|无论|不论|一方面|为了|为使|以便|以免|针对|面对|面向|对于|关于|鉴于|随着|根据|按照)/u;
/** A clause that only opens what follows: a connective alone (同时，), a copula or colon (主要是：). */
const ZH_CONNECTIVE_ONLY = new RegExp(`^(?:${ZH_CONNECTIVE})$`, "u");
const ZH_ANNOUNCES = /(?:[：:]|(?<![求皆])是[，,]?)\s*$/u;
/** A place or aspect frame that ends the clause (这意味着在教育、住房等各方面，): its sequel says what. */
const ZH_FRAME_TAIL = /(?:在|从|对|就|于)[^，,]{1,40}(?:方面|之中|过程中|背景下|基础上|情况下|领域)$/u;
const EN_DEPENDENT =
  /^(?:although|though|while|whereas|if|unless|because|since|as|when|whenever|after|before|once|to|by|with|without|for|in|on|at|from|under|despite|given|including|such as|which|who|where|during|over|since)\b/i;
/** Words that open an elaboration after an English comma: the cut can fall before them. */
const EN_ELABORATION =
  /^(?:which|including|such as|while|whereas|although|though|as well as|particularly|especially|notably|but|with|where|when|because|since|thereby|making|leading|resulting|helping|allowing|bringing|compared|up from|down from|according to)\b/i;

const trimEnd = (s: string) => s.replace(/[，；：、,;:—\s]+$/u, "");
const length = (s: string) => [...s].length;

/** Adverbs and modals before a preposition (或可基于…, 尤其是在…). */
const ZH_ADVERBS =
  /^(?:尤其是|特别是|尤其|特别|或可|或者|可以|可|应当|应该|应|要|需要|需|将|还|也|再|并|则|更|进一步|同时|主要)+/u;
const ZH_PREPOSITION = /^(?:在|从|对|与|向|基于|通过|按照|依照|围绕|依托|借助|沿着|以|为|就|于|经由|凭借)/u;
/** A predicate after a prepositional phrase: the clause says something (在X方面要划好红线). */
const ZH_PREDICATE =
  /(?:方面|之中|中|上|下|内|时|后|里)[^，,]{2,}$|要|应|需|必须|可以|能够|将|是|有|提供|推动|促进|实现|加强|建立|形成|成为|提升|提高|构建|打造|开展|增长|下降|达到/u;

/** Whether a clause is a frame or dependent clause only (it cannot stand as the point's main clause). */
function dependent(clause: string, lang: Lang): boolean {
  const c = trimEnd(clause.trim());
  if (lang === "en") return EN_DEPENDENT.test(c);
  if (ZH_NEEDS_SEQUEL.test(c) || ZH_CONNECTIVE_ONLY.test(c) || ZH_ANNOUNCES.test(clause)) return true;
  if ((ZH_DEPENDENT.test(c) && ZH_FRAME_END.test(c)) || ZH_FRAME_TAIL.test(c)) return true;
  // 这对…, 此举为…: a pronoun before the preposition leaves the clause a frame all the same.
  const rest = c.replace(/^(?:这|此|其|它|该)(?:也|将|还|则)?/u, "").replace(ZH_ADVERBS, "");
  const m = ZH_PREPOSITION.exec(rest);
  return m !== null && !ZH_PREDICATE.test(rest.slice(m[0].length + 2));
}

/** Whether a shortened point may end after clause `k`. */
function canCutAfter(parts: readonly string[], k: number, lang: Lang): boolean {
  const clause = parts[k] as string;
  const next = (parts[k + 1] ?? "").trim();
  if (!parts.slice(0, k + 1).some((p) => !dependent(p, lang))) return false;
  if (lang === "en") return /[;:—]\s*$/.test(clause) || EN_ELABORATION.test(next);
  return !dependent(clause, lang) && !/[“‘《（(]$/u.test(clause);
}

/** Ends a shortened English point with a full stop; Chinese points carry no closing punctuation. */
function finish(text: string, lang: Lang): string {
  const t = trimEnd(text);
  return lang === "en" && /[\p{L}\p{N})”"’%]$/u.test(t) && !/[.!?][”"’)]+$/u.test(t) ? `${t}.` : t;
}

/**
 * Shortens a sentence to a point of at most `maxChars` characters: the lead is stripped, then the
 * longest run of leading clauses that fits and ends on a main clause is kept. When no such run fits,
 * the shortest acceptable one is returned (it may exceed the budget; callers decide).
 * @param text the sentence
 * @param maxChars the budget in characters
 * @param lang the language
 */
export function compress(text: string, maxChars: number, lang: Lang): string {
  let stripped = trimEnd(stripAttribution(stripLead(text, lang), lang).replace(/[。．.！!；;]+$/u, ""));
  const quoted = /^“([^“”]+)”$/u.exec(stripped);
  if (quoted) stripped = trimEnd((quoted[1] as string).replace(/[。！!]+$/u, ""));
  if (length(stripped) <= maxChars) return finish(stripped, lang);
  const parts = clauses(stripped, lang);
  let best: string | undefined;
  let shortest: string | undefined;
  let prefix = "";
  for (let k = 0; k < parts.length - 1; k++) {
    prefix += parts[k];
    const candidate = trimEnd(prefix);
    const enough = lang === "en" ? candidate.split(/\s+/).length >= 5 : length(candidate) >= 8;
    if (!enough || !canCutAfter(parts, k, lang)) continue;
    shortest ??= candidate;
    if (length(candidate) > maxChars) break;
    best = candidate;
  }
  return finish(best ?? shortest ?? stripped, lang);
}
