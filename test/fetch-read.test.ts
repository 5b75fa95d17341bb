/** Reading saved real pages and feeds: charsets, article extraction, metadata, furniture, feeds, listings. */
import { describe, expect, it } from "vitest";
import { extractArticle } from "../pipeline/fetch/article.js";
import { decodeHtml } from "../pipeline/fetch/decode-html.js";
import { parseFeed } from "../pipeline/fetch/feed.js";
import { isFurniture, parseFurniture } from "../pipeline/fetch/furniture.js";
import { htmlToMarkdown } from "../pipeline/fetch/html-markdown.js";
import { findArticleLinks } from "../pipeline/fetch/listing.js";
import { slugFor } from "../pipeline/fetch/slug.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { fixture } from "./fetch-server.js";

const cues = loadCues();

/** Every saved real article page, with what a reader sees on it. */
const PAGES = [
  {
    file: "brookings-article.html",
    title: "Insurers Aren’t Banks: What the Difference Means for Regulating Their Solvency",
    authors: ["Robert E. Litan"],
    date: "2014-08-12",
    site: "Brookings",
    lang: "en",
    starts: "Only a few weeks ago, there was rampant speculation",
  },
  {
    file: "gmw-article.html",
    title: "宇航员在太空中喝酒会怎么样？后果很严重",
    authors: ["春春"],
    date: "2017-03-10",
    site: "光明网",
    lang: "zh",
    starts: "翱翔于距地球数千公里的太空中",
  },
  {
    file: "people-article.html",
    title: "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
    authors: [],
    date: "2019-06-15",
    site: "人民网",
    lang: "zh",
    starts: "父亲的教诲像一盏灯",
  },
  {
    file: "govcn-resolution.html",
    title: "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议",
    authors: ["马娟"],
    date: "2007-08-20",
    site: "中国政府网",
    lang: "zh",
    starts: "（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）",
  },
  {
    file: "zjdrc-notice-gbk.html",
    title: "1-10月德清县固定资产投资结构趋稳趋优",
    authors: [],
    date: "2016-11-22",
    site: "浙江省发展和改革委员会",
    lang: "zh",
    starts: "1-10月，全县固定资产投资完成246.79亿元",
  },
];

/** Text that is page furniture, chrome or markup, and must never reach a body. */
const NEVER = [
  "责任编辑",
  "责编",
  "来源：",
  "字号",
  "打印",
  "关闭",
  "分享到",
  "发布日期",
  "浏览次数",
  "作者︱",
  "出品︱",
  "推荐阅读",
  "相关新闻",
  "点击进入",
  "min read",
  "Op-ed",
  "<script",
  "<img",
  "<iframe",
  "![",
  "](",
  "http://",
  "https://",
  "javascript",
  "document.write",
];

const cache = new Map<string, ReturnType<typeof readOnce>>();

/** Reads a saved page once per test file. */
function read(file: string) {
  let a = cache.get(file);
  if (!a) {
    a = readOnce(file);
    cache.set(file, a);
  }
  return a;
}

function readOnce(file: string) {
  const { text } = decodeHtml(fixture(file));
  const article = extractArticle(text, {
    url: `http://127.0.0.1/${file}`,
    fetchedAt: new Date("2026-01-02T03:04:05Z"),
  });
  if (!article.ok) throw new Error(`${file}: ${article.reason}`);
  return article;
}

describe("saved real pages", () => {
  it.each(PAGES)("$file: title, authors, date, site and language", (page) => {
    const a = read(page.file);
    expect(a.title).toBe(page.title);
    expect(a.authors).toEqual(page.authors);
    expect(a.date).toBe(page.date);
    expect(a.site).toBe(page.site);
    expect(a.lang).toBe(page.lang);
    expect(a.body.startsWith(page.starts)).toBe(true);
  });

  it.each(PAGES)("$file: no page furniture, scripts, images or links in the body", (page) => {
    const a = read(page.file);
    for (const word of NEVER) expect(a.body, word).not.toContain(word);
    for (const line of a.body.split("\n").filter(Boolean)) expect(isFurniture(line), line).toBe(false);
  });

  it.each(PAGES)("$file: the structure stage reads the Markdown source", (page) => {
    const a = read(page.file);
    const { model } = structureSource(a.markdown, `${page.file}.md`, "s", { cues });
    expect(model.title).toBe(page.title);
    expect(model.authors).toEqual(page.authors);
    expect(model.lang).toBe(page.lang);
    expect(model.date).toBe(page.date);
    expect(model.column).toBe(page.site);
    expect(model.origin).toBe(a.canonicalUrl);
    expect(model.sections.flatMap((s) => s.paragraphs).length).toBeGreaterThan(0);
    expect(a.markdown).toMatch(/^---\n[\s\S]*\nfetched: ["']?2026-01-02T03:04:05.000Z["']?\n---\n\n/);
  });

  it("a page full of scripts and remote images gives Markdown with nothing of them", () => {
    const html = fixture("gmw-article.html").toString("utf8");
    expect(html).toMatch(/<script[^>]*src="http/);
    expect(html).toMatch(/<img[^>]*src="http/);
    const a = read("gmw-article.html");
    expect(a.markdown).not.toMatch(/<|!\[|\]\(|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("keeps the canonical URL a page declares", () => {
    expect(read("brookings-article.html").canonicalUrl).toBe(
      "https://www.brookings.edu/articles/12-insurers-arent-banks-regulating-solvency-litan/",
    );
    expect(read("gmw-article.html").canonicalUrl).toBe("http://127.0.0.1/gmw-article.html");
  });

  it("hashes the normalized body: same text, same hash", () => {
    const a = read("gmw-article.html");
    const again = extractArticle(decodeHtml(fixture("gmw-article.html")).text, { url: "http://other/x" });
    expect(again.ok && again.contentHash).toBe(a.contentHash);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("says no article found when the page has too little text", () => {
    const r = extractArticle("<html><head><title>Home</title></head><body><p>Welcome.</p></body></html>", {
      url: "http://127.0.0.1/",
    });
    expect(r).toMatchObject({ ok: false, reason: "no article found" });
  });
});

describe("charsets", () => {
  it("decodes the GBK page by its meta charset", () => {
    const bytes = fixture("zjdrc-notice-gbk.html");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const d = decodeHtml(bytes);
    expect(d).toMatchObject({ encoding: "gb18030", source: "meta" });
    expect(d.text).toContain("1-10月德清县固定资产投资结构趋稳趋优");
    expect(d.text).not.toContain("\uFFFD");
  });

  it("prefers the Content-Type header, then a BOM", () => {
    const gbk = fixture("zjdrc-notice-gbk.html");
    expect(decodeHtml(gbk, "text/html; charset=GB2312")).toMatchObject({
      encoding: "gb18030",
      source: "header",
    });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<p>中文</p>")]);
    expect(decodeHtml(bom)).toMatchObject({ text: "<p>中文</p>", encoding: "utf-8", source: "bom" });
  });

  it("reads a page saved as UTF-8 under a stale GB2312 meta as UTF-8", () => {
    const d = decodeHtml(fixture("people-article.html"));
    expect(d.encoding).toBe("utf-8");
    expect(d.text).toContain("女儿出嫁，郑板桥画了几笔兰花当嫁妆");
  });
});

describe("feeds", () => {
  it("reads the Guardian's RSS 2.0 feed", () => {
    const feed = parseFeed(fixture("guardian.rss").toString("utf8"), "https://www.theguardian.com/us/rss");
    expect(feed.kind).toBe("rss");
    expect(feed.items.length).toBeGreaterThan(20);
    expect(feed.items[0]).toEqual({
      url: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord",
      title: "Trump State of the Union address promised unity but emphasized discord",
      published: "2018-01-31T07:26:05.000Z",
      updated: undefined,
      id: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord",
    });
  });

  it("reads heise's Atom feed, with since and maxItems", () => {
    const xml = fixture("heise.atom").toString("utf8");
    const all = parseFeed(xml, "http://www.heise.de/developer/rss/news-atom.xml");
    expect(all.kind).toBe("atom");
    expect(all.items[0]).toMatchObject({
      title: "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei",
      published: "2016-02-01T16:22:00.000Z",
      updated: "2016-02-01T16:54:50.000Z",
      id: "http://heise.de/-3088438",
    });
    const since = new Date("2016-02-01T12:00:00Z");
    const recent = parseFeed(xml, "http://www.heise.de/", { since });
    expect(recent.items.length).toBeLessThan(all.items.length);
    expect(recent.items.every((i) => Date.parse(i.published ?? "") >= since.getTime())).toBe(true);
    expect(parseFeed(xml, "http://www.heise.de/", { maxItems: 2 }).items).toHaveLength(2);
  });

  it("resolves relative links and reads RSS 1.0 (RDF)", () => {
    const rss = `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>/a.html</link></item>
      <item><title>b</title><guid>https://x.org/b</guid></item></channel></rss>`;
    expect(parseFeed(rss, "https://x.org/feeds/all.xml").items.map((i) => i.url)).toEqual([
      "https://x.org/a.html",
      "https://x.org/b",
    ]);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://y.org/news/"><title>t</title>
      <entry><title>c</title><id>c</id><link href="c.html"/><updated>2024-05-01T00:00:00Z</updated></entry></feed>`;
    expect(parseFeed(atom, "https://y.org/atom").items[0]?.url).toBe("https://y.org/news/c.html");
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>r</title></channel>
      <item><title>d</title><link>https://z.org/d</link><dc:date>2024-05-02</dc:date></item></rdf:RDF>`;
    expect(parseFeed(rdf, "https://z.org/rdf").items[0]).toMatchObject({
      url: "https://z.org/d",
      published: "2024-05-02T00:00:00.000Z",
    });
  });

  it("throws not a feed on HTML", () => {
    expect(() => parseFeed(fixture("gmw-article.html").toString("utf8"), "http://x/")).toThrow("not a feed");
  });
});

describe("listing pages", () => {
  it("finds NetEase's article links by selector: absolute, deduplicated, in order", () => {
    const html = fixture("netease-listing.html").toString("utf8");
    const links = findArticleLinks(html, "https://news.163.com/", ".news_title h3 a");
    expect(links).toHaveLength(29);
    expect(links[0]).toBe("https://news.163.com/20/0802/16/FJ1P0UTC0001899O.html");
    expect(new Set(links).size).toBe(links.length);
    const rows = findArticleLinks(html, "https://news.163.com/", ".news_article");
    expect(rows[0]).toBe(links[0]);
  });

  it("resolves relative links against <base href> and drops fragments and other schemes", () => {
    const html = `<base href="https://gov.example/notices/"><ul class="l"><li><a href="1.html#top">1</a></li>
      <li><a href="1.html">again</a></li><li><a href="javascript:void(0)">x</a></li><li><a href="/2.html">2</a></li></ul>`;
    expect(findArticleLinks(html, "https://gov.example/", ".l li")).toEqual([
      "https://gov.example/notices/1.html",
      "https://gov.example/2.html",
    ]);
  });
});

describe("page furniture", () => {
  it.each([
    ["2017-03-10 09:58　来源：网易科学人　", { 来源: ["网易科学人"] }, "2017-03-10"],
    [
      "2017-03-10 09:58:03来源：网易科学人作者：责任编辑：肖春芳",
      { 来源: ["网易科学人"], 作者: [], 责任编辑: ["肖春芳"] },
      "2017-03-10",
    ],
    ["作者︱春春", { 作者: ["春春"] }, undefined],
    ["[责任编辑:肖春芳]", { 责任编辑: ["肖春芳"] }, undefined],
    ["(责编：汤诗瑶、丁涛)", { 责编: ["汤诗瑶、丁涛"] }, undefined],
    ["2019年06月15日08:18  来源：人民网-文化频道", { 来源: ["人民网-文化频道"] }, "2019-06-15"],
    [
      "发布日期：2016-11-22 浏览次数： 信息来源：省发改委",
      { 发布日期: ["2016-11-22"], 浏览次数: [], 信息来源: ["省发改委"] },
      undefined,
    ],
    ["【字体：大 中 小】 打印本页 关闭窗口", { 字体: ["大 中 小"] }, undefined],
    ["字号：大 中 小", { 字号: ["大 中 小"] }, undefined],
    ["分享到：", {}, undefined],
  ])("%s is furniture", (line, fields, date) => {
    const f = parseFurniture(line);
    expect(f && Object.fromEntries(f.fields)).toEqual(fields);
    expect(f?.date).toBe(date);
  });

  it.each([
    "活动时间：3月1日至5月1日，地点在市民广场。",
    "时间：2019年，我国经济继续保持稳定增长",
    "来源：国家统计局。全年经济增长5.2%，其中第三产业增长较快，拉动作用明显，为全年目标的完成奠定了基础。",
    "编辑部收到读者来信，询问打印机的问题。",
    "Only a few weeks ago, there was rampant speculation in the financial community.",
  ])("%s is text", (line) => {
    expect(parseFurniture(line)).toBeUndefined();
  });
});

describe("slugs", () => {
  it("are ASCII, stable per canonical URL and different across URLs", () => {
    const a = slugFor("https://www.brookings.edu/articles/x/");
    expect(a).toMatch(/^brookings-edu-[0-9a-f]{8}$/);
    expect(slugFor("https://www.brookings.edu/articles/x/")).toBe(a);
    expect(slugFor("https://www.brookings.edu/articles/y/")).not.toBe(a);
    expect(slugFor("http://人民网.中国/a")).toMatch(/^xn-[a-z0-9-]+-[0-9a-f]{8}$/);
  });
});

describe("HTML to Markdown", () => {
  it("keeps headings, lists and tables; drops images, scripts, styles, iframes and hidden text; links become text", () => {
    const html = `<h2>一、总体要求</h2><p>坚持<a href="https://x.org/doc">《规划纲要》</a>的部署。<img src="https://cdn.x.org/a.png" alt="示意图"></p>
      <script>alert(1)</script><style>p{}</style><iframe src="https://ads.x.org/"></iframe><p style="display:none">隐藏</p>
      <ul><li>一是扩大开放</li><li>二是深化改革</li></ul>
      <table><tr><th>指标</th><th>数值</th></tr><tr><td>增速</td><td>5.2%</td></tr></table>
      <p onclick="steal()">正文<noscript>请启用脚本</noscript>继续。</p>`;
    const md = htmlToMarkdown(html);
    expect(md).toContain("## 一、总体要求");
    expect(md).toContain("坚持《规划纲要》的部署。");
    expect(md).toMatch(/^- 一是扩大开放$/m);
    expect(md).toMatch(/^\| 指标 +\| 数值 +\|$/m);
    expect(md).toMatch(/^\| 增速 +\| 5\.2% +\|$/m);
    expect(md).toContain("正文继续。");
    for (const gone of [
      "示意图",
      "png",
      "alert",
      "p{}",
      "ads.x.org",
      "隐藏",
      "steal",
      "请启用脚本",
      "https://",
    ]) {
      expect(md).not.toContain(gone);
    }
  });
});
