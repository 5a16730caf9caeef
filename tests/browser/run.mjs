// End-to-end tests of the sample hub in headless Chromium, driven by playwright-core.
//
//   node tests/browser/run.mjs <built-url> <serve-url> <serve-site-dir> <artifacts-dir>
//
// `cargo test --test browser` (tests/browser.rs) builds the sample hub at the fixed time,
// serves it and the preview server, and runs this script; see docs/browser-tests.md.
// Every page any test opens is watched for JavaScript errors and console errors.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';

const [builtUrl, serveUrl, serveSite, artifacts] = process.argv.slice(2);
if (!artifacts) {
  console.error('usage: node run.mjs <built-url> <serve-url> <serve-site-dir> <artifacts-dir>');
  process.exit(2);
}

// A hung browser must fail the run rather than hold CI until its own time-out.
const LIMIT_MINUTES = 8;
setTimeout(() => {
  console.error(`the browser suite did not finish within ${LIMIT_MINUTES} minutes`);
  process.exit(1);
}, LIMIT_MINUTES * 60_000).unref();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// One representative of every page kind of the sample hub, with the body class it must have
// (`page-<page_kind>`), so a renamed sample document fails loudly instead of testing a 404.
const PAGE_KINDS = [
  { name: 'home', path: '', kind: 'home' },
  { name: 'home-en', path: 'en/', kind: 'home' },
  { name: 'stage', path: 'stages/onboarding/', kind: 'stage' },
  { name: 'playbook', path: 'playbooks/kickoff/', kind: 'playbook' },
  { name: 'playbook-japanese-url', path: 'playbooks/ヘルススコア設計/', kind: 'playbook' },
  { name: 'playbook-en', path: 'en/playbooks/kickoff/', kind: 'playbook' },
  { name: 'playbooks', path: 'playbooks/', kind: 'playbooks' },
  { name: 'case-study', path: 'case-studies/mitsuru-seiki/', kind: 'case_study' },
  { name: 'case-studies', path: 'case-studies/', kind: 'case_studies' },
  { name: 'webinar-upcoming', path: 'webinars/renewal-planning-2027/', kind: 'webinar' },
  { name: 'webinar-on-demand', path: 'webinars/retention-usage-dashboard/', kind: 'webinar' },
  { name: 'webinars', path: 'webinars/', kind: 'webinars' },
  { name: 'page', path: 'referral/', kind: 'page' },
  { name: 'taxonomy', path: 'industry/', kind: 'taxonomy' },
  { name: 'term', path: 'industry/製造業/', kind: 'term' },
  { name: 'search', path: 'search/?q=オンボーディング', kind: 'search' },
  { name: 'search-en', path: 'en/search/?q=health+score', kind: 'search' },
  { name: 'not-found', path: '404.html', kind: 'not_found' },
  { name: 'role-path', path: 'paths/executive/', kind: 'role_path' },
  { name: 'role-path-en', path: 'en/paths/executive/', kind: 'role_path' },
  { name: 'segment', path: 'stages/onboarding/audience/executive/', kind: 'segment' },
];

// What the Pagefind index of the sample answers first (checked by hand, then pinned).
const SEARCHES = [
  { from: '', query: '解約', first: 'stages/retention/' },
  { from: '', query: 'オンボーディング', first: 'stages/onboarding/' },
  { from: 'en/', query: 'health score', first: 'en/stages/retention/' },
];

const built = (p) => new URL(p, builtUrl).href;
const pathOf = (href) => decodeURI(new URL(href).pathname);

/* ---------------- browser, pages and the console watch ---------------- */

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Playwright gives every launch a fresh, temporary user data dir.
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let consoleProblems = [];
let pagesWatched = 0;
// Requests still unanswered, reported when a test fails (a hang shows which fetch it was).
let pendingRequests = new Set();
// Closed by the runner after each test, also when the test failed half-way.
const openContexts = new Set();

/** A fresh browser context (own storage), phone or desktop. */
async function context(opts = {}) {
  const ctx = await browser.newContext({
    viewport: opts.phone ? PHONE : DESKTOP,
    isMobile: !!opts.phone,
    hasTouch: !!opts.phone,
    deviceScaleFactor: opts.phone ? 2 : 1,
    colorScheme: opts.colorScheme || 'light',
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  ctx.setDefaultTimeout(15_000);
  ctx.on('page', watch);
  openContexts.add(ctx);
  ctx.on('close', () => openContexts.delete(ctx));
  return ctx;
}

function watch(page) {
  pagesWatched++;
  page.on('request', (r) => pendingRequests.add(r));
  page.on('requestfinished', (r) => pendingRequests.delete(r));
  page.on('requestfailed', (r) => pendingRequests.delete(r));
  page.on('pageerror', (e) => consoleProblems.push(`${page.url()}: uncaught ${e.stack || e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const where = m.location()?.url ? ` (${m.location().url})` : '';
      consoleProblems.push(`${page.url()}: console.error ${m.text()}${where}`);
    }
  });
}

/** Opens a URL in a new page of `ctx`; the document must answer 200. */
async function open(ctx, url) {
  const page = await ctx.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
  return page;
}

/** Clicks a link and waits until its target has loaded. */
async function follow(page, link) {
  const href = await link.getAttribute('href');
  assert.ok(href, 'the link has an href');
  const target = new URL(href, page.url()).href;
  await Promise.all([page.waitForURL(target), link.click()]);
  return target;
}

async function bodyKind(page) {
  const cls = await page.getAttribute('body', 'class');
  return (cls || '').split(/\s+/).find((c) => c.startsWith('page-'))?.slice(5);
}

/** Waits for what scripts add after load: search results on the search page. */
async function settle(page, kind) {
  if (kind === 'search') await page.locator('.search-result').first().waitFor();
}

/** Checklist steps whose text does not sit wholly beside their box (a layout regression). */
const misplacedSteps = (page) =>
  page.locator('ol.checklist label').evaluateAll((labels) =>
    labels
      .filter((label) => {
        const box = label.querySelector('input[type="checkbox"]');
        if (!box || !box.nextSibling) return false;
        const range = document.createRange();
        range.setStartAfter(box);
        range.setEndAfter(label.lastChild);
        const edge = box.getBoundingClientRect().right;
        return [...range.getClientRects()].some((r) => r.width > 0 && r.left < edge - 0.5);
      })
      .map((label) => label.textContent.trim().slice(0, 40)),
  );

const visible = (locator) =>
  locator.evaluateAll((els) => els.filter((e) => !e.hidden && e.offsetParent !== null).length);

/* ---------------- the tests ---------------- */

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('home → stage → playbook → next step lands in the following stage', async () => {
  const ctx = await context();
  const page = await open(ctx, built(''));
  const stageLinks = page.locator('.journey-map .journey-title a');
  const stageTitles = (await stageLinks.allTextContents()).map((t) => t.trim());
  assert.ok(stageTitles.length >= 2, 'the journey map lists at least two stages');

  await follow(page, stageLinks.first());
  assert.equal(await bodyKind(page), 'stage');
  assert.equal((await page.textContent('h1')).trim(), stageTitles[0]);

  const playbook = page.locator('section[aria-labelledby="playbooks-heading"] .card-title a').first();
  await follow(page, playbook);
  assert.equal(await bodyKind(page), 'playbook');
  const ownStages = await page.locator('.meta-stages .stage-badge').allTextContents();
  assert.ok(ownStages.includes(stageTitles[0]), `the playbook belongs to ${stageTitles[0]}`);

  const next = page.locator('section.next-step');
  await next.waitFor();
  const nextLinks = next.locator('.card-title a');
  assert.ok((await nextLinks.count()) > 0, 'the next step suggests documents');
  await follow(page, nextLinks.first());
  const landedStages = await page.locator('.meta-stages .stage-badge').allTextContents();
  assert.ok(
    landedStages.includes(stageTitles[1]),
    `the next step leads into ${stageTitles[1]}, but ${page.url()} is in ${landedStages}`,
  );
});

for (const s of SEARCHES) {
  test(`search from the header for "${s.query}" puts ${s.first} first`, async () => {
    const ctx = await context();
    const page = await open(ctx, built(s.from));
    await page.fill('#site-search-q', s.query);
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('#site-search-q', 'Enter')]);
    assert.equal(pathOf(page.url()), pathOf(built(`${s.from}search/`)));
    const first = page.locator('.search-result-title a').first();
    await first.waitFor();
    assert.equal(await page.inputValue('#search-query'), s.query, 'the query is kept in the box');
    assert.equal(pathOf(new URL(await first.getAttribute('href'), page.url()).href), pathOf(built(s.first)));
    assert.match(await page.textContent('#search-status'), /\d/, 'the status says how many were found');
  });
}

test('search results show kind, stage and marked words; filters narrow them and stay in the link', async () => {
  const ctx = await context();
  const page = await open(ctx, built('search/?q=解約'));
  const results = page.locator('.search-result');
  await results.first().waitFor();
  const before = await results.count();
  assert.ok(before >= 3, `解約 finds several documents (${before})`);
  const first = results.first();
  assert.ok((await first.locator('.search-result-title a').textContent()).trim(), 'a result has a title');
  const chips = await first.locator('.search-result-meta .chip').allTextContents();
  assert.ok(chips.length >= 1 && chips.every((c) => c.trim()), `a result names its kind (and stage): ${chips}`);
  const marks = await page.locator('.search-result-excerpt mark').allTextContents();
  assert.ok(marks.some((m) => m.includes('解約')), `the excerpts mark the matched word: ${marks.slice(0, 5)}`);

  // The filters fold away on phones; on this wide window they start open.
  const fold = page.locator('[data-search-filters-box]');
  assert.ok(await fold.evaluate((d) => d.open), 'the filters are open on a wide screen');

  // Filter by kind: the first fieldset is the kind, as the script orders them.
  const kindSet = page.locator('.search-filter').first();
  assert.equal((await kindSet.locator('legend').textContent()).trim(), '種類');
  // The kind of the first result, so the filter keeps at least that one.
  const kind = chips[0];
  const kindBox = kindSet.locator(`input[type="checkbox"][value="${kind}"]`);
  await kindBox.check();
  await page.waitForURL((u) => u.searchParams.get('f.kind') === kind);
  await page.locator('[data-search-results]:not([aria-busy])').waitFor({ state: 'attached' });
  const kinds = await page.locator('.search-result .search-result-meta .chip:first-child').allTextContents();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === kind), `every result is a ${kind}: ${kinds}`);
  const byKind = await results.count();
  assert.ok(byKind < before, `the kind filter ${kind} narrows ${before} results to ${byKind}`);

  // The filtered search is a shareable link: opened fresh, it shows the same.
  const shared = page.url();
  const again = await open(ctx, shared);
  await again.locator('.search-result').first().waitFor();
  assert.equal(await again.inputValue('#search-query'), '解約');
  assert.ok(await again.locator(`.search-filter input[value="${kind}"]`).isChecked(), 'the tick is restored');
  assert.match(await again.textContent('[data-search-filters-count]'), /\(1\)/, 'the fold counts the tick');
  assert.equal(await again.locator('.search-result').count(), byKind);

  // A stage filter and a taxonomy filter narrow further or keep the list, never widen it.
  for (const legendIndex of [1, 2]) {
    const set = again.locator('.search-filter').nth(legendIndex);
    const box = set.locator('input[type="checkbox"]').first();
    const shownBefore = await again.locator('.search-result').count();
    const urlBefore = again.url();
    await box.check();
    await again.waitForURL((u) => u.href !== urlBefore);
    await again.locator('[data-search-results]:not([aria-busy])').waitFor({ state: 'attached' });
    const shown = await again.locator('.search-result').count();
    assert.ok(shown <= shownBefore, `${await set.locator('legend').textContent()} filter: ${shownBefore} → ${shown}`);
  }
});

test('on a phone the search filters fold away below the box and open on a tap', async () => {
  const ctx = await context({ phone: true });
  const page = await open(ctx, built('search/?q=解約'));
  await page.locator('.search-result').first().waitFor();
  const fold = page.locator('[data-search-filters-box]');
  assert.equal(await fold.evaluate((d) => d.open), false, 'folded on a phone');
  assert.equal(await page.locator('.search-filter').first().isVisible(), false);
  // The first result starts within the first screen.
  const top = await page.locator('.search-result').first().evaluate((r) => r.getBoundingClientRect().top);
  assert.ok(top < 844, `the first result is on the first screen (top ${Math.round(top)} px)`);
  await page.tap('[data-search-filters-box] > summary');
  assert.ok(await page.locator('.search-filter').first().isVisible(), 'a tap opens the filters');
});

test('case-study filters narrow the list, survive a reload and clear', async () => {
  const ctx = await context();
  const page = await open(ctx, built('case-studies/'));
  const items = page.locator('.library-item');
  const total = await items.count();
  assert.ok(total >= 2, 'the library lists several case studies');
  assert.equal(await visible(items), total, 'everything is shown before filtering');

  // The term with the fewest case studies, so the list must shrink.
  const boxes = page.locator('[data-facet="industry"] input[type="checkbox"]');
  assert.ok((await boxes.count()) >= 2, 'the industry filter links became checkboxes');
  const counts = await page
    .locator('[data-facet="industry"] .term-count')
    .evaluateAll((els) => els.map((e) => parseInt(e.textContent, 10)));
  const pick = counts.indexOf(Math.min(...counts));
  const box = boxes.nth(pick);
  const term = await box.inputValue();
  await box.check();

  const shown = await visible(items);
  assert.ok(shown > 0 && shown < total, `ticking ${term} shows ${shown} of ${total}`);
  assert.equal(shown, counts[pick], 'as many as the term count says');
  const facets = await items.evaluateAll((els) =>
    els.filter((e) => !e.hidden).map((e) => (e.getAttribute('data-facet-industry') || '').split(' ')),
  );
  for (const f of facets) assert.ok(f.includes(term), `a shown case study lacks ${term}: ${f}`);
  assert.ok(await page.isVisible('[data-library-status]'), 'the count of shown case studies is announced');
  assert.equal(new URL(page.url()).searchParams.get('industry'), term, 'the filter is in the address');

  await page.reload();
  assert.ok(await boxes.nth(pick).isChecked(), 'the filter is restored from the address');
  assert.equal(await visible(items), shown);

  await page.click('[data-library-clear]');
  assert.equal(await visible(items), total, 'clearing shows everything again');
});

test('checklist ticks survive a reload and show on the stage page and the journey map', async () => {
  const ctx = await context();
  const page = await open(ctx, built('playbooks/kickoff/'));
  const list = page.locator('ol.checklist[data-checklist]');
  const key = await list.getAttribute('data-checklist');
  const boxes = list.locator('input[type="checkbox"]');
  const steps = await boxes.count();
  assert.ok(steps >= 3, 'the kickoff playbook has a checklist');
  assert.deepEqual(await misplacedSteps(page), [], 'every step reads beside its box');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  assert.equal(await page.locator('.checklist-progress progress').evaluate((p) => p.value), 2);

  await page.reload();
  const ticked = await boxes.evaluateAll((els) => els.map((e) => e.checked));
  assert.deepEqual(ticked, ticked.map((_, i) => i === 0 || i === 2), 'the same two steps stay ticked');
  assert.equal(await page.locator('.checklist-progress progress').evaluate((p) => p.value), 2);

  // The stage page's card for this playbook shows its own progress.
  const stageUrl = await page.locator('.meta-stages .stage-badge').first().getAttribute('href');
  await page.goto(new URL(stageUrl, page.url()).href);
  const card = page.locator(`[data-progress-url="${key}"]`).first();
  const cardOut = card.locator('[data-progress-output]');
  await cardOut.waitFor();
  assert.equal(await cardOut.locator('progress').evaluate((p) => p.value), 2);

  // The journey map on the home page adds it up per stage.
  await page.goto(built(''));
  const stage = page.locator('.journey-stage[data-journey-progress]').filter({
    has: page.locator(`xpath=self::*[contains(@data-journey-progress, '"${key}"')]`),
  });
  assert.equal(await stage.count(), 1, 'one stage of the journey map carries this checklist');
  const stageSteps = JSON.parse(await stage.getAttribute('data-journey-progress')).reduce((n, c) => n + c.steps, 0);
  const out = stage.locator('[data-journey-progress-output]');
  await out.waitFor();
  assert.deepEqual(await out.locator('progress').evaluate((p) => [p.value, p.max]), [2, stageSteps]);
  const percent = Math.round((2 / stageSteps) * 100);
  assert.match(await out.textContent(), new RegExp(`\\b${percent}\\s*%`), 'the progress reads as a percentage');
  assert.match(await stage.getAttribute('class'), /\bhas-progress\b/);
});

test('the add-to-calendar link of an upcoming webinar downloads a valid .ics', async () => {
  const ctx = await context();
  const page = await open(ctx, built('webinars/'));
  const upcoming = page.locator('.card-webinar').filter({ has: page.locator('.status-upcoming') });
  assert.ok((await upcoming.count()) > 0, 'the sample has upcoming webinars at the fixed time');
  await follow(page, upcoming.first().locator('.card-title a'));
  const title = (await page.textContent('h1')).trim();
  const starts = await page.getAttribute('.event-facts time[datetime]', 'datetime');
  const canonical = await page.getAttribute('link[rel="canonical"]', 'href');

  const link = page.locator('a.add-to-calendar');
  const response = await ctx.request.get(new URL(await link.getAttribute('href'), page.url()).href);
  assert.match(response.headers()['content-type'], /^text\/calendar/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.ics$/);
  const bytes = await fs.readFile(await download.path());
  const text = bytes.toString('utf8');

  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'), 'it starts with BEGIN:VCALENDAR');
  assert.ok(text.endsWith('END:VCALENDAR\r\n'), 'it ends with END:VCALENDAR and CRLF');
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  for (const line of text.split('\r\n')) {
    assert.ok(Buffer.byteLength(line) <= 75, `a line longer than 75 octets: ${line}`);
  }
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const props = (name) =>
    lines.filter((l) => l.split(/[:;]/)[0] === name).map((l) => l.slice(l.indexOf(':') + 1));
  assert.deepEqual(props('BEGIN'), ['VCALENDAR', 'VEVENT']);
  assert.deepEqual(props('VERSION'), ['2.0']);
  assert.equal(props('UID').length, 1, 'one UID');
  const unescape = (v) => v.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');
  assert.equal(unescape(props('SUMMARY')[0]), title);
  assert.deepEqual(props('URL'), [canonical]);
  const [, y, mo, d, h, mi, sec] = props('DTSTART')[0].match(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/);
  assert.equal(Date.UTC(y, mo - 1, d, h, mi, sec), Date.parse(starts), 'DTSTART is the time on the page');

  // tests/browser.rs parses the file again with the icalendar crate.
  const saved = path.join(artifacts, 'downloads');
  await fs.mkdir(saved, { recursive: true });
  await fs.writeFile(path.join(saved, download.suggestedFilename()), bytes);
});

test('serve: editing a document updates the open page without a manual reload', async () => {
  const ctx = await context();
  // Record the page's event stream so the edit waits until the page is listening.
  await ctx.addInitScript(() => {
    const Native = window.EventSource;
    window.__journeyhubStreams = [];
    window.EventSource = function (...args) {
      const source = new Native(...args);
      window.__journeyhubStreams.push(source);
      return source;
    };
    window.EventSource.prototype = Native.prototype;
  });
  const page = await open(ctx, new URL('playbooks/kickoff/', serveUrl).href);
  await page.waitForFunction(
    () => window.__journeyhubStreams.length > 0 && window.__journeyhubStreams.every((s) => s.readyState === 1),
  );
  const before = (await page.textContent('h1')).trim();

  const file = path.join(serveSite, 'content/playbooks/kickoff.md');
  const source = await fs.readFile(file, 'utf8');
  const edited = `${before}（ブラウザで確認）`;
  assert.match(source, /^title: .*$/m, 'the front matter has a title line');
  // A JSON string is a valid YAML scalar, whatever the title holds.
  await fs.writeFile(file, source.replace(/^title: .*$/m, `title: ${JSON.stringify(edited)}`));

  await page.waitForFunction((t) => document.querySelector('h1')?.textContent.trim() === t, edited, {
    timeout: 30_000,
  });
  assert.equal(await page.title().then((t) => t.startsWith(edited)), true, 'the <title> follows');
});

test('keyboard only: skip link, search and the main navigation are reachable', async () => {
  const ctx = await context();
  const page = await open(ctx, built(''));
  const active = () =>
    page.evaluate(() => {
      const e = document.activeElement;
      const style = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        cls: e.className,
        href: e.getAttribute('href'),
        text: e.textContent.trim(),
        inNav: !!e.closest('.site-nav'),
        // A visible focus indicator: an outline or a ring drawn with box-shadow.
        ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
      };
    });

  await page.keyboard.press('Tab');
  let now = await active();
  assert.match(now.cls, /skip-link/, 'the first Tab lands on the skip link');
  assert.ok(now.onScreen && now.ring, 'the focused skip link is visible and outlined');
  await page.keyboard.press('Enter');
  assert.equal((await active()).id, 'main', 'Enter on the skip link moves focus to the content');

  // From the top again: Tab through the header, recording what gets focus.
  await page.goto(built(''));
  const navLinks = await page.locator('.site-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(navLinks.length >= 5, 'the main navigation has links');
  const seen = [];
  for (let i = 0; i < 40 && seen.filter((s) => s.inNav).length < navLinks.length; i++) {
    await page.keyboard.press('Tab');
    now = await active();
    assert.ok(now.ring, `focus on ${now.tag}.${now.cls} ${now.text} is not visible`);
    assert.ok(now.onScreen, `focus on ${now.tag}.${now.cls} ${now.text} is off screen`);
    seen.push(now);
  }
  assert.ok(seen.some((s) => s.id === 'site-search-q'), 'Tab reaches the search box');
  assert.deepEqual(
    seen.filter((s) => s.inNav).map((s) => s.href),
    navLinks,
    'Tab reaches every main navigation link, in order',
  );

  // Enter on a focused navigation link navigates.
  await page.goto(built(''));
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await active()).href === navLinks[0]) break;
  }
  assert.equal((await active()).href, navLinks[0]);
  await Promise.all([page.waitForURL(new URL(navLinks[0], page.url()).href), page.keyboard.press('Enter')]);
  assert.equal(await bodyKind(page), 'stage');

  // Search by keyboard alone, then open the first result with Enter.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await active()).id === 'site-search-q') break;
  }
  assert.equal((await active()).id, 'site-search-q');
  await page.keyboard.type('オンボーディング');
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.keyboard.press('Enter')]);
  const first = page.locator('.search-result-title a').first();
  await first.waitFor();
  const firstHref = await first.getAttribute('href');
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await active()).href === firstHref) break;
  }
  assert.equal((await active()).href, firstHref, 'Tab reaches the first search result');
  await Promise.all([page.waitForURL(new URL(firstHref, page.url()).href), page.keyboard.press('Enter')]);

  // A checklist step can be ticked with the keyboard.
  await page.goto(built('playbooks/kickoff/'));
  const firstBox = page.locator('ol.checklist input[type="checkbox"]').first();
  for (let i = 0; i < 80 && !(await firstBox.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await firstBox.evaluate((b) => b === document.activeElement), 'Tab reaches the checklist');
  await page.keyboard.press('Space');
  assert.ok(await firstBox.isChecked(), 'Space ticks the focused step');
});

/* ---------------- analytics and stage readiness ---------------- */

/** Serious or critical axe-core violations on the open page, one line each. */
async function axeProblems(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How much wider than the window the open page is (0 when nothing scrolls sideways). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

test('stage readiness: ticking most of a stage offers the next stage and its call to action', async () => {
  const ctx = await context({ phone: true });
  const page = await open(ctx, built('stages/retention/'));
  const offer = page.locator('.stage-readiness .readiness-offer');
  assert.equal(await offer.count(), 1, 'the retention stage page has an offer');
  assert.ok(await offer.isHidden(), 'hidden before any tick');
  const share = Number(await offer.getAttribute('data-readiness'));
  const checklists = JSON.parse(await offer.getAttribute('data-readiness-checklists'));
  const total = checklists.reduce((n, c) => n + c.steps, 0);
  assert.ok(checklists.length >= 2 && share > 0 && share <= 1);

  // Tick every step of the playbooks one by one, checking the offer after each playbook.
  let done = 0;
  for (const c of checklists) {
    await page.goto(new URL(c.url, page.url()).href);
    const boxes = page.locator(`ol.checklist[data-checklist="${c.url}"] input[type="checkbox"]`);
    assert.equal(await boxes.count(), c.steps, `${c.url} has ${c.steps} steps`);
    for (let i = 0; i < c.steps; i++) await boxes.nth(i).check();
    done += c.steps;
    await page.goto(built('stages/retention/'));
    const shown = await offer.isVisible();
    assert.equal(shown, done / total >= share, `${done} of ${total} steps ticked: offer shown is ${shown}`);
  }
  assert.ok(await offer.isVisible(), 'every step ticked: the offer shows');
  await page.reload();
  assert.ok(await offer.isVisible(), 'the offer survives a reload');
  const next = offer.locator('.readiness-next a');
  assert.equal(pathOf(new URL(await next.getAttribute('href'), page.url()).href), '/stages/expansion/');
  const cta = offer.locator('a.readiness-cta');
  assert.equal(await cta.getAttribute('data-cta-kind'), 'expansion');
  assert.ok(await cta.isVisible());
  assert.equal(await sideways(page), 0, 'the stage page with its offer does not scroll sideways at 390 px');
  assert.deepEqual(await axeProblems(page), [], 'axe-core on the stage page with its offer');

  // The journey map shows the same offer on the retention stage, and only there.
  await page.goto(built(''));
  const shownOn = await page.locator('.journey-stage').evaluateAll((stages) =>
    stages
      .filter((s) => { const o = s.querySelector('.readiness-offer'); return o && !o.hidden; })
      .map((s) => s.querySelector('.journey-title a').getAttribute('href')));
  assert.deepEqual(shownOn.map((h) => pathOf(new URL(h, page.url()).href)), ['/stages/retention/']);
  assert.equal(await sideways(page), 0, 'the home page with an offer does not scroll sideways at 390 px');
  assert.deepEqual(await axeProblems(page), [], 'axe-core on the home page with an offer');
});

test('analytics: a click on a call to action sends a Plausible event with its kind and stage', async () => {
  const measured = process.env.JOURNEYHUB_ANALYTICS_URL;
  assert.ok(measured, 'tests/browser.rs passes the analytics build in JOURNEYHUB_ANALYTICS_URL');
  const ctx = await context();
  const events = [];
  const elsewhere = [];
  // Nothing leaves the machine: any other origin is answered empty and noted. Routes run
  // last-registered first, so this one only sees what the two below do not take.
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    elsewhere.push(route.request().url());
    return route.fulfill({ status: 204, body: '' });
  });
  await ctx.route('https://forms.example.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Form</title><h1>Form</h1></html>' }));
  // A stand-in for Plausible's script, using its documented interface: a page view with the
  // script tag's `event-*` attributes as props, `plausible(name, {props})` for an event,
  // calls queued before it loaded in `plausible.q`, each sent to /api/event.
  await ctx.route('https://plausible.io/js/**', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `(function () {
        var script = document.currentScript;
        function send(name, props) {
          fetch('https://plausible.io/api/event', { method: 'POST', keepalive: true,
            body: JSON.stringify({ n: name, u: location.href, d: script.getAttribute('data-domain'), p: props || {} }) })
            .catch(function () {});
        }
        var pageProps = {};
        for (var i = 0; i < script.attributes.length; i++) {
          var a = script.attributes[i];
          if (a.name.indexOf('event-') === 0) pageProps[a.name.slice(6)] = a.value;
        }
        var queued = (window.plausible && window.plausible.q) || [];
        window.plausible = function (name, opts) { send(name, opts && opts.props); };
        send('pageview', pageProps);
        for (var q = 0; q < queued.length; q++) window.plausible.apply(null, queued[q]);
      })();`,
    }));
  await ctx.route('https://plausible.io/api/event', (route) => {
    events.push(JSON.parse(route.request().postData()));
    return route.fulfill({ status: 202, headers: { 'access-control-allow-origin': '*' }, body: 'ok' });
  });
  const waitFor = async (name) => {
    for (let i = 0; i < 100 && !events.some((e) => e.n === name); i++) await new Promise((r) => setTimeout(r, 50));
    return events.find((e) => e.n === name);
  };

  const page = await open(ctx, new URL('stages/expansion/', measured).href);
  const view = await waitFor('pageview');
  assert.ok(view, 'the page view was sent');
  assert.equal(view.d, 'hub.example.com');
  assert.deepEqual(view.p, { kind: 'stage', stage: 'expansion' });

  const link = page.locator('aside.cta a.cta-link');
  assert.equal(await link.getAttribute('data-cta-kind'), 'expansion');
  await Promise.all([page.waitForURL(/forms\.example\.com/), link.click()]);
  const click = await waitFor('CTA click');
  assert.ok(click, `the click was sent; sent: ${JSON.stringify(events)}`);
  assert.deepEqual(click.p, { kind: 'expansion', stage: 'expansion' });
  assert.deepEqual(elsewhere, [], 'no request went to another origin');
});

/* ---------------- reader profile ---------------- */

/** The page's card lists as the reader sees them: per list, each card's link, segment
    values and whether it is folded away, in DOM order; and each list's "more" toggle. */
const profileLists = (page) =>
  page.evaluate(() => {
    const lists = [...new Set([...document.querySelectorAll('.card[data-segment]')].map((c) => c.parentNode))];
    return lists.map((list) => {
      const toggle = list.nextElementSibling && list.nextElementSibling.matches('[data-profile-more]') ? list.nextElementSibling : null;
      return {
        cards: [...list.querySelectorAll(':scope > .card[data-segment]')].map((c) => ({
          url: c.querySelector('.card-title a').getAttribute('href'),
          segment: c.getAttribute('data-segment'),
          folded: c.offsetParent === null,
        })),
        toggle: toggle ? { text: toggle.textContent, expanded: toggle.getAttribute('aria-expanded') } : null,
      };
    });
  });

/** Whether a card's data-segment fits a profile: written here again from the manual
    (docs/content-model.md#profile), not taken from the theme script. */
function fits(segment, profile) {
  const values = {};
  for (const token of segment.split(/\s+/).filter(Boolean)) {
    const at = token.indexOf(':');
    (values[token.slice(0, at)] ||= []).push(decodeURIComponent(token.slice(at + 1)));
  }
  return Object.entries(profile).every(([k, terms]) => !values[k] || values[k].some((v) => terms.includes(v)));
}

/** Every list puts what fits first, folds the rest behind a toggle that counts them. */
function assertFollows(lists, profile, where) {
  let folded = 0;
  for (const list of lists) {
    const fit = list.cards.map((c) => fits(c.segment, profile));
    const firstOther = fit.indexOf(false);
    if (firstOther < 0) {
      assert.equal(list.toggle, null, `${where}: no toggle where everything fits`);
      continue;
    }
    assert.ok(fit.slice(firstOther).every((f) => !f), `${where}: fitting cards come first: ${JSON.stringify(list.cards)}`);
    const others = fit.length - firstOther;
    assert.ok(list.cards.slice(firstOther).every((c) => c.folded), `${where}: the others are folded`);
    assert.ok(list.cards.slice(0, firstOther).every((c) => !c.folded), `${where}: what fits is shown`);
    assert.ok(list.toggle, `${where}: a toggle says what is folded`);
    assert.ok(list.toggle.text.includes(String(others)), `${where}: "${list.toggle.text}" counts ${others}`);
    folded += others;
  }
  return folded;
}

/** The next read the page shows: the only visible candidate. */
const nextRead = (page) =>
  page.locator('[data-next-read] li:not([hidden]) a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

test('reader profile: the picker sets it, stage order and next read follow, a reload keeps it, clear restores', async () => {
  const ctx = await context();
  const stage = await open(ctx, built('stages/onboarding/'));
  const before = await profileLists(stage);
  const defaultFirst = before[0].cards[0].url;
  assert.ok(before.every((l) => l.toggle === null && l.cards.every((c) => !c.folded)), 'no profile: nothing folded');
  assert.equal(await stage.locator('[data-profile-bar] summary').textContent(), 'プロフィールを選ぶ');
  assert.ok(!(await stage.locator('[data-profile-status]').isVisible()), 'no "showing for" without a profile');

  // The picker: its terms are toggles now, named by their display names.
  await stage.locator('[data-profile-bar] summary').click();
  const smb = stage.locator('[data-profile-bar] button[data-profile-term="company_size:smb"]');
  assert.equal(await smb.getAttribute('aria-pressed'), 'false');
  await smb.click();
  assert.equal(await smb.getAttribute('aria-pressed'), 'true');
  const profile = { company_size: ['smb'] };
  assert.deepEqual(await stage.evaluate(() => window.journeyhub.profile()), profile);
  assert.deepEqual(JSON.parse(await stage.evaluate(() => localStorage.getItem('journeyhub:profile'))), profile);
  assert.deepEqual(await ctx.cookies(), [], 'the profile sets no cookie');
  const shown = await stage.locator('[data-profile-names]').textContent();
  assert.equal(shown, await smb.textContent(), 'the bar names the term by its display name');
  assert.ok(await stage.locator('[data-profile-status]').isVisible());
  assert.ok(await stage.locator('[data-profile-clear]').isVisible());

  const after = await profileLists(stage);
  assert.ok(assertFollows(after, profile, 'stage') > 0, 'the profile folds something on the stage page');
  assert.notEqual(after[0].cards[0].url, defaultFirst, 'the first playbook changes with the profile');
  // The toggle unfolds what does not fit, and folds it again.
  const toggle = stage.locator('[data-profile-more]').first();
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok((await profileLists(stage))[0].cards.every((c) => !c.folded), 'the toggle shows the rest');
  await toggle.click();

  // A reload keeps the order; the next read of a document follows too.
  await stage.reload();
  assertFollows(await profileLists(stage), profile, 'stage after a reload');
  assert.equal((await profileLists(stage))[0].cards[0].url, after[0].cards[0].url);
  const doc = await open(ctx, built('playbooks/in-app-guides/'));
  const candidates = await doc.locator('[data-next-read] li').evaluateAll((lis) =>
    lis.map((li) => ({ url: li.querySelector('a').getAttribute('href'), segment: li.getAttribute('data-segment') })));
  const expected = candidates.find((c) => fits(c.segment, profile));
  assert.ok(expected && expected.url !== candidates[0].url, 'the sample has a next read that changes with the profile');
  assert.deepEqual(await nextRead(doc), [expected.url]);
  await doc.reload();
  assert.deepEqual(await nextRead(doc), [expected.url], 'the next read survives a reload');

  // Clear: the default order and next read come back, on a reload too.
  await doc.locator('[data-profile-clear]').click();
  assert.deepEqual(await nextRead(doc), [candidates[0].url]);
  assert.equal(await doc.evaluate(() => localStorage.getItem('journeyhub:profile')), null);
  await stage.reload();
  const cleared = await profileLists(stage);
  assert.deepEqual(cleared.map((l) => l.cards.map((c) => c.url)), before.map((l) => l.cards.map((c) => c.url)));
  assert.ok(cleared.every((l) => l.toggle === null));
});

test('reader profile: a ?segment= link sets it on any page, and invalid storage means none', async () => {
  const ctx = await context();
  const link = built('stages/onboarding/?segment=' + encodeURIComponent('company_size:enterprise,industry:製造業'));
  const page = await open(ctx, link);
  const profile = { company_size: ['enterprise'], industry: ['製造業'] };
  assert.deepEqual(await page.evaluate(() => window.journeyhub.profile()), profile);
  assert.ok(!page.url().includes('segment='), 'the parameter is taken out of the address');
  assertFollows(await profileLists(page), profile, 'stage from a link');
  const names = await page.locator('[data-profile-names]').textContent();
  assert.ok(names.includes('製造業'), `the bar names both terms: ${names}`);
  await page.reload();
  assert.deepEqual(await page.evaluate(() => window.journeyhub.profile()), profile, 'a reload keeps it');
  // A home page link with another profile replaces it.
  const home = await open(ctx, built('?segment=audience:executive'));
  assert.deepEqual(await home.evaluate(() => window.journeyhub.profile()), { audience: ['executive'] });
  assertFollows(await profileLists(home), { audience: ['executive'] }, 'home');
  // Broken storage is no profile, and no error.
  await home.evaluate(() => localStorage.setItem('journeyhub:profile', '{not json'));
  await home.reload();
  assert.deepEqual(await home.evaluate(() => window.journeyhub.profile()), {});
  assert.ok((await profileLists(home)).every((l) => l.toggle === null));
});

/** The home page's journey map as the reader sees it: per stage, its link, each count's
    kind, plain label and number and its visible text, the "start here" link if shown, and
    the documents and segment pages the stage carries for the script. */
const journeyMap = (page) =>
  page.evaluate(() => [...document.querySelectorAll('.journey-stage')].map((s) => {
    const picks = JSON.parse(s.getAttribute('data-journey-profile'));
    const start = s.querySelector('[data-journey-start] a');
    return {
      href: s.querySelector('.journey-title a').getAttribute('href'),
      counts: [...s.querySelectorAll('[data-journey-count]')].map((li) => ({
        kind: li.getAttribute('data-journey-count'),
        label: li.querySelector('.count-label').textContent,
        num: li.querySelector('.count-num').textContent,
        shown: [...li.children].filter((c) => !c.hidden).map((c) => c.textContent).join(' '),
      })),
      start: start && start.offsetParent !== null ? start.getAttribute('href') : null,
      docs: picks.docs,
      segments: picks.segments,
    };
  }));

/** The map follows `profile`: each count says how many of its kind fit, out of how many,
    and the start link is the stage's first document (stage page order) that fits. Returns
    how many stages start elsewhere than without a profile. */
function assertMapFollows(map, profile, where) {
  let moved = 0;
  map.forEach((s, i) => {
    const fitting = s.docs.filter((d) => fits(d.segment, profile));
    assert.equal(s.start, fitting.length ? fitting[0].url : null, `${where}: stage ${i + 1} starts at the first that fits`);
    if (fitting.length && fitting[0].url !== s.docs[0].url) moved++;
    for (const c of s.counts) {
      const total = s.docs.filter((d) => d.kind === c.kind).length;
      const fit = fitting.filter((d) => d.kind === c.kind).length;
      assert.equal(c.num, String(total), `${where}: stage ${i + 1} lists ${total} ${c.kind}`);
      assert.equal(c.shown, `${c.label} ${total} 件中 ${fit} 件があなた向け`, `${where}: stage ${i + 1} ${c.kind}`);
    }
  });
  return moved;
}

test('reader profile: the home journey map counts what fits and links where to start; a reload keeps it, clear restores', async () => {
  const ctx = await context();
  const plain = await journeyMap(await open(ctx, built('')));
  assert.ok(plain.length >= 3, 'the sample map has its stages');
  for (const s of plain) {
    assert.equal(s.start, null, 'no start link without a profile');
    assert.ok(s.counts.every((c) => c.shown === `${c.label} ${c.num}`), 'the plain counts without a profile');
    assert.ok(!s.href.includes('company_size'), 'the stage link leads to the stage page');
  }

  // One term: counts and starts follow it, and each stage links to its segment page.
  const profile = { company_size: ['smb'] };
  const home = await open(ctx, built('?segment=' + encodeURIComponent('company_size:smb')));
  let map = await journeyMap(home);
  assert.ok(assertMapFollows(map, profile, 'home') > 0, 'the profile moves some stage\'s start');
  map.forEach((s, i) => assert.equal(s.href, s.segments.company_size.smb, `stage ${i + 1} links to its segment page`));
  await home.reload();
  map = await journeyMap(home);
  assertMapFollows(map, profile, 'home after a reload');
  map.forEach((s, i) => assert.equal(s.href, plain[i].href.replace(/\/$/, '/company_size/smb/'), 'after a reload'));

  // Two terms: no one segment page fits, so the stage links stay.
  const two = { company_size: ['smb'], audience: ['executive'] };
  await home.goto(built('?segment=' + encodeURIComponent('company_size:smb,audience:executive')));
  map = await journeyMap(home);
  assertMapFollows(map, two, 'home with two terms');
  assert.deepEqual(map.map((s) => s.href), plain.map((s) => s.href));

  // Clear: the map as it came, on a reload too.
  await home.locator('[data-profile-clear]').click();
  const strip = (m) => m.map(({ href, counts, start }) => ({ href, counts, start }));
  assert.deepEqual(strip(await journeyMap(home)), strip(plain));
  await home.reload();
  assert.deepEqual(strip(await journeyMap(home)), strip(plain));
});

test('reader profile: with the bar set and the picker open, axe is clean and nothing scrolls sideways at 390 px', async () => {
  await fs.mkdir(path.join(artifacts, 'mobile'), { recursive: true });
  for (const phone of [true, false]) {
    const ctx = await context({ phone });
    for (const p of ['', 'stages/onboarding/', 'playbooks/kickoff/', 'en/paths/executive/']) {
      const page = await open(ctx, built(p + '?segment=' + encodeURIComponent('company_size:mid-market,industry:IT・ソフトウェア,touch:tech,audience:cs_team')));
      await page.locator('[data-profile-bar] summary').click();
      assert.ok(await page.locator('[data-profile-status]').isVisible());
      if (phone) {
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 390, `${p}: ${wide}px wide at 390 px with the bar shown`);
        await page.screenshot({ path: path.join(artifacts, 'mobile', `profile-${p.replace(/\W+/g, '-') || 'home'}.png`), fullPage: true });
      }
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${p}: axe`);
      await page.close();
    }
  }
});

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no serious or critical violation on any page kind (${scheme})`, async () => {
    const ctx = await context({ colorScheme: scheme });
    const found = [];
    for (const k of PAGE_KINDS) {
      const page = await open(ctx, built(k.path));
      assert.equal(await bodyKind(page), k.kind, `${k.path} is a ${k.kind} page`);
      await settle(page, k.kind);
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const nodes = v.nodes;
        const lines = nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`);
        found.push(`  ${k.name} (${k.path}): ${v.impact} ${v.id}: ${v.help}\n${lines.join('\n')}`);
      }
      await page.close();
    }
    assert.equal(found.length, 0, `axe-core violations:\n${found.join('\n')}`);
  });
}

test('at 390×844 no page kind scrolls sideways (screenshots saved)', async () => {
  const ctx = await context({ phone: true });
  const dir = path.join(artifacts, 'mobile');
  await fs.mkdir(dir, { recursive: true });
  const wide = [];
  for (const k of PAGE_KINDS) {
    const page = await open(ctx, built(k.path));
    assert.equal(await bodyKind(page), k.kind, `${k.path} is a ${k.kind} page`);
    await settle(page, k.kind);
    const m = await page.evaluate((width) => {
      const offenders = [];
      for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 0.5) {
          // Only the outermost culprit: its children overflow because it does.
          if (!offenders.some((o) => o.contains(e))) offenders.push(e);
        }
      }
      return {
        innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        offenders: offenders
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`),
      };
    }, PHONE.width);
    if (m.innerWidth !== PHONE.width || m.scrollWidth > PHONE.width) {
      wide.push(`  ${k.name} (${k.path}): ${m.scrollWidth}px wide in a ${m.innerWidth}px window: ${m.offenders.join(', ')}`);
    }
    for (const step of await misplacedSteps(page)) {
      wide.push(`  ${k.name} (${k.path}): checklist step text wraps under its box: ${step}`);
    }
    await page.screenshot({ path: path.join(dir, `${k.name}.png`), fullPage: true });
    await page.close();
  }
  assert.equal(wide.length, 0, `layout problems on a phone:\n${wide.join('\n')}`);
});

/* ---------------- runner ---------------- */

let failed = 0;
const started = Date.now();
for (const t of tests) {
  const t0 = Date.now();
  consoleProblems = [];
  pendingRequests = new Set();
  let error = null;
  try {
    await t.fn();
  } catch (e) {
    error = e;
  }
  // Every test also fails when a page it opened logged an error.
  if (!error && consoleProblems.length) {
    error = new Error(`JavaScript or console errors:\n  ${consoleProblems.join('\n  ')}`);
  }
  const unanswered = [...pendingRequests].map((r) => r.url());
  for (const ctx of [...openContexts]) await ctx.close();
  const ms = Date.now() - t0;
  if (error) {
    failed++;
    console.log(`FAIL ${t.name} (${ms} ms)\n${String(error.stack || error).replace(/^/gm, '     ')}`);
    if (consoleProblems.length) console.log(`     console: ${consoleProblems.join('\n     ')}`);
    if (unanswered.length) console.log(`     requests without an answer:\n       ${unanswered.join('\n       ')}`);
  } else {
    console.log(`ok   ${t.name} (${ms} ms)`);
  }
}
await browser.close();
console.log(
  `\n${tests.length - failed} passed, ${failed} failed; ${pagesWatched} pages watched for console errors; ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.join(artifacts, 'mobile')}`,
);
process.exit(failed ? 1 : 0);
