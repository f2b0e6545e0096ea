// Moves focus to the feedback region after a refused submission (samverkan/lib/feedback.py),
// on page load and after an htmx swap, so that it is seen and read out. Once per region.
(function () {
  "use strict";
  function focusFeedback() {
    var target = document.querySelector("[data-feedback-focus]");
    if (target) {
      target.removeAttribute("data-feedback-focus");
      target.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", focusFeedback);
  document.addEventListener("htmx:afterSettle", focusFeedback);
})();
