// On a wide screen the search filters sit beside the results: show them open.
// On a phone they stay collapsed so the results come first. Without
// JavaScript the <details> element works on its own.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 60rem)").matches) {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.open = true;
    });
  }
})();
