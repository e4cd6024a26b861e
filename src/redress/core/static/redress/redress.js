/* redress staff pages: small progressive enhancements on top of htmx. Everything works without it. */
(function () {
  "use strict";

  // After htmx replaced the page body, bring keyboard and screen-reader users to what changed:
  // the first message (success or error), else the main landmark.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    // Only whole-page swaps (the action forms); a filtered queue keeps the focus where it is.
    if (!target || target.id !== "main") return;
    var first = document.querySelector("#main .alert") || document.querySelector("#main .form-errors") ||
      document.querySelector("#main .has-error input, #main .has-error select, #main .has-error textarea");
    var focusable = first || document.getElementById("main");
    if (focusable) {
      if (!focusable.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA)$/.test(focusable.tagName)) {
        focusable.setAttribute("tabindex", "-1");
      }
      focusable.focus({ preventScroll: true });
      focusable.scrollIntoView({ block: "nearest" });
    }
  });
})();
