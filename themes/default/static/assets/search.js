// Search page: queries the Pagefind index that journeyhub builds. Only the chunks a query
// needs are fetched. The page works as a plain form without this script (?q= in the URL).
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector("#search-status");
  var list = root.querySelector("[data-search-results]");
  var filterBox = root.querySelector("[data-search-filters]");
  var filterFold = root.querySelector("[data-search-filters-box]");
  var filterCount = root.querySelector("[data-search-filters-count]");
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
  var pagefind = null;
  var selected = {};
  var timer = null;
  var generation = 0;

  function fill(template, n) { return template.replace("{n}", String(n)); }

  // Pagefind marks matches with <mark>; everything else in an excerpt is shown as text.
  function safeExcerpt(html) {
    var escaped = html.replace(/&(?!(amp|lt|gt|quot|#39);)/g, "&amp;").replace(/<(?!\/?mark>)/g, "&lt;");
    return escaped;
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    selected = {};
    params.forEach(function (value, key) {
      if (key.indexOf("f.") === 0) {
        var name = key.slice(2);
        (selected[name] = selected[name] || []).push(value);
      }
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    Object.keys(selected).sort().forEach(function (name) {
      selected[name].forEach(function (v) { params.append("f." + name, v); });
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function renderFilters(filters) {
    var names = Object.keys(filters).filter(function (n) { return Object.keys(filters[n]).length > 1 || selected[n]; });
    if (!names.length) return;
    names.sort(function (a, b) { return a === "kind" ? -1 : b === "kind" ? 1 : a === "stage" ? -1 : b === "stage" ? 1 : a.localeCompare(b); });
    names.forEach(function (name, index) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "search-filter";
      var legend = document.createElement("legend");
      legend.textContent = root.getAttribute("data-label-" + name) || name;
      fieldset.appendChild(legend);
      Object.keys(filters[name]).sort().forEach(function (value, i) {
        var id = "filter-" + index + "-" + i;
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.value = value;
        box.checked = (selected[name] || []).indexOf(value) >= 0;
        box.addEventListener("change", function () {
          var values = selected[name] || [];
          if (box.checked) values.push(value); else values = values.filter(function (v) { return v !== value; });
          if (values.length) selected[name] = values; else delete selected[name];
          showTicked();
          run();
        });
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = value;
        var item = document.createElement("span");
        item.className = "search-filter-option";
        item.appendChild(box);
        item.appendChild(label);
        fieldset.appendChild(item);
      });
      filterBox.appendChild(fieldset);
    });
    filterBox.hidden = false;
    if (filterFold) {
      filterFold.hidden = false;
      if (window.matchMedia("(min-width: 48rem)").matches || Object.keys(selected).length) filterFold.open = true;
    }
    showTicked();
  }

  // The folded filters say how many are ticked, so a narrowed search is never a surprise.
  function showTicked() {
    if (!filterCount) return;
    var n = 0;
    Object.keys(selected).forEach(function (name) { n += selected[name].length; });
    filterCount.textContent = n ? " (" + n + ")" : "";
  }

  function renderResults(results, total) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "search-result";
      var meta = document.createElement("p");
      meta.className = "search-result-meta";
      [r.meta.kind, r.meta.stage].forEach(function (v) {
        if (!v) return;
        var span = document.createElement("span");
        span.className = "chip";
        span.textContent = v;
        meta.appendChild(span);
      });
      var h = document.createElement("h2");
      h.className = "search-result-title";
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      h.appendChild(a);
      var p = document.createElement("p");
      p.className = "search-result-excerpt";
      p.innerHTML = safeExcerpt(r.excerpt || "");
      li.appendChild(meta);
      li.appendChild(h);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = total ? fill(text("count"), total) : text("none");
    list.removeAttribute("aria-busy");
  }

  function run() {
    writeUrl();
    var query = input.value.trim();
    var mine = ++generation;
    if (!query && !Object.keys(selected).length) {
      list.textContent = "";
      list.removeAttribute("aria-busy");
      status.textContent = "";
      return;
    }
    if (!pagefind) return;
    // Screen readers (and the browser tests) learn when the list is being replaced.
    list.setAttribute("aria-busy", "true");
    pagefind.search(query || null, { filters: selected }).then(function (search) {
      if (mine !== generation || !search) return;
      var top = search.results.slice(0, 20);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
        if (mine === generation) renderResults(data, search.results.length);
      });
    }).catch(function () {
      status.textContent = text("error");
      list.removeAttribute("aria-busy");
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });

  readUrl();
  status.textContent = text("loading");
  import(root.getAttribute("data-bundle") + "pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: root.getAttribute("data-base") || "/" });
  }).then(function () {
    return pagefind.filters();
  }).then(function (filters) {
    renderFilters(filters || {});
    status.textContent = "";
    run();
  }).catch(function () { status.textContent = text("error"); });
})();
