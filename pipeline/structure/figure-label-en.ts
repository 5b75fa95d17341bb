/**
 * What an English key figure measures: a contiguous span of its clause, from the words that say what
 * it is to the noun phrase after it, numbers and all (USPS’s total expenses increased by about 10
 * percent from about $82.4 billion in fiscal year 2020). A figure in brackets is read with the words
 * before the bracket (the Arab States (0.9 million)) or, inside a longer bracket, with that bracket.
 * @module
 */
import { stripLead } from "./compress.js";
import type { FigureMeaning } from "./figure-meaning.js";
import { bareWhen, contentOf, EN_WHEN, earlierWhen, findValue } from "./figure-when.js";
import type { KeyFigure } from "./model.js";

/** The most words kept before a figure; a longer lead keeps its last words. */
const LEAD_WORDS = 16;
/** Words a label never opens with. */
const OPENER =
  /^(?:[•·▪●◦*–-]\s*|(?:and|or|but|with|of|to|for|which|that|while|as|by|from|than|in|on|at|so|then|also)(?:\s+|\s*[•·▪●◦]\s*))/i;
/** Words a noun phrase after a figure stops before (…$4.5 billion to transmission projects that …). */
const STOP =
  /^(?:that|which|who|whom|whose|is|are|was|were|be|been|will|would|could|should|may|might|can|has|have|had|and|or|but|by|from|since|as|than|this|last|per|in|on|at|with|while|because|after|before|over|under|compared|according|including|to|for|of|during|between|through|across|into|about|up|down|out|if|when|where|due|owing|prior|respect|relation|part|addition)$/i;
/** A preposition that may open the phrase after a figure ($4.5 billion to transmission projects). */
const FIRST = /^(?:of|in|for|on|per|to)$/i;
/** The second end of a range (between $15,000 and $120,000; from 3 to 5 per cent). */
const RANGE_END =
  /^\s*(?:and|to|or|-|–)\s*(?:about\s+|around\s+)?(?:US|A)?[$€£¥]?\d[\d,.]*[¼½¾]?(?:\s?(?:trillion|billion|million|thousand|bn|mn|m|k|per\s?cent|percent|%))?/iu;
/** A time after a preposition (in fiscal year 2020, in 2024, by 2030). */
const TIME_AFTER =
  /^\s+(?:in|by|during|since|for|through)\s+(?:(?:fiscal\s+year|FY)\s?\d{2,4}|(?:19|20)\d{2}(?:[-–/]\d{2}(?!\d))?)\b/iu;
const TOKEN = /^\s+([A-Za-z][\w’'-]*|\d+(?:[.,]\d+)*(?:[-–/]\d{2,4}\b)?[¼½¾]?)/u;
/** A number in the words after a figure is another figure, unless it is a year. */
const OTHER_NUMBER = /^(?!(?:19|20)\d{2}(?:[-–/]\d{2,4})?$)\d/u;

/** Where the words that say what a figure measures start, in the text before it. */
function leadStart(before: string): number {
  let start = 0;
  // After a bracket that held figures of its own (the Americas (3.6 million) and …) or a semicolon.
  // A full stop after a lower-case word ends a sentence the splitter kept (…forced labour. the ILO said…).
  for (const m of before.matchAll(/\([^()]*\d[^()]*\)|[;:|]|\s—\s|\]|(?<=\b[a-z]{3,})\.\s/gu))
    start = (m.index ?? 0) + m[0].length;
  // A capitalised article inside the clause starts a sentence that lost its full stop (…Australians The Gillard Government…).
  const capital = /.*\S\s+(?=The\s)/su.exec(before.slice(start));
  if (capital) start += capital[0].length;
  // A conjunction before a new subject starts the figure's own statement (…in 2001-02 and the CPI is…).
  const conjunction =
    /.*\s(?:and|but|while|whereas|with|although|though)\s+(?=(?:the|a|an|its|their|this|these)\s)/isu.exec(
      before.slice(start),
    );
  if (conjunction) start += conjunction[0].length;
  const words = [...before.slice(start).matchAll(/\S+/gu)];
  if (words.length > LEAD_WORDS) start += words[words.length - LEAD_WORDS + 2]?.index ?? 0;
  return start;
}

/**
 * The words before a figure that say what it measures: a suffix of the text without its opener,
 * connective or speaker (Ms Plibersek said …), nor a note number opening a paragraph (26 USPS’s …).
 * @param before the text before the figure
 * @param rest the figure and what follows it, so that a speaker frame is judged with its statement
 */
function leadOf(before: string, rest: string): string {
  const start = leadStart(before);
  let lead = before.slice(start).trimStart();
  if (start === 0) lead = lead.replace(/^\d{1,3}\s+(?=[A-Z])/u, "");
  for (let i = 0; i < 3; i++) {
    const full = `${lead}${rest}`;
    const stripped = stripLead(full, "en");
    const cut = full.length - stripped.length;
    lead = cut > 0 && cut <= lead.length ? stripped.slice(0, lead.length - cut) : lead;
    lead = lead.replace(OPENER, "");
  }
  return lead;
}

/** How much of the text after a figure belongs to it: a range's other end and the noun phrase after it. */
function phraseLength(after: string): number {
  let end = RANGE_END.exec(after)?.[0].length ?? 0;
  let kept = end;
  for (let n = 0; n < 7; n++) {
    const time = TIME_AFTER.exec(after.slice(end));
    if (time) return end + time[0].length;
    const token = TOKEN.exec(after.slice(end));
    if (!token) break;
    const word = token[1] as string;
    if ((STOP.test(word) && !(n === 0 && FIRST.test(word))) || OTHER_NUMBER.test(word)) break;
    end += token[0].length;
    if (!STOP.test(word) && !/^(?:a|an|the)$/i.test(word)) kept = end;
  }
  return kept;
}

/** The words after a figure up to sixteen or another figure, ending at a word that is no function word. */
function predicateLength(after: string): number {
  let end = 0;
  let kept = phraseLength(after);
  for (let n = 0; n < 16; n++) {
    const token = TOKEN.exec(after.slice(end));
    if (!token || OTHER_NUMBER.test(token[1] as string)) break;
    // A conjunction after a few words starts another statement (…exploitation with the remaining 63%…).
    if (
      n >= 3 &&
      /^(?:with|while|whereas|and|but|or|although|though|because|compared|as)$/i.test(token[1] as string)
    )
      break;
    end += token[0].length;
    if (!STOP.test(token[1] as string) && !/^(?:a|an|the)$/i.test(token[1] as string))
      kept = Math.max(kept, end);
  }
  return kept;
}

/**
 * Reads what an English figure measures from its clause.
 * @param figure the figure
 * @param clause its clause, without the closing punctuation
 * @param earlier the clauses of its sentence before it
 */
export function enMeaning(
  figure: KeyFigure,
  clause: string,
  earlier: readonly string[],
): FigureMeaning | null {
  const at = findValue(clause, figure.value);
  const before = clause.slice(0, at);
  const after = clause.slice(at + figure.value.length);
  const open = before.lastIndexOf("(");
  let what: string;
  // A name before the bracket says enough (the Americas (3.6 million)); other labels need two words.
  let needed = 2;
  if (open > before.lastIndexOf(")")) {
    const close = after.indexOf(")");
    const inside = `${before.slice(open + 1)}${figure.value}${close === -1 ? after : after.slice(0, close)}`;
    // A figure opening a bracket is how much of what comes before it (the Arab States (0.9 million)).
    const lead = leadOf(before.slice(0, open), `(${inside})`).trimEnd();
    const opens = before.slice(open + 1).trim() === "";
    what = opens ? `${lead} (${inside})` : inside;
    if (opens) needed = 1;
  } else {
    const lead = leadOf(before, `${figure.value}${after}`);
    // Without words of its own before it (Ms Plibersek said $345.9 million will be directed…), the
    // figure is told by what follows it.
    // Nor by the words before it when a verb follows (400,000 people will benefit from…).
    const verb =
      phraseLength(after) === 0 &&
      /^\s+(?:will|would|is|are|was|were|has|have|had|could|should|may|can)\b/iu.test(after);
    const weak = contentOf(lead, "en") < 2 || verb;
    const length = weak ? predicateLength(after) : phraseLength(after);
    what = `${lead}${figure.value}${after.slice(0, length)}`;
  }
  what = what.trim().replace(/^[,;:.)\]|\s]+/u, "");
  if (contentOf(what.replace(figure.value, ""), "en") < needed) return null;
  const own = EN_WHEN.exec(what);
  const when = own ? bareWhen(own[0]) : earlierWhen(earlier, "en");
  return { value: figure.value, what, when, change: null };
}
