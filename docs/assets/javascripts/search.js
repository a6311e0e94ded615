/* The site's search box.  jiekun writes search/index.json from the built pages after either
   engine has run (generator/searchindex.py); this script puts one labelled search box in the
   page header, loads the index on first use and finds pages whose title, headings or text
   contain every word of the query: a part of a word finds the word, as Chinese readers expect.
   A query with no spaces that no page contains as a whole is split into words by the
   browser's own word segmenter (Intl.Segmenter) and every word must then be found.
   Ranking: a title equal to the query first, then a title that starts with or contains it
   (a shorter title is more about the query), then headings, then text that has it in its
   first lines, then how often the text has it (growing slowly, so a long list of names does
   not outrank the page about one of them). */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var root = new URL("../../", script.src);  // this file is assets/javascripts/search.js
  var SHOWN = 10;
  var SPLIT = /[\s\u3000,，、。.;；:：!！?？"“”'‘’()（）《》【】\[\]]+/;
  var loading = null;

  function norm(text) { return text.normalize("NFKC").toLowerCase(); }

  function load() {
    if (!loading) {
      loading = fetch(new URL("search/index.json", root)).then(function (response) {
        if (!response.ok) throw new Error("search index: HTTP " + response.status);
        return response.json();
      }).then(function (data) {
        return data.pages.map(function (p) {
          return { path: p[0], title: p[1], text: p[3], t: norm(p[1]), h: norm(p[2]), x: norm(p[3]) };
        });
      });
    }
    return loading;
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at !== -1 && n < 30) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  function found(page, term) {
    return page.t.indexOf(term) !== -1 || page.h.indexOf(term) !== -1 || page.x.indexOf(term) !== -1;
  }

  function words(term) {
    if (window.Intl && Intl.Segmenter) {
      var parts = [];
      var segments = new Intl.Segmenter("zh", { granularity: "word" }).segment(term);
      for (var s of segments) if (s.isWordLike) parts.push(s.segment);
      return parts.length ? parts : [term];
    }
    var pairs = [];  // no segmenter: overlapping pairs of characters
    for (var i = 0; i + 1 < term.length; i++) pairs.push(term.slice(i, i + 2));
    return pairs.length ? pairs : [term];
  }

  function terms(query, pages) {
    var out = [];
    norm(query).split(SPLIT).filter(Boolean).forEach(function (term) {
      var whole = pages.some(function (p) { return found(p, term); });
      (whole ? [term] : words(term)).forEach(function (w) { if (out.indexOf(w) === -1) out.push(w); });
    });
    return out;
  }

  function score(page, list, phrase) {
    var total = 0;
    for (var i = 0; i < list.length; i++) {
      var term = list[i], inText = count(page.x, term);
      var inTitle = page.t.indexOf(term) !== -1, inHeading = page.h.indexOf(term) !== -1;
      if (!inTitle && !inHeading && !inText) return 0;
      if (page.t === term) total += 1000;
      else if (inTitle) total += (page.t.indexOf(term) === 0 ? 250 : 150) + 250 * term.length / page.t.length;
      if (inHeading) total += 40;
      if (inText) total += 8 * Math.log2(1 + inText) + (page.x.indexOf(term) < 60 ? 40 : 0);  // early: the page's lead
    }
    if (list.length > 1 && page.t.indexOf(phrase) !== -1) total += 200;
    return total;
  }

  function search(query, pages) {
    var list = terms(query, pages);
    if (!list.length) return { list: list, hits: [] };
    var phrase = list.join("");
    var hits = [];
    pages.forEach(function (page) {
      var s = score(page, list, phrase);
      if (s > 0) hits.push({ page: page, score: s });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.page.title.length - b.page.title.length ||
        (a.page.path < b.page.path ? -1 : a.page.path > b.page.path ? 1 : 0);
    });
    return { list: list, hits: hits };
  }

  /* text with the query's words marked, as DOM nodes (never as HTML: the text is data) */
  function marked(text, list) {
    var fragment = document.createDocumentFragment(), lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var next = -1, size = 0;
      list.forEach(function (term) {
        var i = lower.indexOf(term, at);
        if (i !== -1 && (next === -1 || i < next)) { next = i; size = term.length; }
      });
      if (next === -1) break;
      fragment.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + size);
      fragment.appendChild(mark);
      at = next + size;
    }
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function snippet(page, list) {
    var lower = page.text.toLowerCase(), at = -1;
    list.forEach(function (term) { var i = lower.indexOf(term); if (i !== -1 && (at === -1 || i < at)) at = i; });
    var start = Math.max(0, at - 24);
    var text = page.text.slice(start, start + 90);
    return (start > 0 ? "…" : "") + text + (start + 90 < page.text.length ? "…" : "");
  }

  // the box speaks the page's language (<html lang>): the Chinese edition, or the English one
  var WORDS = /^en\b/i.test(document.documentElement.lang) ? {
    label: "Search this site", placeholder: "Search", results: "Search results",
    none: function (q) { return "No page contains \u201c" + q + "\u201d"; },
    some: function (n) { return n > SHOWN ? n + " pages found, the first " + SHOWN + " shown" : n + (n === 1 ? " page found" : " pages found"); },
    failed: "The search index could not be loaded"
  } : {
    label: "搜索本站", placeholder: "搜索", results: "搜索结果",
    none: function (q) { return "没有找到包含“" + q + "”的页面"; },
    some: function (n) { return n > SHOWN ? "找到 " + n + " 个页面，显示前 " + SHOWN + " 个" : "找到 " + n + " 个页面"; },
    failed: "搜索索引未能载入"
  };

  function build(header) {
    var form = document.createElement("form");
    form.className = "jk-search";
    form.setAttribute("role", "search");
    form.innerHTML =
      '<label class="jk-search__label" for="jk-search-input">' + WORDS.label + '</label>' +
      '<input class="jk-search__input" id="jk-search-input" type="search" name="q" placeholder="' +
      WORDS.placeholder + '" ' +
      'autocomplete="off" spellcheck="false" aria-controls="jk-search-results" aria-describedby="jk-search-status">' +
      '<div class="jk-search__panel" hidden>' +
      '<p class="jk-search__status" id="jk-search-status" role="status" aria-live="polite"></p>' +
      '<ol class="jk-search__results" id="jk-search-results" aria-label="' + WORDS.results + '"></ol></div>';
    var title = header.querySelector(".md-header__title");
    header.insertBefore(form, title ? title.nextSibling : null);
    return form;
  }

  function setUp() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".jk-search")) return;
    var form = build(header);
    var input = form.querySelector("input"), panel = form.querySelector(".jk-search__panel");
    var status = form.querySelector(".jk-search__status"), results = form.querySelector("ol");
    var timer = 0, composing = false;

    function show(query, pages) {
      var outcome = search(query, pages);
      results.textContent = "";
      outcome.hits.slice(0, SHOWN).forEach(function (hit) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = new URL(hit.page.path, root).href;
        var name = document.createElement("span");
        name.className = "jk-search__title";
        name.appendChild(marked(hit.page.title || hit.page.path, outcome.list));
        var text = document.createElement("span");
        text.className = "jk-search__text";
        text.appendChild(marked(snippet(hit.page, outcome.list), outcome.list));
        link.appendChild(name);
        link.appendChild(text);
        item.appendChild(link);
        results.appendChild(item);
      });
      var n = outcome.hits.length;
      status.textContent = n === 0 ? WORDS.none(query.trim()) : WORDS.some(n);
      results.setAttribute("data-query", query);  // what the list shows results for
      panel.hidden = false;
    }

    function run() {
      var query = input.value;
      if (!query.trim()) { panel.hidden = true; results.textContent = ""; return; }
      load().then(function (pages) { if (input.value === query) show(query, pages); }, function () {
        status.textContent = WORDS.failed;
        panel.hidden = false;
      });
    }

    function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; run(); });
    input.addEventListener("input", function () {
      if (composing) return;  // an input method is still composing the characters
      clearTimeout(timer);
      timer = setTimeout(run, 80);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) window.location.href = first.href;
    });
    form.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        panel.hidden = true;
        input.focus();
      } else if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at !== -1) {
        event.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) panel.hidden = true;
    });
    input.addEventListener("click", function () { if (input.value.trim()) run(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
