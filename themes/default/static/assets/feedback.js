// What readers tell the company, sent to `feedback.endpoint` of site-config (a form service):
// the NPS landing page (`/nps/?score=9&stage=advocacy`) and the "Was this helpful?" widget.
// Both are plain forms that work without this script; with it, the NPS page shows the band
// of the score it was opened with and forwards that score, and the widget sends without
// leaving the page. Each answer carries the reader's profile as `segment`
// (`company_size:smb,industry:製造業`, the shared form of docs/content-model.md). Requests go
// without cookies (`credentials: 'omit'`) and nothing is stored.
(function () {
  'use strict';

  var PROFILE_KEY = 'journeyhub:profile';

  // The profile in its `segment` form: `?segment=` of this address when the link sets one,
  // else the stored profile; '' without one (absent or invalid JSON alike).
  function segment() {
    var given = new URLSearchParams(location.search).get('segment');
    if (given) return given;
    var profile;
    try {
      profile = JSON.parse(localStorage.getItem(PROFILE_KEY) || 'null');
    } catch (e) {
      return '';
    }
    if (!profile || typeof profile !== 'object' || Array.isArray(profile)) return '';
    var pairs = [];
    Object.keys(profile).forEach(function (taxonomy) {
      var terms = Array.isArray(profile[taxonomy]) ? profile[taxonomy] : [];
      terms.forEach(function (term) {
        if (typeof term === 'string' && term) pairs.push(taxonomy + ':' + term);
      });
    });
    return pairs.join(',');
  }

  // Sends fields as a form would (GET: in the query; POST: url-encoded body), as a simple
  // request that needs no CORS answer. Resolves when sent, rejects on a network failure.
  function send(endpoint, method, fields) {
    var body = new URLSearchParams(fields);
    var options = { method: method, mode: 'no-cors', credentials: 'omit', keepalive: true };
    var url = endpoint;
    if (method === 'GET') {
      url += (endpoint.indexOf('?') < 0 ? '?' : '&') + body.toString();
    } else {
      options.body = body;
    }
    return fetch(url, options);
  }

  function fieldsOf(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      fields[name] = String(value);
    });
    return fields;
  }

  function bandOf(score) {
    if (score >= 9) return 'promoter';
    if (score >= 7) return 'passive';
    return 'detractor';
  }

  // Shows only the band of a score (and, for 7–8, only the reader's stage when known).
  function showBand(root, score, stage) {
    var band = bandOf(score);
    root.querySelectorAll('[data-nps-band]').forEach(function (el) {
      el.hidden = el.getAttribute('data-nps-band') !== band;
    });
    var heading = root.querySelector('[data-nps-bands-heading]');
    if (heading) heading.hidden = true;
    var stages = root.querySelectorAll('[data-nps-stage]');
    var known = Array.prototype.some.call(stages, function (li) {
      return li.getAttribute('data-nps-stage') === stage;
    });
    if (known) {
      stages.forEach(function (li) {
        li.hidden = li.getAttribute('data-nps-stage') !== stage;
      });
    }
    var out = root.querySelector('[data-nps-score]');
    if (out) {
      out.textContent = (root.getAttribute('data-text-score') || '{n}').replace('{n}', String(score));
      out.hidden = false;
    }
  }

  function setupNps(root) {
    var params = new URLSearchParams(location.search);
    var raw = params.get('score');
    var score = raw !== null && /^\d{1,2}$/.test(raw.trim()) ? Number(raw) : NaN;
    var stage = (params.get('stage') || '').trim();
    var endpoint = root.getAttribute('data-endpoint');
    var method = (root.getAttribute('data-method') || 'post').toUpperCase();
    var form = root.querySelector('[data-nps-form]');
    var fail = function () {
      var out = root.querySelector('[data-nps-score]');
      if (out) {
        out.textContent = root.getAttribute('data-text-failed') || '';
        out.hidden = false;
      }
    };
    if (form) {
      form.querySelector('[data-feedback-stage]').value = stage;
      form.querySelector('[data-feedback-segment]').value = segment();
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var fields = fieldsOf(form);
        form.hidden = true;
        showBand(root, Number(fields.score), stage);
        send(endpoint, method, fields).catch(fail);
      });
    }
    if (!(score >= 0 && score <= 10)) return;
    showBand(root, score, stage);
    if (form) form.hidden = true;
    if (endpoint) {
      send(endpoint, method, {
        score: String(score),
        document: form ? form.querySelector('[name=document]').value : location.href.split('?')[0],
        lang: document.documentElement.lang || '',
        stage: stage,
        segment: segment()
      }).catch(fail);
    }
  }

  function setupHelpful(form) {
    var status = form.querySelector('[data-helpful-status]');
    form.querySelector('[data-feedback-segment]').value = segment();
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var method = (form.getAttribute('method') || 'post').toUpperCase();
      var fieldset = form.querySelector('fieldset');
      send(form.getAttribute('action'), method, fieldsOf(form)).then(function () {
        fieldset.hidden = true;
        status.textContent = form.getAttribute('data-text-thanks') || '';
      }, function () {
        status.textContent = form.getAttribute('data-text-failed') || '';
      });
    });
  }

  function init() {
    document.querySelectorAll('[data-nps]').forEach(setupNps);
    document.querySelectorAll('[data-helpful]').forEach(setupHelpful);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
