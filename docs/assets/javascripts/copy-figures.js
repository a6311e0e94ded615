// Copy buttons on the key-figures page: each copies its sentence (with the source) as plain text,
// followed by the address of the figure on the site (this page, at the sentence's anchor).
// The buttons are hidden in the HTML and shown here, so a reader without JavaScript sees none.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function report(button, ok) {
    button.textContent = ok ? "已复制" : "请手动复制";
    window.setTimeout(function () { button.textContent = "复制"; }, 2000);
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    var link = window.location.href.split("#")[0] + "#" + target.id;
    var text = target.innerText.trim() + "\n" + link;
    button.setAttribute("data-copied", text);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { report(button, true); },
        function () { report(button, fallbackCopy(text)); }
      );
    } else {
      report(button, fallbackCopy(text));
    }
  }

  function setUp() {
    var buttons = document.querySelectorAll("button.jk-copy[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.getAttribute("data-ready")) { return; }
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);  // material's instant loading, if enabled
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
