// The queue's bulk bar: tick claims (shift-click ticks a range), tick the whole page, or "all matching";
// only the chosen action's field is shown, and the confirmation names the action and how many claims.
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=claims][form=bulk]"));
  var pageBox = document.getElementById("select-page");
  var allMatching = document.getElementById("id_all_matching");
  var action = document.getElementById("id_action");
  var count = document.getElementById("bulk-count");
  var apply = document.getElementById("bulk-apply");
  var total = parseInt(form.getAttribute("data-total") || "0", 10);
  var last = null;

  function selected() {
    if (allMatching && allMatching.checked) { return total; }
    return boxes.filter(function (box) { return box.checked; }).length;
  }

  function refresh() {
    var n = selected();
    var label = action.options[action.selectedIndex].text.replace(/…$/, "").replace(/ (to|of claim #|with a reason)$/, "");
    count.textContent = n === 0 ? "No claim selected" : n + " claim" + (n === 1 ? "" : "s") + " selected";
    apply.disabled = n === 0;
    form.setAttribute("data-confirm", label + ": " + n + " claim" + (n === 1 ? "" : "s") + "? Each is checked and recorded on its own.");
    if (pageBox) {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      pageBox.checked = ticked > 0 && ticked === boxes.length;
      pageBox.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-for-action]"), function (field) {
      field.hidden = field.getAttribute("data-for-action") !== action.value;
    });
  }

  boxes.forEach(function (box, index) {
    box.addEventListener("click", function (event) {
      if (event.shiftKey && last !== null) {
        var from = Math.min(last, index), to = Math.max(last, index);
        for (var i = from; i <= to; i++) { boxes[i].checked = box.checked; }
      }
      last = index;
      if (allMatching && !box.checked) { allMatching.checked = false; }
      refresh();
    });
  });
  if (pageBox) {
    pageBox.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = pageBox.checked; });
      if (allMatching && !pageBox.checked) { allMatching.checked = false; }
      refresh();
    });
  }
  if (allMatching) {
    allMatching.addEventListener("change", function () {
      if (allMatching.checked) { boxes.forEach(function (box) { box.checked = true; }); }
      refresh();
    });
  }
  action.addEventListener("change", refresh);
  refresh();
})();
