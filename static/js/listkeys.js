// The keyboard of a screen that is a list to work through (the desk's evidence cards, the match
// rows): j/k move the selection, ? shows or hides the keys dialog (#keys-dialog, also opened by any
// [data-show-keys] button), Esc leaves a text field, and the screen's own letters act on the
// selected item. Clicking into an item selects it; an item htmx swaps for its new form stays
// selected. Loaded before the screen's script (desk.js, matches.js), which calls:
//
//   listKeys({ items: ".evidence-card", keys: { a: function (item) { ... } } });
//
// options.items: the CSS selector of the items (each has an id and tabindex);
// options.keys: the screen's letters, each a function given the selected item (or null);
// options.checkboxTakesLetters: false where ticking rows is part of the list (the match rows),
//   so letters still act while a checkbox has the focus.
// A static file because the CSP allows no inline script.
(function () {
  "use strict";

  window.listKeys = function (options) {
    var selectedId = null;
    var checkboxTakesLetters = options.checkboxTakesLetters !== false;

    function items() { return Array.prototype.slice.call(document.querySelectorAll(options.items)); }

    function typing(el) {
      if (!el) { return false; }
      var tag = el.tagName;
      if (tag === "INPUT") { return checkboxTakesLetters || el.type !== "checkbox"; }
      return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
    }

    function selected() { return selectedId && document.getElementById(selectedId); }

    function currentIndex() {
      var list = items();
      for (var i = 0; i < list.length; i++) { if (list[i].id === selectedId) { return i; } }
      return -1;
    }

    function mark(item) {
      items().forEach(function (other) { other.classList.remove("selected"); other.removeAttribute("aria-current"); });
      selectedId = item.id;
      item.classList.add("selected");
      item.setAttribute("aria-current", "true");
    }

    function select(index) {
      var list = items();
      if (!list.length) { return; }
      var item = list[Math.max(0, Math.min(list.length - 1, index))];
      mark(item);
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
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
      if (event.key === "j") {
        select(currentIndex() + 1);
      } else if (event.key === "k") {
        select(currentIndex() - 1);
      } else if (event.key === "?") {
        toggleKeys();
      } else if (Object.prototype.hasOwnProperty.call(options.keys, event.key)) {
        options.keys[event.key](selected());
      } else {
        return;
      }
      event.preventDefault();
    });

    // Clicking into an item makes it the selected one.
    document.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest(options.items);
      if (item && item.id !== selectedId) { mark(item); }
    });

    // htmx replaces a decided item: keep it selected (and focused) in its new form.
    document.addEventListener("htmx:afterSettle", function () {
      var item = selected();
      if (item && !item.classList.contains("selected")) {
        mark(item);
        item.focus({ preventScroll: true });
      }
    });

    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-show-keys]")) { toggleKeys(); }
    });
  };

  // The button of the selected item that `selector` names, clicked (nothing when there is none).
  window.listKeys.click = function (item, selector) {
    var button = item && item.querySelector(selector);
    if (button) { button.click(); }
  };
})();
