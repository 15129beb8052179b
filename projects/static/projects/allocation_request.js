/* The request form shows the fields of the kind chosen (each field's box says its kinds in
   data-kinds). Without the script every field is shown, with its help text saying when it
   is needed. A static file: the CSP forbids inline script. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-kind-form]");
  if (!form) {
    return;
  }
  var boxes = form.querySelectorAll("[data-kinds]");
  var show = function () {
    var chosen = form.querySelector("input[name=kind]:checked");
    var kind = chosen ? chosen.value : "";
    boxes.forEach(function (box) {
      box.hidden = kind !== "" && box.dataset.kinds.split(" ").indexOf(kind) === -1;
    });
  };
  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") {
      show();
    }
  });
  show();
})();
