// Factcheck Workbench: small progressive enhancements. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  // Elements with data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
  // Buttons with data-print open the browser's print dialog (the print stylesheet does the rest).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
})();
