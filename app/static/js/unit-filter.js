// Narrows a long list of units to those whose code or title holds what is typed. Without
// script, every unit stays listed in its framework's group; nothing is chosen or lost by it.
(function () {
  "use strict";
  document.querySelectorAll("[data-unit-filter]").forEach(function (box) {
    var input = box.querySelector("input");
    var count = box.querySelector("[data-shown-text]");
    var scope = document.getElementById(box.getAttribute("data-unit-filter"));
    box.hidden = false;
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase();
      var shown = 0;
      scope.querySelectorAll("[data-unit-text]").forEach(function (item) {
        item.hidden = term !== "" && item.getAttribute("data-unit-text").indexOf(term) === -1;
        if (!item.hidden) { shown += 1; }
      });
      scope.querySelectorAll(".unit-level").forEach(function (heading) {
        var list = heading.nextElementSibling;
        heading.hidden = list.querySelector("[data-unit-text]:not([hidden])") === null;
        list.hidden = heading.hidden;
      });
      scope.querySelectorAll("details").forEach(function (group) {
        group.hidden = group.querySelector("[data-unit-text]:not([hidden])") === null;
        if (term !== "") { group.open = true; }
      });
      count.textContent = term === "" ? "" : count.getAttribute("data-shown-text").replace("{count}", shown);
    });
  });
})();
