// Find your council: filters the list that is already on the page. Without this script the
// whole list shows, grouped by region; with it, a search box above the list hides the councils
// whose name (or successor's name, or code) does not contain what was typed.
(function () {
  "use strict";
  var box = document.querySelector("[data-council-filter]");
  var list = document.getElementById("council-list");
  if (!box || !list) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var none = document.querySelector(".council-filter-none");
  var index = document.querySelector(".region-index");
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-search]"));
  var sections = Array.prototype.slice.call(list.querySelectorAll("section"));
  var timer = 0;

  function words(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function apply() {
    var wanted = words(input.value);
    var shown = 0;
    items.forEach(function (item) {
      var match = !wanted || words(item.getAttribute("data-search")).indexOf(wanted) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li[data-search]:not([hidden])");
    });
    if (none) none.hidden = shown !== 0;
    if (index) index.hidden = Boolean(wanted);
    // Announced once typing pauses, so a screen reader is not interrupted on every key.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      status.textContent = !wanted ? "" : shown === 1 ? "1 council matches" : shown + " councils match";
    }, 400);
  }

  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (event) {
    // Enter goes to the only match, as a reader who typed a whole name expects.
    if (event.key !== "Enter") return;
    var visible = items.filter(function (item) { return !item.hidden; });
    event.preventDefault();
    if (visible.length === 1) visible[0].querySelector("a").click();
  });
  box.hidden = false;
  if (input.value) apply();
})();
