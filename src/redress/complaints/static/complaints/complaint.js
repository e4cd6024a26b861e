/* The complaint page: add and remove the rows of a resolution plan's redress. Without it the form keeps
   the rows the page drew (the server accepts any number of rows). */
(function () {
  "use strict";
  if (window.redressComplaintPage) return;
  window.redressComplaintPage = true;

  var NUMBERED = /redress_(\d+|__n__)_/;

  function renumber(tbody) {
    var rows = tbody.querySelectorAll("tr[data-redress-row]");
    for (var n = 0; n < rows.length; n++) {
      var fields = rows[n].querySelectorAll("input, select, textarea, label");
      for (var i = 0; i < fields.length; i++) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = fields[i].getAttribute(attr);
          if (value) fields[i].setAttribute(attr, value.replace(NUMBERED, "redress_" + n + "_"));
        });
      }
      var numbers = rows[n].querySelectorAll(".row-number");
      for (var k = 0; k < numbers.length; k++) numbers[k].textContent = String(n + 1);
    }
  }

  function reveal(root) {
    var buttons = (root || document).querySelectorAll("[data-redress-add], [data-redress-remove]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var add = target.closest("[data-redress-add]");
    if (add) {
      var set = add.closest("[data-redress-rows]");
      var tbody = set.querySelector("tbody");
      var template = set.querySelector("template[data-redress-template]");
      tbody.appendChild(template.content.cloneNode(true));
      renumber(tbody);
      reveal(tbody);
      var rows = tbody.querySelectorAll("tr[data-redress-row]");
      var first = rows[rows.length - 1].querySelector("select, input");
      if (first) first.focus();
      event.preventDefault();
      return;
    }
    var remove = target.closest("[data-redress-remove]");
    if (remove) {
      var body = remove.closest("tbody");
      remove.closest("tr").remove();
      renumber(body);
      event.preventDefault();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  } else {
    reveal(document);
  }
  document.addEventListener("htmx:afterSettle", function () { reveal(document); });
})();
