// Public site: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  var exit = document.getElementById("quick-exit");
  function leave() {
    // replace(), not assign(): the page being left is taken out of the history, so the Back
    // button does not bring this site back on a shared phone.
    window.location.replace(exit.href);
  }
  if (exit) {
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - lastEscape < 1500) { leave(); }
      lastEscape = now;
    });
  }
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // After checking an offer, move the reader to the result (or to the list of problems).
  var target = document.getElementById("result") || document.getElementById("problems");
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
})();
