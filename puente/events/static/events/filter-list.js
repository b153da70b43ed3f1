// A filter box over a long list of checkboxes (the walk-ins of an event's attendance). Without
// this script the box stays hidden and every checkbox is listed: the form works the same.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-filter-list]").forEach(function (list) {
    var box = list.querySelector("[data-filter-box]");
    var input = box.querySelector("input[type=search]");
    var count = list.querySelector("[data-filter-count]");
    var empty = list.querySelector("[data-filter-empty]");
    var options = Array.prototype.map.call(
      list.querySelectorAll("input[type=checkbox]"),
      function (checkbox) {
        var row = checkbox.closest("div");
        return { checkbox: checkbox, row: row, text: fold(row.textContent) };
      }
    );
    function recount() {
      var shown = options.filter(function (o) { return !o.row.hidden; }).length;
      var chosen = options.filter(function (o) { return o.checkbox.checked; }).length;
      count.textContent = count.dataset.template
        .replace("{shown}", shown).replace("{total}", options.length).replace("{chosen}", chosen);
      empty.hidden = shown > 0;
    }
    // Every word typed must appear in the name or role, accents and case aside; people already
    // ticked stay in view, so a choice never disappears while the list is narrowed.
    function filter() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      options.forEach(function (o) {
        o.row.hidden = !o.checkbox.checked && !words.every(function (word) {
          return o.text.indexOf(word) !== -1;
        });
      });
      recount();
    }
    input.addEventListener("input", filter);
    // Enter in the box narrows the list; it does not send the attendance half-done.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    list.addEventListener("change", function (event) {
      if (event.target !== input) { recount(); }
    });
    box.hidden = false;
    filter();
  });
})();
