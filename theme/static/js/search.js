// The search page: Pagefind's JavaScript API behind the site's own form, filters and results.
//
// Pagefind's ready-made UI hides everything until a word is typed, so a reader could not
// browse ("Eastern Europe, 2024, NATO") without a query. Here an empty box is a filter-only
// search (pagefind.search(null, {filters})), newest first, with counts; a query ranks by
// relevance. The state lives in the address (?q=…&region=…&year=…), so a filtered view can be
// shared, and the header's search box (?q=) lands here with its query in this page's box.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 250;
  // Filters in the order a reader narrows by; any other filter the index has comes after.
  var ORDER = ["region", "country", "organisation", "actor", "source", "language", "year"];
  var LABELS = { region: "Region", country: "Country", organisation: "Organisation", actor: "Actor",
                 source: "Source", language: "Language", year: "Year" };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Pagefind's excerpt is text with <mark> around the words found; anything else stays text.
  function excerptHtml(excerpt) {
    return String(excerpt || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
  }

  function plainText(excerpt) {
    return String(excerpt || "").replace(/<\/?mark>/g, "");
  }

  // The opening of `text`: its first `words` words, at most `chars` characters (Chinese has no
  // spaces), with an ellipsis if there was more.
  function opening(text, words, chars) {
    var parts = text.split(/\s+/).filter(Boolean);
    var shown = parts.slice(0, words).join(" ");
    // Cut at a word's end where there are spaces (a cut mid-word read "seventy-fi …").
    var cut = shown.length > chars ? shown.slice(0, chars).replace(/\s+\S*$/, "") : shown;
    return cut + (cut.length < text.trim().length ? " \u2026" : "");
  }

  // An excerpt (text with <mark>s) cut after `length` characters of its text.
  function cutExcerpt(html, length) {
    var out = "";
    var seen = 0;
    var parts = html.split(/(<\/?mark>)/);
    for (var i = 0; i < parts.length && seen < length; i++) {
      if (/^<\/?mark>$/.test(parts[i])) { out += parts[i]; continue; }
      out += parts[i].slice(0, length - seen);
      seen += parts[i].length;
    }
    if ((out.match(/<mark>/g) || []).length > (out.match(/<\/mark>/g) || []).length) { out += "</mark>"; }
    return out.replace(/[\s.,;:]+$/, "") + " \u2026";
  }

  // What a result shows under its title. The indexed text is the briefing's text (the headline is
  // Pagefind's title, found by its words but not part of the text) and, for a briefing in another
  // language, a tail of English tags and search terms that is never shown (its first words are the
  // `tail` meta; see theme/templates/article.html). Browsing (no query) shows the text's opening; a
  // search shows Pagefind's excerpt, cut before the tail, or the text's opening when the words found
  // are only in the title or the tail.
  function snippet(data, query) {
    var content = String(data.content || "");
    var tail = data.meta && data.meta.tail ? content.lastIndexOf(data.meta.tail) : -1;
    var text = tail >= 0 ? content.slice(0, tail) : content;
    var openingHtml = excerptHtml(opening(text, 36, 220));
    if (!query) { return openingHtml; }
    var excerpt = String(data.excerpt || "");
    var plain = plainText(excerpt);
    var at = content.indexOf(plain);
    if (tail < 0 || at < 0 || at + plain.length <= tail) { return excerptHtml(excerpt); }
    var shown = cutExcerpt(excerpt, Math.max(tail - at, 0));
    return tail > at && shown.indexOf("<mark>") >= 0 ? excerptHtml(shown) : openingHtml;
  }

  function filterNames(counts) {
    var names = Object.keys(counts);
    return ORDER.filter(function (name) { return names.indexOf(name) >= 0; })
      .concat(names.filter(function (name) { return ORDER.indexOf(name) < 0; }).sort());
  }

  function start(root) {
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-q");
    var panel = document.getElementById("search-filters");
    var groups = document.getElementById("search-filter-groups");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var bundle = new URL(root.getAttribute("data-bundle-path") || "../pagefind/", document.baseURI).href;
    var params = new URLSearchParams(window.location.search);
    var selected = {};
    var allCounts = {};
    var pagefind = null;
    var current = null;
    var shown = 0;
    var generation = 0;
    var timer = null;

    input.value = params.get("q") || "";
    params.forEach(function (value, name) {
      if (name !== "q") { (selected[name] = selected[name] || []).push(value); }
    });
    // Phones: filters start folded, so the results come first.
    if (!window.matchMedia("(min-width: 60rem)").matches) { panel.removeAttribute("open"); }

    function filters() {
      var chosen = {};
      Object.keys(selected).forEach(function (name) {
        if (selected[name].length) { chosen[name] = { any: selected[name] }; }
      });
      return chosen;
    }

    function remember() {
      var query = new URLSearchParams();
      if (input.value.trim()) { query.set("q", input.value.trim()); }
      Object.keys(selected).forEach(function (name) {
        selected[name].forEach(function (value) { query.append(name, value); });
      });
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    }

    function renderFilters(counts) {
      groups.textContent = "";
      var chosenCount = 0;
      filterNames(allCounts).forEach(function (name) {
        var values = Object.keys(allCounts[name]);
        if (!values.length) { return; }
        values.sort(name === "year" ? function (a, b) { return b.localeCompare(a); }
          : function (a, b) { return (allCounts[name][b] - allCounts[name][a]) || a.localeCompare(b); });
        var fieldset = element("fieldset", "search-filter");
        fieldset.appendChild(element("legend", "", LABELS[name] || name.charAt(0).toUpperCase() + name.slice(1)));
        values.forEach(function (value, index) {
          var id = "filter-" + name + "-" + index;
          var isOn = (selected[name] || []).indexOf(value) >= 0;
          var count = (counts[name] || {})[value] || 0;
          chosenCount += isOn ? 1 : 0;
          var row = element("div", "search-filter-option" + (count || isOn ? "" : " is-empty"));
          var box = element("input");
          box.type = "checkbox";
          box.id = id;
          box.checked = isOn;
          box.setAttribute("data-filter", name);
          box.value = value;
          var label = element("label", "", value + " ");
          label.htmlFor = id;
          label.appendChild(element("span", "count", String(count)));
          row.appendChild(box);
          row.appendChild(label);
          fieldset.appendChild(row);
        });
        groups.appendChild(fieldset);
      });
      document.getElementById("search-filters-chosen").textContent = chosenCount ? " (" + chosenCount + " chosen)" : "";
    }

    function renderResult(data) {
      var item = element("li", "search-result");
      var title = element("h2", "search-result-title");
      var link = element("a", "", (data.meta && data.meta.title) || data.url);
      link.href = data.url;
      title.appendChild(link);
      item.appendChild(title);
      if (data.meta && data.meta.date) { item.appendChild(element("p", "meta", data.meta.date)); }
      var excerpt = element("p", "search-result-excerpt");
      excerpt.innerHTML = snippet(data, input.value.trim());
      item.appendChild(excerpt);
      return item;
    }

    function showMore() {
      var mine = generation;
      var batch = current.results.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      more.hidden = shown >= current.results.length;
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (datas) {
        if (mine !== generation) { return; }
        datas.forEach(function (data) { list.appendChild(renderResult(data)); });
      });
    }

    function run() {
      var mine = ++generation;
      var query = input.value.trim();
      remember();
      var options = { filters: filters() };
      if (!query) { options.sort = { date: "desc" }; } // browsing: newest first
      return pagefind.search(query || null, options).then(function (search) {
        if (mine !== generation || !search) { return; }
        current = search;
        shown = 0;
        list.textContent = "";
        renderFilters(search.filters || {});
        var total = search.results.length;
        var noun = total === 1 ? " briefing" : " briefings";
        if (!total) {
          var filtered = Object.keys(options.filters).length > 0;
          status.textContent = query ? "No briefings match \u201c" + query + "\u201d" + (filtered ? " with these filters." : ".") : "No briefings have all these filters.";
        } else if (query) {
          status.textContent = total + noun + (total === 1 ? " matches" : " match") + " \u201c" + query + "\u201d.";
        } else {
          status.textContent = total + noun + (Object.keys(options.filters).length ? " with these filters" : "") + ", newest first.";
        }
        return showMore();
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    });
    groups.addEventListener("change", function (event) {
      var box = event.target;
      var name = box.getAttribute("data-filter");
      if (!name) { return; }
      var values = selected[name] = (selected[name] || []).filter(function (value) { return value !== box.value; });
      if (box.checked) { values.push(box.value); }
      run();
    });
    document.getElementById("search-clear").addEventListener("click", function () {
      selected = {};
      run();
    });
    more.addEventListener("click", showMore);

    // A filter in the address may name a value as its page's URL does (?region=eastern-europe,
    // ?country=cote-divoire), in any case, or as ?tag= for a country, organisation or actor:
    // each becomes the value the index holds, and the address is rewritten with it.
    function canonicalFilters() {
      var slugs = {};
      try { slugs = JSON.parse(root.getAttribute("data-slugs") || "{}"); } catch (error) { slugs = {}; }
      function find(name, value) {
        var values = Object.keys(allCounts[name] || {});
        var key = String(value).trim().toLowerCase();
        var named = (slugs[name === "region" ? "region" : "tag"] || {})[key];
        if (values.indexOf(value) >= 0) { return value; }
        if (named && values.indexOf(named) >= 0) { return named; }
        return values.filter(function (known) { return known.toLowerCase() === key; })[0];
      }
      var chosen = {};
      Object.keys(selected).forEach(function (name) {
        selected[name].forEach(function (value) {
          var groups = name === "tag" ? ["country", "organisation", "actor"] : [name];
          var found = null;
          groups.some(function (group) {
            var known = find(group, value);
            if (known) { found = [group, known]; }
            return Boolean(known);
          });
          if (!found) { found = [name === "tag" ? "country" : name, value]; } // nothing has it: "no briefings"
          chosen[found[0]] = chosen[found[0]] || [];
          if (chosen[found[0]].indexOf(found[1]) < 0) { chosen[found[0]].push(found[1]); }
        });
      });
      selected = chosen;
    }

    import(bundle + "pagefind.js").then(function (module) {
      pagefind = module;
      // Result URLs under the site's own path, so a site under /briefings/ links right.
      return pagefind.options({ baseUrl: new URL("..", bundle).pathname });
    }).then(function () {
      return pagefind.filters();
    }).then(function (counts) {
      allCounts = counts || {};
      canonicalFilters();
      root.classList.add("is-ready");
      return run();
    }).catch(function (error) {
      status.textContent = "Search could not load (" + error.message + "). Browse by region, tag or the archive instead.";
    });
  }

  function init() {
    var root = document.getElementById("search");
    if (root) { start(root); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
