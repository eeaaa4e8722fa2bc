// Tooltips for the inline SVG charts. The charts are complete without this script: it only
// shows the label vl-convert already wrote on each mark, on hover and on keyboard focus.
(function () {
  "use strict";
  // Every mark vl-convert labelled: bars, and the text that stands in for suppressed values.
  var MARKS = ".role-mark > [aria-label]";
  document.querySelectorAll(".chart-graphic").forEach(function (box) {
    var tip = document.createElement("div");
    tip.className = "chart-tooltip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    box.appendChild(tip);
    function show(mark) {
      var label = mark.getAttribute("aria-label");
      if (!label) { return; }
      tip.textContent = label.replace(/; /g, " · ");
      tip.hidden = false;
      var a = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
      var left = Math.min(a.left - b.left, Math.max(0, b.width - tip.offsetWidth));
      tip.style.left = Math.max(0, left) + "px";
      tip.style.top = (a.bottom - b.top + 4) + "px";
    }
    function hide() { tip.hidden = true; }
    box.querySelectorAll(MARKS).forEach(function (mark) {
      mark.setAttribute("tabindex", "0");
      mark.addEventListener("mouseenter", function () { show(mark); });
      mark.addEventListener("focus", function () { show(mark); });
      mark.addEventListener("mouseleave", hide);
      mark.addEventListener("blur", hide);
    });
  });
})();
