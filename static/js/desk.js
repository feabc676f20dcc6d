// The claim desk's keyboard (listkeys.js): j/k move between evidence, a/r accept/reject the
// selected one, s saves the verdict draft, ? shows the keys.
(function () {
  "use strict";
  listKeys({
    items: ".evidence-card",
    keys: {
      a: function (card) { listKeys.click(card, "button.accept"); },
      r: function (card) { listKeys.click(card, "button.reject"); },
      s: function () {
        var save = document.querySelector("[data-save]");
        if (save && save.form) { save.form.requestSubmit(save); }
      },
    },
  });
})();
