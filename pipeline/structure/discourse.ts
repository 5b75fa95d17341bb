/**
 * Discourse features: what a paragraph does rather than what it is about. Every word that is not a
 * function word (modals, negations, aspect and time adverbs, connectives, pronouns, ordinals; for
 * Chinese, every character that is not a function character) becomes `X`, runs of `X` fold into one, clause punctuation becomes `|`, and the features are the sequences of
 * three or four such tokens that hold a function word: `必须X`, `仍然X在`, `should X the`,
 * `has not yet`. A measure announced on another topic, or a problem told in other words, reads the
 * same. The discourse model (classifier.json) is learned over these alone.
 * @module
 */
import type { Lang } from "./cues.js";

/**
 * Chinese function characters: grammar, not topic. They are matched one character at a time, so a
 * common word that holds one (社会, 能源, 中国) leaves a trace of itself (`X会`, `X能X`, `中X`).
 */
const ZH_FUNCTION = new Set([
  ..."的地得了着过是在有和与及或而且并也都还就才又再更最很已曾将要应须需必可能会该宜不没无未非别但却仍尚虽然因为所以于对从把被让使由向比如若则即便等之其此这那些各每我们他它你自本何么什哪怎吗呢吧到上下中内外前后第一二三四五六七八九十0%",
]);

/** English function words (and numbers, folded to 0 by normaliseText). */
const EN_FUNCTION = new Set(
  (
    "a an the this that these those it its they their them we our us you your he she his her i is are was " +
    "were be been being has have had do does did will would shall should must may might can could need " +
    "needs not no nor never yet still already but however although though while whereas because since so " +
    "therefore thus if unless then than also too and or of to in on at by for from with without into over " +
    "under about as more most less least such all each every some any many much few other another first " +
    "second third finally moreover furthermore instead only even just which who whom whose what when where " +
    "why how there here despite until whether before after cannot can't won't isn't aren't wasn't weren't " +
    "hasn't haven't hadn't doesn't don't didn't wouldn't shouldn't couldn't 0 0% $0"
  ).split(" "),
);

const EN_TOKEN = /[a-z]+(?:['’][a-z]+)*|\$?0%?|[,.;:!?]/gu;
const BREAK = "|";

/** A Chinese character's token: itself (a function character), `|` (clause punctuation), X or none. */
function zhToken(ch: string): string | undefined {
  if (ZH_FUNCTION.has(ch)) return ch;
  const c = ch.charCodeAt(0);
  if ((c >= 0x3400 && c <= 0x9fff) || (c >= 97 && c <= 122)) return "X";
  return '，。；：！？,.;:!?、（）()“”"'.includes(ch) ? BREAK : undefined;
}

function tokensOf(normal: string, lang: Lang): string[] {
  const tokens: string[] = [];
  const push = (t: string | undefined) => {
    if (t === undefined || (t === "X" && tokens[tokens.length - 1] === "X")) return;
    tokens.push(t);
  };
  if (lang === "zh") for (const ch of normal) push(zhToken(ch));
  else
    for (const [token] of normal.matchAll(EN_TOKEN)) {
      const w = token.replace(/’/gu, "'");
      push(EN_FUNCTION.has(w) ? w : /^[,.;:!?]$/u.test(w) ? BREAK : "X");
    }
  return tokens;
}

/**
 * The discourse features of a normalised text (see normaliseText), each once.
 * @param normal the text, normalised
 * @param lang the article's language
 */
export function discourseFeatures(normal: string, lang: Lang): Set<string> {
  const out = new Set<string>();
  const tokens = tokensOf(normal, lang);
  const sep = lang === "zh" ? "" : " ";
  const plain = (t: string | undefined) => t === "X" || t === BREAK;
  // Sequences of three and four tokens, with no break inside, that hold a function word.
  for (let i = 0; i + 3 <= tokens.length; i++) {
    const [a, b, c, d] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]] as string[];
    if (b === BREAK) continue;
    const bare = plain(a) && plain(b) && plain(c);
    if (!bare) out.add(`§${a}${sep}${b}${sep}${c}`);
    // An all-placeholder run is `|X|`: its four-token sequence would cross the break.
    if (d !== undefined && c !== BREAK) out.add(`§${a}${sep}${b}${sep}${c}${sep}${d}`);
  }
  return out;
}
