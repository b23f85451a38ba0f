// Printed pages say where and when they were printed (see print.css).
(function () {
  "use strict";
  var stamp = document.querySelector("[data-print-date]");
  if (!stamp) {
    return;
  }
  function update() {
    var lang = document.documentElement.lang || "en";
    stamp.textContent = new Date().toLocaleDateString(lang, {
      day: "numeric",
      month: "long",
      year: "numeric",
    });
  }
  update();
  window.addEventListener("beforeprint", update);
})();
