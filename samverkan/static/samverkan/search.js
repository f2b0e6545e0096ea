// Enter in a search field inside a form that posts (a body search in a create form,
// templates/structure/_body_search.html) searches instead of submitting the form half
// filled in: the browser's implicit submission is stopped and htmx asked to search.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field || field.type !== "search" || !field.form) return;
    if ((field.form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    event.preventDefault();
    if (window.htmx && field.hasAttribute("data-hx-get")) window.htmx.trigger(field, "search");
  });
})();
