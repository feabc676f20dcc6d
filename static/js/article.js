// The article page: selecting a passage of the article fills the "Add a claim" form with its
// character offsets in the article text. Each paragraph says where it starts (data-offset) and
// holds exactly the article's characters, so a position in it is that offset plus the characters
// before it. A static file because the CSP allows no inline script.
(function () {
  "use strict";

  function paragraphOf(node) {
    var el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return el && el.closest("#article-text p[data-offset]");
  }

  function offsetIn(paragraph, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(paragraph);
    range.setEnd(node, offset);
    return parseInt(paragraph.getAttribute("data-offset"), 10) + range.toString().length;
  }

  function setSelection(start, end, text) {
    var form = document.getElementById("add-claim-form");
    if (!form) { return; }
    form.querySelector("input[name=start]").value = start === null ? "" : String(start);
    form.querySelector("input[name=end]").value = end === null ? "" : String(end);
    var note = document.getElementById("selection-note");
    document.getElementById("selection-text").textContent = text || "";
    note.hidden = start === null;
    var typed = form.querySelector("textarea[name=text]");
    if (typed) { typed.disabled = start !== null; }
  }

  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
    var range = selection.getRangeAt(0);
    var first = paragraphOf(range.startContainer);
    var last = paragraphOf(range.endContainer);
    if (!first || !last) { return; }
    var start = offsetIn(first, range.startContainer, range.startOffset);
    var end = offsetIn(last, range.endContainer, range.endOffset);
    if (end <= start) { return; }
    setSelection(start, end, selection.toString().trim());
  });

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "selection-clear") { setSelection(null, null, ""); }
  });
})();
