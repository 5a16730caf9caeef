// The feedback scripts in headless Chromium: the NPS page with a score in each band, the
// "Was this helpful?" widget, and both without JavaScript; axe-core on each state.
//
//   node tests/browser/feedback.mjs <hub-url> <endpoint-url>
//
// Run by `cargo test --test feedback_browser`, which starts the endpoint and then checks
// what each request carried. Each step here waits until its request has arrived, so the
// endpoint sees them in this order.

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const [hubUrl, endpoint] = process.argv.slice(2);
if (!endpoint) {
  console.error('usage: node feedback.mjs <hub-url> <endpoint-url>');
  process.exit(2);
}
setTimeout(() => {
  console.error('the feedback suite did not finish within 3 minutes');
  process.exit(1);
}, 180_000).unref();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PROFILE = { company_size: ['smb'], industry: ['製造業'] };
const hub = (p) => new URL(p, hubUrl).href;
const requestsUrl = new URL('/requests', endpoint).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const problems = [];

async function context(javaScriptEnabled = true) {
  const ctx = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled });
  ctx.setDefaultTimeout(15_000);
  // A cookie the endpoint's host has set: the scripts must not send it.
  await ctx.addCookies([{ name: 'tracker', value: 'x', url: endpoint }]);
  if (javaScriptEnabled) {
    await ctx.addInitScript((profile) => {
      if (location.protocol === 'http:') localStorage.setItem('journeyhub:profile', JSON.stringify(profile));
    }, PROFILE);
  }
  ctx.on('page', (page) => {
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`${page.url()}: ${m.text()}`));
  });
  return ctx;
}

async function received() {
  return (await (await fetch(requestsUrl)).json()).length;
}

/** Runs `act`, then waits until the endpoint has one request more. */
async function expectRequest(what, act) {
  const before = await received();
  await act();
  const until = Date.now() + 10_000;
  while ((await received()) <= before) {
    assert.ok(Date.now() < until, `${what}: no request reached the endpoint`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${what}`);
}

const visibleBands = (page) =>
  page.locator('[data-nps-band]').evaluateAll((els) => els.filter((e) => !e.hidden).map((e) => e.dataset.npsBand));
const visibleLinks = (page, band) =>
  page.locator(`[data-nps-band=${band}] a`).evaluateAll((els) =>
    els.filter((a) => a.offsetParent !== null).map((a) => new URL(a.href).pathname + (new URL(a.href).host.startsWith('127.') ? '' : `@${new URL(a.href).host}`)),
  );

const ctx = await context();
const BANDS = [
  { score: 10, stage: 'advocacy', band: 'promoter', links: ['/referral/', '/acme-flow@reviews.example.com'] },
  { score: 8, stage: 'expansion', band: 'passive', links: ['/stages/expansion/'] },
  { score: 3, stage: 'onboarding', band: 'detractor', links: ['/@support.example.com'] },
];
for (const b of BANDS) {
  const page = await ctx.newPage();
  await expectRequest(`score ${b.score}`, () => page.goto(hub(`nps/?score=${b.score}&stage=${b.stage}`)));
  assert.deepEqual(await visibleBands(page), [b.band], `score ${b.score} shows its band only`);
  assert.deepEqual(await visibleLinks(page, b.band), b.links, `score ${b.score} leads on`);
  assert.match(await page.locator('[data-nps-score]').innerText(), new RegExp(`${b.score}`));
  assert.equal(await page.locator('[data-nps-form]').isVisible(), false, 'the score is sent: no form');
  await axe(page, `nps ${b.band}`);
  await page.close();
}

// English, with the segment given by the link of the survey email.
{
  const page = await ctx.newPage();
  await expectRequest('en score 9', () => page.goto(hub('en/nps/?score=9&segment=industry:%E5%B0%8F%E5%A3%B2')));
  assert.deepEqual(await visibleBands(page), ['promoter']);
  assert.deepEqual(await visibleLinks(page, 'promoter'), ['/en/referral/', '/acme-flow@reviews.example.com']);
  assert.match(await page.locator('[data-nps-score]').innerText(), /Your score: 9/);
  await page.close();
}

// Without a score: every band and the form; sending the form shows the band of the score.
{
  const page = await ctx.newPage();
  await page.goto(hub('nps/?score=eleven'));
  assert.deepEqual(await visibleBands(page), ['promoter', 'passive', 'detractor']);
  await axe(page, 'nps without a score');
  await page.getByLabel('6', { exact: true }).check();
  await expectRequest('the form with JavaScript', () => page.locator('[data-nps-form] button[type=submit]').click());
  assert.deepEqual(await visibleBands(page), ['detractor']);
  await page.close();
}

// "Was this helpful?"
for (const w of [
  { path: 'playbooks/kickoff/', answer: 'いいえ', comment: '手順3の画面がわかりにくかった' },
  { path: 'case-studies/mitsuru-seiki/', answer: 'はい', comment: '' },
]) {
  const page = await ctx.newPage();
  await page.goto(hub(w.path));
  const form = page.locator('form[data-helpful]');
  await form.scrollIntoViewIfNeeded();
  await axe(page, `${w.path} with the widget`);
  await form.getByLabel(w.answer, { exact: true }).check();
  if (w.comment) await form.locator('textarea[name=comment]').fill(w.comment);
  await expectRequest(`helpful on ${w.path}`, () => form.locator('button[type=submit]').click());
  await page.locator('[data-helpful-status]').filter({ hasText: /ありがとう/ }).waitFor();
  assert.equal(await form.locator('fieldset').isVisible(), false, 'the question gives way to thanks');
  assert.equal(new URL(page.url()).pathname, `/${w.path}`, 'the reader stays on the page');
  await axe(page, `${w.path} after answering`);
  await page.close();
}
await ctx.close();

// Without JavaScript: every band's links, and a plain form that posts the score.
{
  const nojs = await context(false);
  const page = await nojs.newPage();
  await page.goto(hub('nps/?score=3'));
  for (const band of ['promoter', 'passive', 'detractor']) {
    assert.ok(await page.locator(`[data-nps-band=${band}]`).isVisible(), `${band} is shown without JavaScript`);
  }
  assert.equal(await page.locator('[data-nps-band=passive] a').count(), 5, 'a link to every stage');
  // (axe-core is itself a script: the page's markup is checked with JavaScript above.)
  await page.getByLabel('3', { exact: true }).check();
  await expectRequest('the form without JavaScript', () => page.locator('[data-nps-form] button[type=submit]').click());
  await nojs.close();
}

await browser.close();
assert.deepEqual(problems, [], 'no script error on any page');
console.log('feedback suite: all passed');
