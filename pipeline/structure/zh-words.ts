/**
 * Chinese words around a number, read with Intl.Segmenter: whether a word ends at a place (6.6亿人口 is
 * no 6.6亿人), the noun a measure word counts (8个东盟国家签署… → 东盟国家; never half a word, never the
 * verb after it), and the linking words between what is measured and its number (比重只有 → 比重).
 * @module
 */

import { toSimplified } from "./simplify.js";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** The words of a text, in order. */
export function zhWords(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/**
 * Whether a word ends at `offset` (the text around it is segmented; the text's ends always are ends).
 * @param text the text
 * @param offset a UTF-16 offset into it
 */
export function endsWord(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return true;
  const from = Math.max(0, offset - 12);
  const window = text.slice(from, offset + 12);
  for (const s of segmenter.segment(window)) {
    if (from + s.index === offset) return true;
    if (from + s.index > offset) return false;
  }
  return false;
}

/** Single words that never belong to a counted noun: particles, prepositions, adverbs, modal verbs. */
const FUNCTION_WORDS = new Set(
  (
    "的 地 得 了 着 过 和 与 及 或 等 在 是 为 对 向 于 从 到 至 由 把 被 将 已 也 都 均 共 又 还 并 就 才 仍 再 正 曾 能 会 " +
    "可 要 需 应 让 使 给 以 用 按 据 比 较 占 达 超 约 近 逾 各 每 中 上 下 内 外 里 后 前 间 之 其 该 此 这 那 而 且 " +
    "即 则 个 多 余 有 没有 分别 已经 正在 共同 全部 均已 相继 先后 陆续 同时 合计 共计 累计 总计 以上 以下 左右 " +
    "之一 等等 之间 其中 以及 或者 并且 而且 及其 当中 之中 以来 期间 现场 线上 线下 首次 首批 正式 集中 一起 作为 通过 经过 随着 对于 关于 目前 今年 去年 居 列 来 便 以后 之后 以前 之前"
  ).split(" "),
);

/** Verbs that follow a count (…名矿工遇难, …家企业复产, …个维度进行): a noun ends before them. */
const VERB_START = new RegExp(
  `^(?:${[
    "签署|签订|签约|参与|参加|加入|开展|实现|达到|完成|联合|印发|发布|出台|出席|召开|举办|推出|获得|荣获|获评|成为|入选",
    "通过|受到|遭受|遇难|死亡|身亡|遇害|受伤|失踪|获救|被困|伤亡|死伤|复产|复工|投产|开工|竣工|建成|落户|入驻|存储|覆盖",
    "涉及|包括|包含|共有|拥有|分布|位于|来自|获奖|组成|构成|形成|开通|上线|采用|接入|纳入|列入|认定|评为|承担|负责|带动",
    "吸引|培育|打造|新增|增加|增长|提高|提升|下降|减少|降低|超过|突破|进行|实施|推进|推动|促进|进入|申报|报名|接受",
    "收到|发现|查处|查获|整改|关停|暂停|下架|约谈|作出|做出|给予|予以|得到|取得|产生|出现|发生|存在|位列|排名|跻身|入围",
    "晋级|当选|担任|部署|设立|成立|组建|建立|挂牌|授予|登上|达成|遍布|集聚|聚集|惠及|参展|参会|亮相|展出|成交|引进|招收",
    "招聘|录取|确诊|治愈|出院|感染|接种|设定|划分|给出|详述|表示|认为|指出|强调|提出|开始|继续|保持|需要|可以|能够|应当",
    "必须|将会|有望|预计|准备|已经|正在|仍然|依然|同比|环比|分别|共计|合计|累计|总计|占比|才能|就能|才会|就会|就是|才是",
    "扩充|扩大|扩展|增至|减至|升至|降至|跃升|推举|选举|选出|评出|认为|疑似|涉嫌|获批|位居|处于|展开|入手|致力|衡量",
    "提供|使用|上榜|交付|提及|答复|压缩|制定|侧重|观察|收集|穿行|投递|进出|受损|赚钱|并非|免费|按期|各有|各具|全面",
    "主要|刚好|劝阻|上门|支持|开放|服务于|面向|针对|围绕|通过|依托|结合|利用|采取|实行|执行|落实|参照|按照|根据",
    "还是|也是|都是|也有|还有|都有|也将|还将|均为|都为|即可|具有|具备|分属|属于|分为|分成|用于|列为|视为|称为|制作|涵盖",
  ].join("|")})`,
  "u",
);
/** Aspect particles: the word before them is a verb (3个角度分析了…). */
const ASPECT = new Set(["了", "着", "过"]);

/** The most characters a counted noun may have; a longer run of words has no end we can trust. */
const NOUN_MAX = 8;

/** Characters that end a noun as a word of their own (先进级, 文件夹, 仓储库, 相关责任人). */
const NOUN_CHAR = new Set([
  ..."级性人员者家国省市县区村镇乡街厂库室所院校馆站点类项种部局处科队组团会业品物车机器船楼宇房地田林网线路",
  ..."桥港场园户口井矿煤油气水电药书报刊片卡证票费税款金钱币股债险位岗职师生士工民兵官长手型式版次批届期年月",
  ..."日天周季方面边侧角条节章段篇题案单表图集册本套件台辆架艘只头匹棵株粒颗块根张份夹箱柜包盒瓶袋桶罐亩吨米",
]);

/** Measure words of people (名, 位): their noun ends with its person word (22名相关责任人员, 3名责任人张三). */
const PEOPLE = /^[名位]$/u;
const PERSON_END = /[人员者生师士工民家手友]$/u;

/**
 * The noun a measure word counts, from the text right after it: whole words up to a function word, a
 * verb, an idiom or punctuation, and for people up to the person word; "" when the words run on with
 * no such end (the count is then number + measure).
 * @param rest the text after the measure word
 * @param measure the measure word
 */
export function countedNoun(rest: string, measure = ""): string {
  // Read in simplified characters (進行 is 进行), cut from the text as written (same length).
  const run = toSimplified(/^[\p{Script=Han}]+/u.exec(rest)?.[0] ?? "");
  if (run === "") return "";
  let noun = "";
  let at = 0;
  const words = zhWords(run);
  for (const [i, word] of words.entries()) {
    const verb = VERB_START.test(run.slice(at)) || ASPECT.has(words[i + 1] ?? "");
    // A four-character word after the noun, not ending like a noun, is an idiom (楼宇拔地而起).
    const idiom = noun !== "" && [...word].length >= 4 && !NOUN_CHAR.has([...word].pop() as string);
    if (FUNCTION_WORDS.has(word) || verb || idiom)
      return rest.slice(0, nounEnd(noun, words.slice(0, i)).length);
    // 体|量的: a particle the segmenter glued to the noun's last character ends it.
    if (/^\p{Script=Han}的$/u.test(word) && noun !== "") return rest.slice(0, noun.length + 1);
    noun += word;
    at += word.length;
    if ([...noun].length > NOUN_MAX) return "";
    if (PEOPLE.test(measure) && [...noun].length >= 2 && PERSON_END.test(word))
      return rest.slice(0, noun.length);
  }
  // The run ended at punctuation or the end of the text: a trusted end; a number or a Latin word
  // may go on with the noun (4幢上世纪80年代…).
  if (/^\s*[\p{L}\p{N}]/u.test(rest.slice(run.length))) return "";
  return rest.slice(0, nounEnd(noun, words).length);
}

/**
 * A noun whose last word is one character after a longer word ends only on a noun character
 * (用人单位现场揽 is no noun; 维|度, two one-character words, are one word the segmenter split).
 */
function nounEnd(noun: string, words: readonly string[]): string {
  const last = words[words.length - 1] ?? "";
  const previous = words[words.length - 2] ?? "";
  // One word of one character is a noun only if it is a noun character (93项减至… is no 93项减).
  if (words.length === 1 && [...last].length === 1 && !NOUN_CHAR.has(last)) return "";
  if ([...previous].length < 2 || [...last].length > 1 || NOUN_CHAR.has(last)) return noun;
  return nounEnd(noun.slice(0, noun.length - last.length), words.slice(0, -1));
}

/** Words a measure word's character makes with what follows that count nothing (如图1所示, 3位于…). */
const NOT_COUNTED = /^(?:所[示述列说以有在得需谓属]|位于|名为|名叫|处于|处理|类似|条件|个别|项下)/u;

/**
 * The rest of the word a measure word's character makes with what follows (11部门 → 门, 5个人 → 人):
 * "" when it makes none, null when that word counts nothing (所示, 位于).
 * @param measure the measure word
 * @param rest the text after it
 */
export function measureWord(measure: string, rest: string): string | null {
  if (!/^[\p{Script=Han}]/u.test(rest)) return "";
  const first = zhWords(toSimplified(`${measure}${rest.slice(0, 8)}`))[0] ?? "";
  if (first.length <= measure.length) return "";
  return NOT_COUNTED.test(first) ? null : rest.slice(0, first.length - measure.length);
}

/** Words that link what is measured to its number (规模约达, 比重只有, 销量有望突破, 已经价值). */
const LINK_WORDS = new Set(
  (
    "约达 约为 约合 约占 约 达到 达 为 是 超过 超 突破 逾 近 将近 接近 共计 共 累计 合计 总计 已有 已经 已 有 拥有 " +
    "实现 完成 提供 投入 新增 占 了 到 至 的 将 计划 预计 提出 在 只有 仅有 只 仅 才 就 也 都 均 还 又 再 " +
    "分别 分别为 分别是 有望 可望 将会 或将 可能 能够 可 会 要 已达 高达 多达 长达 只占 仅占 仅为 从 由 较 于 " +
    "保持 保持在 维持 维持在 控制在 稳定在 处于 位于 不到 不足 超出 以上 以下 左右 不 低于 高于 少于 多于 " +
    "不低于 不少于 不超过 不高于 至少 最多 最高 最低 长期 一直 始终 持续 基本 大致 大约 总共 一共 仍 仍然 依然 " +
    "仅仅 只是 足足 整整 差不多 和 与 及 或 则 共有 分为 分成 包括 包含 涵盖"
  ).split(" "),
);

/**
 * Links at the end whatever the segmenter makes of them (时长达 is read 时|长达, 百分点到 百分|点到, 占比为
 * 占|比为): comparisons, qualifiers, 的, and 为/到/至/达 after any word but 行为, 发达, 表达. The longest
 * that ends the text is dropped first (差不多达到 → 差不多, never 差不 + 多达).
 */
const LINK_ENDS = [
  /(?:的|达到|大于|小于|等于|高于|低于|多于|少于|不少于|不低于|不超过|超过|至少|差不多|将近|接近|大约|大概)\s*$/u,
  /(?:[分成作称视列认评定改变转都仅约]为|(?<!平)均为)\s*$/u,
  /(?:[高多已约可将共总]|(?<![时全身增成延])长)达\s*$/u,
  /最[高低多少](?:达|为|是|可达)?\s*$/u,
  /(?:[降增减升跌涨]|提高|提升|增长|下降|上升|增加|减少|降低|扩大|缩小)[至到]\s*$/u,
  /(?<![行发表])(?:为|到|至|达)\s*$/u,
];

function linkEnd(text: string): number {
  let at = -1;
  for (const re of LINK_ENDS) {
    const m = re.exec(text);
    if (m && (at === -1 || m.index < at)) at = m.index;
  }
  return at;
}

/**
 * Drops the linking words at the end of the words before a number, whole words only (首都拥有 → 首都,
 * never 首).
 * @param text the words before a number
 */
export function stripLinks(text: string): string {
  const end = linkEnd(text);
  if (end !== -1) return stripLinks(text.slice(0, end));
  const words = zhWords(toSimplified(text));
  while (words.length > 0) {
    const last = (words[words.length - 1] as string).trim();
    if (last === "") {
      words.pop();
      continue;
    }
    // A word made of linking characters links too (也在).
    const linking =
      [...last].length > 1 && [...last].every((c) => LINK_WORDS.has(c) || FUNCTION_WORDS.has(c));
    if (!LINK_WORDS.has(last) && !linking) break;
    words.pop();
  }
  return text.slice(0, words.join("").length);
}

/**
 * The last `max` characters of a text or fewer, starting at a word (never half a word).
 * @param text the text
 * @param max the most characters kept
 */
export function lastWords(text: string, max: number): string {
  const words = zhWords(text);
  let out = "";
  for (let i = words.length - 1; i >= 0; i--) {
    const next = `${words[i]}${out}`;
    if ([...next].length > max) break;
    out = next;
  }
  // Cut short, it does not open with a one-character word left of a longer one (…体|征监测 → 监测).
  if (out === text) return out;
  const first = zhWords(out)[0] ?? "";
  const fragment = /^\p{Script=Han}$/u.test(first) && !FUNCTION_WORDS.has(first);
  return fragment ? out.slice(first.length) : out;
}

/**
 * The first `max` characters of a text or fewer, ending at a word (never half a word).
 * @param text the text
 * @param max the most characters kept
 */
export function firstWords(text: string, max: number): string {
  let out = "";
  for (const word of zhWords(text)) {
    if ([...out].length + [...word].length > max) break;
    out += word;
  }
  return out;
}

/**
 * How much a Chinese text says: its characters outside function words (那就 says nothing).
 * @param text the text
 */
export function contentChars(text: string): number {
  let n = 0;
  for (const word of zhWords(toSimplified(text.replace(/[^\p{Script=Han}A-Za-z]/gu, "")))) {
    // A word made of function characters says nothing either (那就).
    const empty = [...word].every((c) => FUNCTION_WORDS.has(c) || LINK_WORDS.has(c));
    if (!empty && !FUNCTION_WORDS.has(word) && !LINK_WORDS.has(word)) n += [...word].length;
  }
  return n;
}
