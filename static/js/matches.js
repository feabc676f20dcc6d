// The match review screen's keyboard (listkeys.js): j/k move between matches, x ticks one for the
// bulk actions, c confirms, v confirms and reuses the verdict, r rejects, u undoes, ? shows the keys.
(function () {
  "use strict";
  listKeys({
    items: ".match-row",
    // A row's tick box is part of the list: the letters keep working after clicking one.
    checkboxTakesLetters: false,
    keys: {
      x: function (row) {
        var box = row && row.querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; }
      },
      c: function (row) { listKeys.click(row, "button.confirm"); },
      v: function (row) { listKeys.click(row, "button.confirm-reuse"); },
      r: function (row) { listKeys.click(row, "button.reject-match"); },
      u: function (row) { listKeys.click(row, "button.undo"); },
    },
  });
})();
