// The match review screen's keyboard: j/k move between matches, x ticks one for the bulk actions,
// c confirms, v confirms and reuses the verdict, r rejects, u undoes, ? shows the keys.
// A static file because the CSP allows no inline script (the same pattern as desk.js).
(function () {
  "use strict";
  var selectedId = null;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".match-row")); }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" && el.type !== "checkbox" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function currentIndex() {
    var list = rows();
    for (var i = 0; i < list.length; i++) { if (list[i].id === selectedId) { return i; } }
    return -1;
  }

  function mark(row) {
    rows().forEach(function (r) { r.classList.remove("selected"); r.removeAttribute("aria-current"); });
    selectedId = row.id;
    row.classList.add("selected");
    row.setAttribute("aria-current", "true");
  }

  function select(index) {
    var list = rows();
    if (!list.length) { return; }
    var row = list[Math.max(0, Math.min(list.length - 1, index))];
    mark(row);
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function clickInSelected(selector) {
    var row = selectedId && document.getElementById(selectedId);
    var button = row && row.querySelector(selector);
    if (button) { button.click(); }
  }

  function toggleTick() {
    var row = selectedId && document.getElementById(selectedId);
    var box = row && row.querySelector("input[type=checkbox]");
    if (box) { box.checked = !box.checked; }
  }

  function toggleKeys() {
    var dialog = document.getElementById("keys-dialog");
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var dialog = document.getElementById("keys-dialog");
    if (dialog && dialog.open && event.key !== "?") { return; }
    switch (event.key) {
      case "j": select(currentIndex() + 1); break;
      case "k": select(currentIndex() - 1); break;
      case "x": toggleTick(); break;
      case "c": clickInSelected("button.confirm"); break;
      case "v": clickInSelected("button.confirm-reuse"); break;
      case "r": clickInSelected("button.reject-match"); break;
      case "u": clickInSelected("button.undo"); break;
      case "?": toggleKeys(); break;
      default: return;
    }
    event.preventDefault();
  });

  // Clicking into a row makes it the selected one.
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(".match-row");
    if (row && row.id !== selectedId) { mark(row); }
  });

  // htmx replaces a decided row: keep it selected (and focused) in its new form.
  document.addEventListener("htmx:afterSettle", function () {
    var row = selectedId && document.getElementById(selectedId);
    if (row && !row.classList.contains("selected")) {
      mark(row);
      row.focus({ preventScroll: true });
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-show-keys]")) { toggleKeys(); }
  });
})();
