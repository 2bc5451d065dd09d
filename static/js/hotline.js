// Keyboard help for the hotline pages. Progressive enhancement: without it the pages still work
// (native access keys, Enter saves from one-line fields, the emergency link jumps to the panel).
(function () {
  "use strict";

  // Alt+letter behaves the same in every browser: focus the field, or press the button, that
  // carries that access key. Handled on keydown so the browser's own handling does not run twice.
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || !/^Key[A-Z]$/.test(event.code)) { return; }
    var letter = event.code.slice(3).toLowerCase();
    var target = document.querySelector('[accesskey="' + letter + '"]');
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName === "BUTTON" || target.tagName === "A") {
      target.click();
    } else {
      target.focus();
      if (target.closest("#emergency")) { target.closest("#emergency").classList.add("is-open"); }
      target.scrollIntoView({ block: "center" });
    }
  });

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
  // The big emergency link puts the cursor straight into "service alerted".
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
