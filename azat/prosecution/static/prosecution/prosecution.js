// The ground of a dismissal is asked only when the next step is a dismissal.
(function () {
  "use strict";
  document.querySelectorAll(".step-form").forEach(function (form) {
    var status = form.querySelector("select[name=to_status]");
    var ground = form.querySelector("select[name=ground]");
    if (!status || !ground) return;
    var box = ground.closest("div");
    function sync() {
      var dismissing = status.value === "dismissed";
      if (box) box.classList.toggle("is-hidden", !dismissing);
      if (!dismissing) ground.value = "";
    }
    status.addEventListener("change", sync);
    sync();
  });
})();
