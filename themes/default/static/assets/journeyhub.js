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
