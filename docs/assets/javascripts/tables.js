// Tables: each body cell gets its column's name as data-label (a phone shows a table of three or
// more columns as cards, one per row, each value under its column's name: jiekun.css), and a
// table that scrolls sideways becomes a named tab stop, so that a keyboard can scroll it too.
(function () {
  "use strict";
  var SHORT = 16;  // characters of label and value together that fit half a phone's line

  function label(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        // the column's name without a closing aside in brackets: 数值（精确值） labels a card's line as 数值
        var head = heads[i] && heads[i].textContent.trim().replace(/\s*[（(][^（()）]*[)）]$/, "");
        if (head) { cell.setAttribute("data-label", head); }
        if ((head || "").length + cell.textContent.trim().length <= SHORT) { cell.classList.add("jk-short"); }
      });
    });
  }

  function name(wrap) {
    var heads = wrap.querySelectorAll("thead th");
    var first = Array.prototype.slice.call(heads, 0, 3).map(function (h) { return h.textContent.trim(); });
    return "表格（可左右滚动）：" + first.filter(Boolean).join("、");
  }

  function scroller(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name(wrap));
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  function setUp() {
    document.querySelectorAll("article table").forEach(label);
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    wraps.forEach(scroller);
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { scroller(entry.target); });
      });
      wraps.forEach(function (wrap) { watch.observe(wrap); });
    }
  }

  // the theme wraps tables in their scroller when it mounts the page (document$); then set up
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
