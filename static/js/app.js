// Factcheck Workbench: small progressive enhancements. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  // Elements with data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
