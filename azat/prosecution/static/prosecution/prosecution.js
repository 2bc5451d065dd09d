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

// Choosing a perpetrator recorded in a victim's case fills in the defendant's role.
(function () {
  "use strict";
  document.querySelectorAll("select[name=perpetrator]").forEach(function (select) {
    var form = select.form;
    var role = form ? form.querySelector("select[name=role]") : null;
    if (!role) return;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var value = option ? option.getAttribute("data-role") : "";
      if (value) role.value = value;
    });
  });
})();
