// Keyboard help for the live call form. Progressive enhancement: without it the form still works
// (Enter saves from one-line fields, the emergency link jumps to the emergency panel).
(function () {
  "use strict";
  var form = document.querySelector(".js-call-form");
  if (!form) { return; }
  function press(value) {
    var button = form.querySelector('button[name="action"][value="' + value + '"]:not([tabindex="-1"])');
    if (button) { button.click(); }
  }
  // Ctrl+Enter (or Cmd+Enter) saves from anywhere in the form, including the notes.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      press("save");
    }
  });
  // Enter in an emergency field records the escalation instead of a plain save.
  form.querySelectorAll(".js-enter-escalate").forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        press("emergency");
      }
    });
  });
  // The big emergency link puts the cursor straight into "who was alerted".
  var panel = document.getElementById("emergency");
  document.querySelectorAll(".js-emergency-jump").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      panel.classList.add("is-open");
      var first = panel.querySelector("select, input");
      if (first) { first.focus(); panel.scrollIntoView({ block: "center" }); }
    });
  });
})();
