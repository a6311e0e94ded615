/* Case-study filters: hide list items whose data-* attributes do not hold the chosen codes.
   The choice is kept in the address (?causes=illness&region=410000) so a filtered list can be shared.
   When the page lists only the newest cases (data-total larger than the list), the whole list is
   loaded from index.json and inserted as text. */
(function () {
  "use strict";
  function itemFrom(entry) {
    var li = document.createElement("li");
    li.className = "jk-case";
    Object.keys(entry.data).forEach(function (key) { li.setAttribute("data-" + key, entry.data[key]); });
    var a = document.createElement("a");
    a.href = entry.url;
    a.textContent = entry.title;
    var meta = document.createElement("span");
    meta.className = "jk-case-meta";
    meta.textContent = entry.meta;
    li.append(a, meta);
    entry.tags.forEach(function (label) {
      var tag = document.createElement("span");
      tag.className = "jk-tag";
      tag.textContent = label;
      li.append(" ", tag);
    });
    return li;
  }
  function setup() {
    var selects = document.querySelectorAll(".jk-filters select[data-filter]");
    var list = document.querySelector(".jk-case-list");
    if (!selects.length || !list) { return; }
    var count = document.querySelector(".jk-filter-count");
    var empty = document.querySelector(".jk-empty");
    var params = new URLSearchParams(window.location.search);
    function apply() {
      var items = list.querySelectorAll(".jk-case");
      var shown = 0;
      items.forEach(function (item) {
        var ok = Array.prototype.every.call(selects, function (s) {
          if (!s.value) { return true; }
          var have = (item.getAttribute("data-" + s.dataset.filter) || "").split(" ");
          return have.indexOf(s.value) !== -1;
        });
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = "显示 " + shown + " / " + items.length + " 个案例"; }
      if (empty) { empty.hidden = shown !== 0; }
    }
    function remember() {
      var query = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) { query.set(s.dataset.filter, s.value); } });
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    }
    selects.forEach(function (s) {
      var wanted = params.get(s.dataset.filter);
      if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) { s.value = wanted; }
      s.addEventListener("change", function () { apply(); remember(); });
    });
    apply();
    var total = parseInt(list.dataset.total || "0", 10);
    if (total > list.querySelectorAll(".jk-case").length && list.dataset.source) {
      fetch(list.dataset.source).then(function (r) { return r.json(); }).then(function (entries) {
        list.replaceChildren.apply(list, entries.map(itemFrom));
        apply();
      });
    }
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
