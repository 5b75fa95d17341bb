/** OpenCC's traditional → simplified character table: "繁 简|…" pairs. */
declare module "opencc-js/dict/TSCharacters" {
  const table: string;
  export default table;
}
