// A button that copies the text of a read-only field (the link to check a certificate). Without
// script the button stays hidden and the field's text can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
      }, function () {
        field.select();
      });
    });
  });
  document.querySelectorAll(".copy-source").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
