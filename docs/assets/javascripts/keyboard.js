// Keyboard use of the theme's header on a narrow screen.  The menu button is a <label> for a
// hidden checkbox, which a keyboard cannot reach: it is made a button here (a tab stop; Enter or
// Space opens and closes the menu; aria-expanded says which), the menu takes the focus when it
// opens and gives it back on Escape.  While the menu is closed it is off screen, and jiekun.css
// takes it out of the tab order (under html.jk-keyboard, set here, so without JavaScript nothing
// changes).  The search results box is a tab stop of its own only while search is open: tabbing
// out of the search box closes it, and the focus must not land in an empty, invisible box.
(function () {
  "use strict";

  function focusFirst(nav) {
    var links = nav.querySelectorAll("a[href], [tabindex='0']");
    for (var i = 0; i < links.length; i++) {
      var box = links[i].getBoundingClientRect();
      var top = box.width > 0 && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (top && links[i].contains(top)) { links[i].focus(); return; }  // on screen, and not covered
    }
  }

  function menu() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!toggle || !button || button.hasAttribute("tabindex")) { return; }
    var nav = document.querySelector(".md-sidebar--primary");
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    if (!button.getAttribute("aria-label")) { button.setAttribute("aria-label", "导航菜单"); }
    var state = function () { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); };
    state();
    toggle.addEventListener("change", state);
    toggle.addEventListener("change", function () { document.documentElement.classList.add("jk-menu-used"); });
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") { return; }
      event.preventDefault();
      event.stopPropagation();  // the theme's own key handler would toggle the menu a second time
      toggle.click();
      if (toggle.checked && nav) { window.setTimeout(function () { focusFirst(nav); }, 260); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        toggle.click();
        button.focus();
      }
    });
  }

  function searchResults() {
    var toggle = document.getElementById("__search");
    var box = document.querySelector(".md-search__scrollwrap[tabindex]");
    if (!toggle || !box) { return; }
    var state = function () { box.setAttribute("tabindex", toggle.checked ? "0" : "-1"); };
    state();
    toggle.addEventListener("change", state);
    var input = document.querySelector(".md-search__input");
    if (input) { input.addEventListener("focus", function () { box.setAttribute("tabindex", "0"); }); }
    if (input) { input.addEventListener("keydown", function (e) { if (e.key === "Tab") { box.setAttribute("tabindex", "-1"); } }); }
  }

  function setUp() {
    document.documentElement.classList.add("jk-keyboard");
    menu();
    searchResults();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
