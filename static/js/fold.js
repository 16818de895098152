// Sections folded on a phone (<details class="fold" data-open-wide>) open on wider screens,
// so a phone's first screen shows the results and a desktop shows everything at once.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48.01rem)");
  function apply() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (fold) {
      if (wide.matches) fold.open = true;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
