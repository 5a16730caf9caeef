// Runs a query through Pagefind's own browser search code (pagefind.js and its WebAssembly),
// against a built site on disk, the way a browser would: the files it fetches are read from
// the site folder and counted.
//
// Usage: node pagefind-query.mjs <site-dir> <lang> <query> [filters-json]
// Prints JSON: {bytes, files, count, results: [{url, title, kind, stage, excerpt}]}
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";

const [site, lang, query, filters] = process.argv.slice(2);
let bytes = 0;
const files = [];
globalThis.fetch = async (url) => {
  const u = new URL(url);
  const path = u.protocol === "file:" ? fileURLToPath(u) : site + decodeURIComponent(u.pathname);
  const data = await readFile(path);
  bytes += data.length;
  files.push(path.slice(site.length));
  return new Response(data);
};
// The page's language picks the index, as in a browser.
const html = { getAttribute: (name) => (name === "lang" ? lang : null) };
globalThis.window = globalThis;
globalThis.location = new URL("http://localhost/");
globalThis.document = {
  currentScript: null,
  documentElement: html,
  querySelector: (selector) => (selector === "html" ? html : null),
  querySelectorAll: () => [],
};
const pagefind = await import(pathToFileURL(site + "/pagefind/pagefind.js").href);
await pagefind.options({ baseUrl: "/" });
const search = await pagefind.search(query === "" ? null : query, filters ? { filters: JSON.parse(filters) } : {});
const top = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
console.log(JSON.stringify({
  bytes,
  files,
  count: search.results.length,
  results: top.map((r) => ({ url: r.url, title: r.meta.title, kind: r.meta.kind, stage: r.meta.stage || "", excerpt: r.excerpt })),
}));
