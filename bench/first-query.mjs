// What a reader's browser downloads to run a first search on a built site and show the first
// page of results, measured in headless Chromium (run by bench/compare.sh).
//
//   node bench/first-query.mjs --site OUT --index pagefind|zola [--bundle pagefind]
//        [--content CORPUS/content] [--timeout SECONDS] --query ja:解約 --query en:churn
//
// The site is served by a plain static server in this process: no compression (like a static
// host without gzip or brotli), no caching headers. Each query starts in a new browser
// context (empty cache) on an empty page of the query's language served by this script, which
// is not counted, so the figure is the search alone: the search program, the parts of the index
// it reads, and the first five results' data. Bytes are counted at the server, as the response
// bodies it sent; the page's PerformanceResourceTiming is not used because a module imported
// by another module or a fetch from a worker can be missing from it.
//
// Prints one line per query, tab-separated: language, word, documents of that language whose
// source holds the word (with --content), results ("failed" when the search threw or took
// longer than --timeout, 300 s by default), requests, bytes. Every request goes to stderr with
// its size. Exits with 1 when a search failed or found nothing.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { query: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (value === undefined) throw new Error(`${process.argv[i]} needs a value`);
  if (key === 'query') args.query.push(value);
  else args[key] = value;
}
if (!args.site || !['pagefind', 'zola'].includes(args.index) || args.query.length === 0) {
  console.error('usage: first-query.mjs --site OUT --index pagefind|zola [--bundle DIR] [--content DIR] --query LANG:WORD...');
  process.exit(2);
}
const site = path.resolve(args.site);
const bundle = args.bundle ?? 'pagefind';
const TIMEOUT_S = Number(args.timeout ?? 300);
// Zola's documentation sends the readers of a site in another language than English to
// lunr-languages for the browser side of the index; these are the files its README has a page
// load for Japanese, served from the site as its owner would.
const lunrDir = path.join(here, 'node_modules', 'lunr-languages');
const lunrFiles = { 'lunr.stemmer.support.js': 'min/lunr.stemmer.support.min.js', 'tinyseg.js': 'tinyseg.js', 'lunr.ja.js': 'min/lunr.ja.min.js' };

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.css': 'text/css', '.wasm': 'application/wasm' };
let requests = [];
let inFlight = 0;
let lastActivity = Date.now();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/__first-query__/blank.html') {
    const lang = (url.searchParams.get('lang') ?? 'en').replace(/[^a-z-]/g, '');
    res.writeHead(200, { 'Content-Type': types['.html'] });
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>first query</title></head><body></body></html>`);
    return;
  }
  let file;
  if (url.pathname.startsWith('/__first-query__/lunr/')) {
    const name = lunrFiles[path.basename(url.pathname)];
    file = name && path.join(lunrDir, name);
  } else {
    file = path.join(site, decodeURIComponent(url.pathname));
    if (!file.startsWith(site)) file = undefined;
    else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  }
  inFlight++;
  lastActivity = Date.now();
  const done = (status, bytes) => {
    requests.push({ path: url.pathname, status, bytes });
    inFlight--;
    lastActivity = Date.now();
  };
  if (!file || !fs.existsSync(file)) {
    const body = 'not found\n';
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(body, () => done(404, Buffer.byteLength(body)));
    return;
  }
  // Streamed, as a large elasticlunr index can be hundreds of MB; what was read is what was sent.
  let sent = 0;
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': fs.statSync(file).size, 'Cache-Control': 'no-store' });
  res.on('close', () => done(200, sent));
  fs.createReadStream(file).on('data', (chunk) => { sent += chunk.length; }).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// Documents in the corpus of the query's language whose markdown holds the word: a check that
// the word was not picked from thin air, and the number of results to expect at most.
function documentsWith(lang, word) {
  if (!args.content) return '';
  let n = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.md') && entry.name.endsWith('.en.md') === (lang === 'en')) {
        const text = fs.readFileSync(p, 'utf8');
        if (lang === 'en' ? new RegExp(`\\b${word}\\b`, 'i').test(text) : text.includes(word)) n++;
      }
    }
  };
  walk(path.resolve(args.content));
  return String(n);
}

async function searchPagefind(page, word) {
  return page.evaluate(async ({ bundle, word }) => {
    const pf = await import(`/${bundle}/pagefind.js`);
    const r = await pf.search(word);
    const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    return { results: r.results.length, titles: data.map((d) => d.meta.title) };
  }, { bundle, word });
}

// As Zola's own documentation site does: load the index, search title and body with AND.
async function searchZola(page, lang, word) {
  return page.evaluate(async ({ lang, word }) => {
    const load = (src) => new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(s);
    });
    await load('/elasticlunr.min.js');
    if (lang !== 'en') {
      // lunr-languages was written for lunr, which elasticlunr forked: it needs lunr's name, and
      // one function elasticlunr does not have (lunr.ja.js builds its stop-word filter with it).
      window.lunr = window.elasticlunr;
      window.lunr.generateStopWordFilter ??= (words) => {
        const stop = new Set(words);
        return (token) => (stop.has(token) ? undefined : token);
      };
      for (const f of ['lunr.stemmer.support.js', 'tinyseg.js', `lunr.${lang}.js`]) await load(`/__first-query__/lunr/${f}`);
    }
    await load(`/search_index.${lang}.js`);
    const index = window.elasticlunr.Index.load(window.searchIndex);
    const r = index.search(word, { bool: 'AND', fields: { title: { boost: 2 }, body: { boost: 1 } } });
    const docs = r.slice(0, 5).map((x) => index.documentStore.getDoc(x.ref));
    return { results: r.length, titles: docs.map((d) => d && d.title) };
  }, { lang, word });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  for (const q of args.query) {
    const [lang, word] = [q.slice(0, q.indexOf(':')), q.slice(q.indexOf(':') + 1)];
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`  ${q}: error on the page: ${e.message}`));
    await page.goto(`${origin}/__first-query__/blank.html?lang=${lang}`);
    requests = [];
    // A search that fails or never ends (a browser cannot parse a JavaScript index of every size)
    // still has its bytes counted, and makes the script fail.
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no results after ${TIMEOUT_S} s`)), TIMEOUT_S * 1000); });
    const found = await Promise.race([args.index === 'pagefind' ? searchPagefind(page, word) : searchZola(page, lang, word), timeout])
      .catch((e) => ({ results: 'failed', titles: [], error: e.message.split('\n')[0] }))
      .finally(() => clearTimeout(timer));
    // Whatever the search started and did not wait for is counted too.
    const settled = async (limit) => {
      const end = Date.now() + limit;
      while ((inFlight > 0 || Date.now() - lastActivity < 500) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    };
    if (!found.error) await settled(60_000);
    await context.close();
    await settled(10_000);
    const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
    for (const r of requests) console.error(`  ${lang} ${word}: ${r.status} ${r.bytes} ${r.path}`);
    console.error(`  ${lang} ${word}: first results ${JSON.stringify(found.titles)}`);
    if (found.error) console.error(`  ${lang} ${word}: the search failed: ${found.error}`);
    if (found.results === 0 || found.error) failed = true;
    console.log([lang, word, documentsWith(lang, word), found.results, requests.length, bytes].join('\t'));
  }
} finally {
  await browser.close();
  server.close();
}
if (failed) {
  console.error('error: a query failed or found nothing');
  process.exit(1);
}
