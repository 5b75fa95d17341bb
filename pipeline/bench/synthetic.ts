/**
 * Synthetic articles for the bench: Chinese policy articles of 2–3 printed pages (five headed
 * sections, four paragraphs each), different per index, and long sources for structure timing.
 * @module
 */

const TOPICS = ["数字贸易", "绿色金融", "区域合作", "乡村振兴", "人工智能", "新能源", "养老服务", "城市更新"];
const HEADS = ["发展背景与形势", "主要进展与成效", "面临的挑战与问题", "对策建议", "保障措施"];

function paragraph(topic: string, i: number, k: number, j: number): string {
  return (
    `${2020 + (j % 6)}年，${topic}领域第${k}方面的工作取得${(j * 3.7 + i).toFixed(1)}%的增长，规模约达${(i + j) * 12 + 100}亿元，覆盖${(j % 9) + 3}个省份。` +
    `但在体制机制、人才储备和资金保障等方面仍面临挑战，需要各方加强协同、完善制度，推动${topic}高质量发展。` +
    `专家认为，应当把握机遇，统筹发展与安全，以改革创新破解难题，形成可复制可推广的经验。`
  );
}

/**
 * One synthetic article as a Markdown source.
 * @param i its index (topic and numbers vary with it)
 * @param paragraphsPerSection paragraphs under each of the five headings (default 4)
 */
export function syntheticArticle(i: number, paragraphsPerSection = 4): string {
  const topic = TOPICS[i % TOPICS.length] as string;
  const body = HEADS.map(
    (h, k) =>
      `## ${h}\n\n${Array.from({ length: paragraphsPerSection }, (_, j) => paragraph(topic, i, k + 1, j + 1)).join("\n\n")}`,
  ).join("\n\n");
  return `---\ntitle: 关于推动${topic}高质量发展的思考（${i + 1}）\nauthors: [作者甲, 作者乙]\ncolumn: 基准测试\n---\n\n当前，${topic}正处于关键阶段，因此需要系统谋划、精准施策。\n\n${body}\n`;
}

/**
 * A source of about `bytes` UTF-8 bytes: the synthetic article's sections repeated, built linearly.
 * @param bytes the target size
 */
export function longArticle(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = syntheticArticle(i, 6).replace(/^---[\s\S]*?---\n/, "");
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return `---\ntitle: 基准测试长文\n---\n\n${parts.join("\n")}`;
}
