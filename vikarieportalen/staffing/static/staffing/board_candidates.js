// Candidates page: filter the lists as the staffing centre types (the search form works without it).
(function () {
  "use strict";
  var input = document.querySelector("[data-live-filter=candidate]");
  var status = document.getElementById("candidate-search-status");
  if (!input) {
    return;
  }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      var hit = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      item.hidden = !hit;
      if (hit) {
        shown += 1;
      }
    });
    if (status) {
      status.textContent = status.getAttribute("data-template").replace("{count}", String(shown));
    }
  }
  input.addEventListener("input", filter);
})();
