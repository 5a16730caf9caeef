/*
 * journeyhub default theme: progressive enhancement only.
 * Every page reads and works without this file. No dependencies.
 *
 *  1. Checklists (ol.checklist[data-checklist]): ticks are kept in localStorage under
 *     "journeyhub:checklist:<data-checklist>" as a JSON array of ticked step numbers,
 *     with an "N / M" progress line (aria-live) next to the list.
 *  2. Progress on cards ([data-progress-url][data-progress-steps]) and per stage
 *     ([data-stage-progress] around such cards), read from the same storage.
 *  3. Local time: <time class="local-time" datetime="…"> gets the time in the
 *     viewer's own time zone (title, plus a short note when it differs).
 *  4. Journey progress on the home page: each stage of the journey map carries its
 *     playbooks' checklists ([data-journey-progress] = JSON [{url, steps}]) and shows
 *     how many of their steps the reader has ticked.
 *  5. Case-study library ([data-library]): the facet links (which lead to taxonomy pages
 *     without JavaScript) become checkboxes that filter the list in place; any ticked term
 *     within a facet, every facet with a tick. The choice is kept in the address
 *     (?industry=…&company_size=…) so a filtered list can be shared.
 *  6. Task lists written in markdown ("- [ ] …") come out as bare disabled checkboxes;
 *     each gets its item's text as its accessible name, so screen readers say what it is.
 *  7. On a phone, the stage navigation scrolls so that the current stage is in view.
 *  8. Analytics, only when site-config has `analytics:`: the provider's queue with the
 *     page's properties, and clicks on calls to action ([data-cta-kind]) as events.
 *  9. Stage readiness ([data-readiness]): once the reader has ticked the site's share of a
 *     stage's checklist steps, the offer of the next stage is shown.
 * 10. Reader profile ([data-profile-bar]): the picker's links (segment pages without
 *     JavaScript) become toggles; the profile is kept in localStorage under
 *     "journeyhub:profile" as {"taxonomy": ["term", …]} and can be set by a
 *     ?segment=taxonomy:term,… link. Cards carry data-segment="taxonomy:term …": with a
 *     profile, each list shows the fitting cards first and folds the rest behind a
 *     "N more for other segments" toggle; [data-next-read] shows the first fitting
 *     document. The home page's journey map ([data-journey-profile]: the stage's documents
 *     and segment pages) counts what fits per stage, links the first that fits as where to
 *     start and, for a one-term profile, the stage to its segment page.
 *     window.journeyhub.profile() returns the profile.
 */
(function () {
  'use strict';

  var PREFIX = 'journeyhub:checklist:';
  var doc = document;
  var body = null;
  var lang = doc.documentElement.getAttribute('lang') || undefined;

  function text(name, fallback) {
    var v = body && body.getAttribute('data-text-' + name);
    return v || fallback;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  /* ---- storage (may be missing, disabled or full: never throw) ---- */
  var store = (function () {
    try {
      var s = window.localStorage;
      var probe = PREFIX + '__probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  })();

  function readTicks(key, max) {
    if (!store || !key) return [];
    var raw;
    try {
      raw = JSON.parse(store.getItem(PREFIX + key) || '[]');
    } catch (e) {
      return [];
    }
    if (!Array.isArray(raw)) return [];
    var seen = {};
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var n = parseInt(raw[i], 10);
      if (n > 0 && (!max || n <= max) && !seen[n]) {
        seen[n] = true;
        out.push(n);
      }
    }
    return out.sort(function (a, b) { return a - b; });
  }

  function writeTicks(key, ticks) {
    if (!store || !key) return;
    try {
      if (ticks.length) store.setItem(PREFIX + key, JSON.stringify(ticks));
      else store.removeItem(PREFIX + key);
    } catch (e) { /* quota or privacy mode: keep working without saving */ }
  }

  /* ---- 1. checklists ---- */
  var checklists = [];

  function stepOf(input, index) {
    var n = parseInt(input.getAttribute('data-step'), 10);
    return n > 0 ? n : index + 1;
  }

  function setupChecklist(list) {
    var key = list.getAttribute('data-checklist');
    var inputs = list.querySelectorAll('input[type="checkbox"]');
    if (!key || !inputs.length) return;

    var status = doc.createElement('div');
    status.className = 'checklist-progress';
    var bar = doc.createElement('progress');
    bar.max = inputs.length;
    bar.value = 0;
    bar.setAttribute('aria-hidden', 'true');
    var label = doc.createElement('span');
    label.className = 'progress-text';
    label.setAttribute('aria-live', 'polite');
    status.appendChild(bar);
    status.appendChild(label);
    list.parentNode.insertBefore(status, list);

    var item = { list: list, key: key, inputs: inputs, bar: bar, label: label };

    function update() {
      var done = 0;
      for (var i = 0; i < inputs.length; i++) {
        var li = inputs[i].closest ? inputs[i].closest('li') : null;
        if (inputs[i].checked) done++;
        if (li) li.classList.toggle('is-done', inputs[i].checked);
      }
      bar.value = done;
      label.textContent = fill(text('progress', '{done} / {total}'), { done: done, total: inputs.length });
      status.classList.toggle('is-complete', done === inputs.length);
    }

    item.restore = function () {
      var ticks = readTicks(key, 0);
      for (var i = 0; i < inputs.length; i++) {
        inputs[i].checked = ticks.indexOf(stepOf(inputs[i], i)) !== -1;
      }
      update();
    };

    list.addEventListener('change', function (ev) {
      var target = ev.target;
      if (!target || target.type !== 'checkbox') return;
      var ticks = [];
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked) ticks.push(stepOf(inputs[i], i));
      }
      writeTicks(key, ticks);
      update();
      updateProgress();
    });

    item.restore();
    checklists.push(item);
  }

  /* ---- 2. progress on cards and per stage ---- */
  function outputFor(el, attr) {
    var out = el.querySelector('[' + attr + ']');
    if (out) return out;
    out = doc.createElement('div');
    out.className = attr === 'data-stage-progress-output' ? 'stage-progress' : 'progress-output';
    out.setAttribute(attr, '');
    out.hidden = true;
    out.appendChild(doc.createElement('progress'));
    var span = doc.createElement('span');
    span.className = 'progress-text';
    out.appendChild(span);
    el.appendChild(out);
    return out;
  }

  function show(out, value, max, label) {
    var bar = out.querySelector('progress');
    var span = out.querySelector('.progress-text');
    if (bar) {
      bar.max = max;
      bar.value = value;
      bar.setAttribute('aria-hidden', 'true');
    }
    if (span) span.textContent = label;
    else out.textContent = label;
    out.hidden = false;
  }

  function cardProgress(el) {
    var steps = parseInt(el.getAttribute('data-progress-steps'), 10);
    var url = el.getAttribute('data-progress-url');
    if (!(steps > 0) || !url) return null;
    return { done: readTicks(url, steps).length, total: steps };
  }

  function updateProgress() {
    if (!store) return;
    var cards = doc.querySelectorAll('[data-progress-url][data-progress-steps]');
    for (var i = 0; i < cards.length; i++) {
      var p = cardProgress(cards[i]);
      if (!p) continue;
      var out = outputFor(cards[i], 'data-progress-output');
      if (p.done > 0) {
        show(out, p.done, p.total, fill(text('progress', '{done} / {total}'), p));
        cards[i].classList.toggle('is-complete', p.done === p.total);
      } else {
        out.hidden = true;
        cards[i].classList.remove('is-complete');
      }
    }

    var stages = doc.querySelectorAll('[data-stage-progress]');
    for (var s = 0; s < stages.length; s++) {
      var items = stages[s].querySelectorAll('[data-progress-url][data-progress-steps]');
      var done = 0;
      var total = 0;
      var seen = {};
      for (var j = 0; j < items.length; j++) {
        var key = items[j].getAttribute('data-progress-url');
        if (seen[key]) continue;
        var q = cardProgress(items[j]);
        if (!q) continue;
        seen[key] = true;
        done += q.done;
        total += q.total;
      }
      if (!total) continue;
      var percent = Math.round((done / total) * 100);
      show(outputFor(stages[s], 'data-stage-progress-output'), done, total,
        fill(text('stage-progress', '{percent}%'), { percent: percent, done: done, total: total }));
    }
    journeyProgress();
    readiness();
  }

  /* Steps ticked of a JSON list of checklists ([{url, steps}]): {done, total}, or null when
     the list cannot be read. */
  function checklistTicks(json) {
    var list;
    try {
      list = JSON.parse(json || '[]');
    } catch (e) {
      return null;
    }
    if (!Array.isArray(list)) return null;
    var done = 0;
    var total = 0;
    for (var j = 0; j < list.length; j++) {
      var steps = parseInt(list[j] && list[j].steps, 10);
      if (!(steps > 0) || !list[j].url) continue;
      done += readTicks(list[j].url, steps).length;
      total += steps;
    }
    return { done: done, total: total };
  }

  /* ---- 4. journey progress (home) ---- */
  function journeyProgress() {
    var stages = doc.querySelectorAll('[data-journey-progress]');
    for (var i = 0; i < stages.length; i++) {
      var ticks = checklistTicks(stages[i].getAttribute('data-journey-progress'));
      if (!ticks) continue;
      var done = ticks.done;
      var total = ticks.total;
      var out = stages[i].querySelector('[data-journey-progress-output]');
      if (!out || !total) continue;
      /* Nothing ticked yet: keep the plain count, which reads the same without JS. */
      if (done > 0) {
        var percent = Math.round((done / total) * 100);
        show(out, done, total, fill(text('journey-progress', '{percent}%'),
          { percent: percent, done: done, total: total }));
      } else {
        out.hidden = true;
      }
      stages[i].classList.toggle('has-progress', done > 0);
      stages[i].classList.toggle('is-complete', done === total);
    }
  }

  /* ---- 3. local time ---- */
  function localTimes() {
    if (!window.Intl || !Intl.DateTimeFormat) return;
    var times = doc.querySelectorAll('time.local-time[datetime]');
    if (!times.length) return;
    var viewer;
    var siteFmt = null;
    try {
      viewer = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return;
    }
    var siteZone = body && body.getAttribute('data-site-timezone');
    if (siteZone) {
      try {
        siteFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: siteZone });
      } catch (e) { siteFmt = null; }
    }
    var zoneName = function (date) {
      try {
        var parts = new Intl.DateTimeFormat(lang, { timeZoneName: 'short' }).formatToParts(date);
        for (var i = 0; i < parts.length; i++) {
          if (parts[i].type === 'timeZoneName') return parts[i].value;
        }
      } catch (e) { /* older engines */ }
      return '';
    };

    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var date = new Date(el.getAttribute('datetime'));
      if (isNaN(date.getTime())) continue;
      var local = viewer.format(date);
      var zone = zoneName(date);
      var full = zone ? local + ' (' + zone + ')' : local;
      var label = fill(text('local-time', '{time}'), { time: full });
      el.setAttribute('title', label);
      var box = el.parentNode;
      if (!box || box.querySelector('.local-time-note')) continue;
      if (siteFmt && siteFmt.format(date) === local) continue; /* same zone: nothing to add */
      var note = doc.createElement('span');
      note.className = 'local-time-note';
      note.textContent = label;
      box.appendChild(note);
    }
  }

  /* ---- 5. case-study library filters ---- */
  function setupLibrary(root) {
    var items = root.querySelectorAll('.library-item');
    var status = root.querySelector('[data-library-status]');
    var empty = root.querySelector('[data-library-empty]');
    var clear = root.querySelector('[data-library-clear]');
    var facets = root.querySelectorAll('[data-facet]');
    var boxes = [];
    var params = null;
    try { params = new URLSearchParams(window.location.search); } catch (e) { params = null; }

    for (var f = 0; f < facets.length; f++) {
      var name = facets[f].getAttribute('data-facet');
      var wanted = params && params.get(name) ? params.get(name).split(',') : [];
      /* The checkboxes of one facet form a group named by its heading. The group role goes
         on the facet, not on the list: a <ul role="group"> would orphan its <li>s. */
      var heading = facets[f].querySelector('.facet-title[id]');
      facets[f].setAttribute('role', 'group');
      if (heading) facets[f].setAttribute('aria-labelledby', heading.id);
      var links = facets[f].querySelectorAll('a[data-facet-term]');
      for (var l = 0; l < links.length; l++) {
        var link = links[l];
        var slug = link.getAttribute('data-facet-term');
        var label = doc.createElement('label');
        label.className = 'facet-term';
        var box = doc.createElement('input');
        box.type = 'checkbox';
        box.value = slug;
        box.setAttribute('data-facet-name', name);
        box.checked = wanted.indexOf(slug) !== -1;
        label.appendChild(box);
        while (link.firstChild) label.appendChild(link.firstChild);
        link.parentNode.replaceChild(label, link);
        boxes.push(box);
      }
    }

    function apply() {
      var selected = {};
      var any = false;
      for (var b = 0; b < boxes.length; b++) {
        if (!boxes[b].checked) continue;
        var facet = boxes[b].getAttribute('data-facet-name');
        (selected[facet] = selected[facet] || []).push(boxes[b].value);
        any = true;
      }
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var ok = true;
        for (var key in selected) {
          if (!Object.prototype.hasOwnProperty.call(selected, key)) continue;
          var have = (items[i].getAttribute('data-facet-' + key) || '').split(' ');
          var match = false;
          for (var s = 0; s < selected[key].length; s++) {
            if (have.indexOf(selected[key][s]) !== -1) { match = true; break; }
          }
          if (!match) { ok = false; break; }
        }
        items[i].hidden = !ok;
        if (ok) shown++;
      }
      if (status) {
        status.textContent = fill(status.getAttribute('data-text-count') || '{shown} / {total}',
          { shown: shown, total: items.length });
        status.hidden = !any;
      }
      if (empty) empty.hidden = shown > 0;
      if (clear) clear.disabled = !any;
      if (params && window.history && history.replaceState) {
        for (var f2 = 0; f2 < facets.length; f2++) params['delete'](facets[f2].getAttribute('data-facet'));
        for (var k in selected) {
          if (Object.prototype.hasOwnProperty.call(selected, k)) params.set(k, selected[k].join(','));
        }
        var query = params.toString();
        try {
          history.replaceState(history.state, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
        } catch (e) { /* file:// or sandboxed frames */ }
      }
    }

    root.addEventListener('change', function (ev) {
      if (ev.target && ev.target.getAttribute && ev.target.getAttribute('data-facet-name')) apply();
    });
    if (clear) {
      clear.addEventListener('click', function () {
        for (var b = 0; b < boxes.length; b++) boxes[b].checked = false;
        apply();
      });
    }
    apply();
  }

  /* ---- 6. task-list markers ---- */
  function nameTaskMarkers() {
    var boxes = doc.querySelectorAll('li input[type="checkbox"][disabled]');
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.closest('label') || box.hasAttribute('aria-label') || box.hasAttribute('aria-labelledby')) continue;
      /* The item's own words, without those of a list nested in it. */
      var item = box.closest('li').cloneNode(true);
      var nested = item.querySelectorAll('ul, ol');
      for (var n = 0; n < nested.length; n++) nested[n].parentNode.removeChild(nested[n]);
      var name = item.textContent.replace(/\s+/g, ' ').trim();
      if (name) box.setAttribute('aria-label', name);
    }
  }

  /* ---- 7. the current stage in view ---- */
  /* On a phone the stage navigation is one row that scrolls sideways; a reader on the
     fourth stage should see where they are without swiping. */
  function revealCurrentStage() {
    var nav = doc.querySelector('.nav-stages');
    var current = nav && nav.querySelector('a[aria-current]');
    if (!current || nav.scrollWidth <= nav.clientWidth) return;
    var item = current.closest('li') || current;
    nav.scrollLeft = item.offsetLeft - nav.offsetLeft - (nav.clientWidth - item.offsetWidth) / 2;
  }

  /* ---- 8. analytics (site-config `analytics:`; docs/analytics.md) ---- */
  /* Only when the page carries the analytics block: without `analytics:` nothing here runs
     and nothing is loaded. The provider's own script is in <head> after this one (deferred
     scripts run in order), so the queues set up here are there when it starts. */
  function readAnalytics() {
    var el = doc.getElementById('journeyhub-analytics');
    if (!el) return null;
    try {
      var data = JSON.parse(el.textContent || '{}');
      return data && typeof data === 'object' && data.provider ? data : null;
    } catch (e) {
      return null;
    }
  }

  function analyticsSender(data) {
    var props = data.props || {};
    var w = window;
    if (data.provider === 'plausible') {
      w.plausible = w.plausible || function () { (w.plausible.q = w.plausible.q || []).push(arguments); };
      return function (kind, stage) {
        w.plausible('CTA click', { props: { kind: kind, stage: stage } });
      };
    }
    if (data.provider === 'matomo') {
      var paq = w._paq = w._paq || [];
      var dims = data.dimensions || {};
      paq.push(['disableCookies']);
      paq.push(['setTrackerUrl', data.url + 'matomo.php']);
      paq.push(['setSiteId', String(data.site_id)]);
      for (var name in dims) {
        if (Object.prototype.hasOwnProperty.call(dims, name) && props[name]) {
          paq.push(['setCustomDimension', dims[name], props[name]]);
        }
      }
      paq.push(['trackPageView']);
      paq.push(['enableLinkTracking']);
      return function (kind, stage) {
        paq.push(['trackEvent', 'CTA', kind, stage]);
      };
    }
    if (data.provider === 'ga4') {
      w.dataLayer = w.dataLayer || [];
      var gtag = w.gtag = w.gtag || function () { w.dataLayer.push(arguments); };
      var config = { anonymize_ip: true, allow_google_signals: false, allow_ad_personalization_signals: false };
      for (var p in props) {
        if (Object.prototype.hasOwnProperty.call(props, p)) config[p] = props[p];
      }
      gtag('js', new Date());
      gtag('config', data.id, config);
      return function (kind, stage) {
        gtag('event', 'cta_click', { cta_kind: kind, stage: stage });
      };
    }
    /* custom: the site's snippet listens for this event */
    return function (kind, stage) {
      var detail = { kind: kind, stage: stage, props: props };
      try {
        doc.dispatchEvent(new CustomEvent('journeyhub:cta', { detail: detail }));
      } catch (e) { /* very old engines */ }
    };
  }

  function setupAnalytics() {
    var data = readAnalytics();
    if (!data) return;
    var send = analyticsSender(data);
    var pageStage = (data.props && data.props.stage) || '';
    doc.addEventListener('click', function (ev) {
      var link = ev.target && ev.target.closest ? ev.target.closest('a[data-cta-kind], button[data-cta-kind]') : null;
      if (!link) return;
      /* An offer of the next stage carries that stage; any other call to action is the page's. */
      send(link.getAttribute('data-cta-kind'), link.getAttribute('data-cta-stage') || pageStage);
    }, true);
  }

  /* ---- 9. stage readiness ---- */
  /* Each offer carries its own threshold and the checklists ({url, steps}) it counts, so it
     needs nothing else of the page. */
  function readiness() {
    var offers = doc.querySelectorAll('[data-readiness][data-readiness-checklists]');
    for (var i = 0; i < offers.length; i++) {
      var share = parseFloat(offers[i].getAttribute('data-readiness'));
      var ticks = checklistTicks(offers[i].getAttribute('data-readiness-checklists'));
      if (!(share > 0) || !ticks) continue;
      var ready = ticks.total > 0 && ticks.done / ticks.total >= share;
      offers[i].hidden = !ready;
      var owner = offers[i].closest ? offers[i].closest('.journey-stage') : null;
      if (owner) owner.classList.toggle('is-ready', ready);
    }
  }

  /* ---- 10. reader profile ---- */
  var PROFILE_KEY = 'journeyhub:profile';
  /* Kept here too, so that a browser without storage still follows a choice on this page. */
  var profileNow = {};

  function cleanProfile(raw) {
    var out = {};
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
    for (var k in raw) {
      if (!Object.prototype.hasOwnProperty.call(raw, k) || !Array.isArray(raw[k])) continue;
      var terms = [];
      for (var i = 0; i < raw[k].length; i++) {
        var v = raw[k][i];
        if (typeof v === 'string' && v && terms.indexOf(v) < 0) terms.push(v);
      }
      if (terms.length) out[k] = terms;
    }
    return out;
  }

  function storedProfile() {
    if (!store) return profileNow;
    try {
      return cleanProfile(JSON.parse(store.getItem(PROFILE_KEY) || 'null'));
    } catch (e) {
      return {};
    }
  }

  function profileEmpty(p) {
    for (var k in p) if (Object.prototype.hasOwnProperty.call(p, k)) return false;
    return true;
  }

  function saveProfile(p) {
    profileNow = cleanProfile(p);
    if (!store) return;
    try {
      if (profileEmpty(profileNow)) store.removeItem(PROFILE_KEY);
      else store.setItem(PROFILE_KEY, JSON.stringify(profileNow));
    } catch (e) { /* full or disabled: the page still follows the choice */ }
  }

  /* "company_size:smb,industry:製造業" (the ?segment= form) → profile. */
  function parseSegment(s) {
    var out = {};
    var pairs = String(s).split(',');
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf(':');
      if (at < 1) continue;
      var key = pairs[i].slice(0, at).trim();
      var term = pairs[i].slice(at + 1).trim();
      if (!term) continue;
      (out[key] = out[key] || []).push(term);
    }
    return cleanProfile(out);
  }

  /* "company_size:smb touch:tech" (data-segment) → {company_size: ["smb"], touch: ["tech"]} */
  function segmentValues(segment) {
    var out = {};
    var tokens = String(segment || '').split(/\s+/);
    for (var i = 0; i < tokens.length; i++) {
      var at = tokens[i].indexOf(':');
      if (at < 1) continue;
      var term;
      try { term = decodeURIComponent(tokens[i].slice(at + 1)); } catch (e) { term = tokens[i].slice(at + 1); }
      (out[tokens[i].slice(0, at)] = out[tokens[i].slice(0, at)] || []).push(term);
    }
    return out;
  }

  /* A document fits unless, for a taxonomy of the profile, it names terms and none picked. */
  function fitsProfile(el, p) {
    return fitsSegment(el.getAttribute('data-segment'), p);
  }

  function fitsSegment(segment, p) {
    var values = segmentValues(segment);
    for (var k in p) {
      if (!Object.prototype.hasOwnProperty.call(p, k) || !values[k] || !values[k].length) continue;
      var any = false;
      for (var i = 0; i < values[k].length; i++) if (p[k].indexOf(values[k][i]) >= 0) any = true;
      if (!any) return false;
    }
    return true;
  }

  function profileText(bar, name, fallback) {
    return (bar && bar.getAttribute('data-text-' + name)) || fallback;
  }

  /* Each list of cards: fitting ones first, the rest folded behind a toggle after it. */
  function orderCardLists(p, bar) {
    var cards = doc.querySelectorAll('.card[data-segment]');
    var lists = [];
    for (var i = 0; i < cards.length; i++) {
      if (!cards[i].hasAttribute('data-profile-index')) cards[i].setAttribute('data-profile-index', String(i));
      if (lists.indexOf(cards[i].parentNode) < 0) lists.push(cards[i].parentNode);
    }
    for (var l = 0; l < lists.length; l++) orderCardList(lists[l], p, bar);
  }

  function orderCardList(list, p, bar) {
    var own = [];
    for (var c = list.firstElementChild; c; c = c.nextElementSibling) {
      if (c.matches('.card[data-segment]')) own.push(c);
    }
    own.sort(function (a, b) {
      return +a.getAttribute('data-profile-index') - +b.getAttribute('data-profile-index');
    });
    var empty = profileEmpty(p);
    var fitting = [], others = [];
    for (var i = 0; i < own.length; i++) (empty || fitsProfile(own[i], p) ? fitting : others).push(own[i]);
    var ordered = fitting.concat(others);
    for (var j = 0; j < ordered.length; j++) list.appendChild(ordered[j]);
    var toggle = list.nextElementSibling;
    if (!toggle || !toggle.hasAttribute('data-profile-more')) toggle = null;
    if (!others.length) {
      if (toggle) toggle.parentNode.removeChild(toggle);
      for (var k = 0; k < own.length; k++) own[k].classList.remove('is-profile-folded');
      return;
    }
    if (!toggle) {
      toggle = doc.createElement('button');
      toggle.type = 'button';
      toggle.className = 'profile-more';
      toggle.setAttribute('data-profile-more', '');
      toggle.setAttribute('aria-expanded', 'false');
      toggle.addEventListener('click', function () {
        var open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        orderCardList(list, profileNow, bar);
      });
      list.parentNode.insertBefore(toggle, list.nextSibling);
    }
    var expanded = toggle.getAttribute('aria-expanded') === 'true';
    for (var f = 0; f < fitting.length; f++) fitting[f].classList.remove('is-profile-folded');
    for (var o = 0; o < others.length; o++) others[o].classList.toggle('is-profile-folded', !expanded);
    toggle.textContent = expanded
      ? profileText(bar, 'less', 'Hide the other segments')
      : fill(profileText(bar, 'more', '{n} more for other segments'), { n: others.length });
  }

  /* The next read: the first candidate that fits, else the first. */
  function pickNextRead(p) {
    var blocks = doc.querySelectorAll('[data-next-read]');
    for (var b = 0; b < blocks.length; b++) {
      var items = blocks[b].querySelectorAll('li[data-segment]');
      var pick = 0;
      for (var i = 0; i < items.length; i++) {
        if (fitsProfile(items[i], p)) { pick = i; break; }
      }
      for (var j = 0; j < items.length; j++) items[j].hidden = j !== pick;
    }
  }

  /* The home page's journey map: per stage, how many of its playbooks, case studies and
     webinars fit, the first that fits as where to start, and for a profile of one term the
     stage's segment page as the stage link. No profile: the map as the page came. */
  function journeyFit(p) {
    var stages = doc.querySelectorAll('.journey-stage[data-journey-profile]');
    for (var i = 0; i < stages.length; i++) {
      var picks = null;
      try { picks = JSON.parse(stages[i].getAttribute('data-journey-profile')); } catch (e) { picks = null; }
      if (!picks || !Array.isArray(picks.docs)) continue;
      var map = stages[i].closest('.journey-map');
      var empty = profileEmpty(p);
      var fit = {}, total = {}, first = null;
      for (var d = 0; d < picks.docs.length; d++) {
        var item = picks.docs[d] || {};
        var fits = !empty && fitsSegment(item.segment, p);
        total[item.kind] = (total[item.kind] || 0) + 1;
        fit[item.kind] = (fit[item.kind] || 0) + (fits ? 1 : 0);
        if (fits && !first && item.url) first = item;
      }
      journeyCounts(stages[i], map, empty ? null : { fit: fit, total: total });
      journeyStart(stages[i], map, first);
      journeyStageLink(stages[i], empty ? null : segmentPage(picks.segments, p));
    }
  }

  /* Each count becomes "2 of 7 playbooks for you", which still says how many there are. */
  function journeyCounts(stage, map, counts) {
    var items = stage.querySelectorAll('[data-journey-count]');
    for (var i = 0; i < items.length; i++) {
      var kind = items[i].getAttribute('data-journey-count');
      var out = items[i].querySelector('.count-fit');
      var plain = items[i].querySelectorAll('.count-label, .count-num');
      for (var j = 0; j < plain.length; j++) plain[j].hidden = !!counts;
      if (!counts) {
        if (out) out.parentNode.removeChild(out);
        continue;
      }
      if (!out) {
        out = doc.createElement('span');
        out.className = 'count-fit';
        items[i].appendChild(out);
      }
      out.textContent = fill(profileText(map, 'fit-' + kind, '{n} / {total}'),
        { n: counts.fit[kind] || 0, total: counts.total[kind] || 0 });
    }
  }

  function journeyStart(stage, map, first) {
    var start = stage.querySelector('[data-journey-start]');
    if (!first) {
      if (start) start.parentNode.removeChild(start);
      return;
    }
    if (!start) {
      start = doc.createElement('p');
      start.className = 'journey-start';
      start.setAttribute('data-journey-start', '');
      start.appendChild(doc.createElement('span')).textContent = profileText(map, 'start', 'Start here:');
      start.appendChild(doc.createTextNode(' '));
      start.appendChild(doc.createElement('a'));
      var counts = stage.querySelector('.journey-counts');
      if (counts) counts.parentNode.insertBefore(start, counts.nextSibling);
      else stage.appendChild(start);
    }
    var a = start.querySelector('a');
    a.href = first.url;
    a.textContent = first.title || first.url;
  }

  /* The segment page of the profile's only term among those that have one, else null. */
  function segmentPage(segments, p) {
    var found = [];
    for (var k in p) {
      if (!Object.prototype.hasOwnProperty.call(p, k) || !segments || !segments[k]) continue;
      for (var i = 0; i < p[k].length; i++) found.push(segments[k][p[k][i]]);
    }
    return found.length === 1 && typeof found[0] === 'string' ? found[0] : null;
  }

  function journeyStageLink(stage, url) {
    var a = stage.querySelector('.journey-title a');
    if (!a) return;
    if (!a.hasAttribute('data-journey-href')) a.setAttribute('data-journey-href', a.getAttribute('href'));
    a.setAttribute('href', url || a.getAttribute('data-journey-href'));
  }

  function showProfile(bar, p) {
    var names = [];
    var toggles = bar.querySelectorAll('[data-profile-term]');
    for (var i = 0; i < toggles.length; i++) {
      var value = toggles[i].getAttribute('data-profile-term');
      var at = value.indexOf(':');
      var on = !!p[value.slice(0, at)] && p[value.slice(0, at)].indexOf(value.slice(at + 1)) >= 0;
      toggles[i].setAttribute('aria-pressed', on ? 'true' : 'false');
      if (on) names.push(toggles[i].textContent);
    }
    var empty = profileEmpty(p);
    var status = bar.querySelector('[data-profile-status]');
    var shown = bar.querySelector('[data-profile-names]');
    if (shown) shown.textContent = names.join(profileText(bar, 'separator', ', '));
    if (status) status.hidden = empty;
    var summary = bar.querySelector('summary');
    if (summary) summary.textContent = profileText(summary, empty ? 'empty' : 'set', summary.textContent);
    var clear = bar.querySelector('[data-profile-clear]');
    if (clear) clear.hidden = empty;
  }

  function applyProfile(bar) {
    var p = profileNow;
    if (bar) showProfile(bar, p);
    orderCardLists(p, bar);
    pickNextRead(p);
    journeyFit(p);
  }

  function setupProfile() {
    var bar = doc.querySelector('[data-profile-bar]');
    window.journeyhub = window.journeyhub || {};
    window.journeyhub.profile = function () { return cleanProfile(profileNow); };
    profileNow = storedProfile();
    var param = null;
    try { param = new URLSearchParams(window.location.search).get('segment'); } catch (e) { param = null; }
    if (param !== null) {
      saveProfile(parseSegment(param));
      /* The choice is stored: a reload or a shared address need not carry it again. */
      try {
        var url = new URL(window.location.href);
        url.searchParams.delete('segment');
        window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
      } catch (e) { /* file:// or sandboxed frames */ }
    }
    if (bar) {
      var links = bar.querySelectorAll('a[data-profile-term]');
      for (var i = 0; i < links.length; i++) {
        var b = doc.createElement('button');
        b.type = 'button';
        b.className = links[i].className;
        b.setAttribute('data-profile-term', links[i].getAttribute('data-profile-term'));
        b.textContent = links[i].textContent;
        links[i].parentNode.replaceChild(b, links[i]);
      }
      bar.addEventListener('click', function (ev) {
        var t = ev.target && ev.target.closest && ev.target.closest('button[data-profile-term]');
        if (t) {
          var value = t.getAttribute('data-profile-term');
          var at = value.indexOf(':');
          var key = value.slice(0, at), term = value.slice(at + 1);
          var p = cleanProfile(profileNow);
          var terms = p[key] || [];
          p[key] = terms.indexOf(term) >= 0
            ? terms.filter(function (x) { return x !== term; })
            : terms.concat([term]);
          saveProfile(p);
          applyProfile(bar);
        } else if (ev.target && ev.target.closest && ev.target.closest('[data-profile-clear]')) {
          saveProfile({});
          applyProfile(bar);
        }
      });
    }
    window.addEventListener('storage', function (ev) {
      if (ev.key !== PROFILE_KEY && ev.key !== null) return;
      profileNow = storedProfile();
      applyProfile(bar);
    });
    applyProfile(bar);
  }

  function init() {
    body = doc.body;
    setupAnalytics();
    if (!body) return;
    var js = doc.querySelectorAll('.js-only[hidden]');
    for (var i = 0; i < js.length; i++) {
      if (store || !js[i].classList.contains('checklist-saved')) js[i].hidden = false;
    }
    var lists = doc.querySelectorAll('ol.checklist[data-checklist]');
    for (var j = 0; j < lists.length; j++) setupChecklist(lists[j]);
    updateProgress();
    journeyProgress();
    localTimes();
    nameTaskMarkers();
    revealCurrentStage();
    setupProfile();
    var libraries = doc.querySelectorAll('[data-library]');
    for (var l = 0; l < libraries.length; l++) setupLibrary(libraries[l]);

    /* keep several open tabs in step */
    window.addEventListener('storage', function (ev) {
      if (!ev.key || ev.key.indexOf(PREFIX) !== 0) return;
      for (var k = 0; k < checklists.length; k++) checklists[k].restore();
      updateProgress();
    });
    /* back/forward cache: storage may have changed meanwhile */
    window.addEventListener('pageshow', function (ev) {
      if (!ev.persisted) return;
      for (var k = 0; k < checklists.length; k++) checklists[k].restore();
      updateProgress();
    });
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
