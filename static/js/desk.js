// The claim desk's keyboard: j/k move between evidence, a/r accept/reject the selected one,
// s saves the verdict draft, ? shows the keys. A static file because the CSP allows no inline script.
(function () {
  "use strict";
  var selectedId = null;

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".evidence-card")); }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function currentIndex() {
    var list = cards();
    for (var i = 0; i < list.length; i++) { if (list[i].id === selectedId) { return i; } }
    return -1;
  }

  function select(index) {
    var list = cards();
    if (!list.length) { return; }
    index = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (card) { card.classList.remove("selected"); card.removeAttribute("aria-current"); });
    var card = list[index];
    selectedId = card.id;
    card.classList.add("selected");
    card.setAttribute("aria-current", "true");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function clickInSelected(selector) {
    var card = selectedId && document.getElementById(selectedId);
    var button = card && card.querySelector(selector);
    if (button) { button.click(); }
  }

  function toggleKeys() {
    var dialog = document.getElementById("keys-dialog");
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      // Esc leaves a field so the single-letter keys work again.
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var dialog = document.getElementById("keys-dialog");
    if (dialog && dialog.open && event.key !== "?") { return; }
    switch (event.key) {
      case "j": select(currentIndex() + 1); break;
      case "k": select(currentIndex() - 1); break;
      case "a": clickInSelected("button.accept"); break;
      case "r": clickInSelected("button.reject"); break;
      case "s": {
        var save = document.querySelector("[data-save]");
        if (save && save.form) { save.form.requestSubmit(save); }
        break;
      }
      case "?": toggleKeys(); break;
      default: return;
    }
    event.preventDefault();
  });

  // Clicking into a card makes it the selected one.
  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".evidence-card");
    if (card && card.id !== selectedId) {
      cards().forEach(function (c) { c.classList.remove("selected"); });
      selectedId = card.id;
      card.classList.add("selected");
    }
  });

  // htmx replaces a decided card: keep it selected (and focused) in its new form.
  document.addEventListener("htmx:afterSettle", function () {
    var card = selectedId && document.getElementById(selectedId);
    if (card && !card.classList.contains("selected")) {
      card.classList.add("selected");
      card.focus({ preventScroll: true });
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-show-keys]")) { toggleKeys(); }
  });
})();
