// Puente's only script: small progressive enhancements. Pages work without it.
(function () {
  "use strict";
  // A form being sent cannot be sent again by a second click (the server also guards this).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) { return; }
    if (form.dataset.submitted === "true") { event.preventDefault(); return; }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
  });
  // A time-zone list (select[data-zone-search], grouped by country) gets a search box: typing
  // "bogo" or "colom" keeps the matching countries and cities and chooses the first of them.
  // Without this script the list still works: its options start with the country's name.
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function zoneSearch(select) {
    if (select.dataset.zoneSearchReady) { return; }
    select.dataset.zoneSearchReady = "true";
    var all = Array.prototype.map.call(select.children, function (node) {
      return node.cloneNode(true);
    });
    var box = document.createElement("div");
    box.className = "zone-search";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("span");
    input.type = "search";
    input.id = select.id + "-search";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    label.htmlFor = input.id;
    label.textContent = select.dataset.zoneSearch;
    status.className = "muted";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);
    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var current = select.value;
      var found = 0;
      function matches(option) {
        var text = plain(option.textContent + " " + option.value);
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      }
      var kept = all.map(function (node) {
        if (node.tagName !== "OPTGROUP") { return matches(node) ? node.cloneNode(true) : null; }
        var group = node.cloneNode(false);
        Array.prototype.forEach.call(node.children, function (option) {
          if (matches(option)) { group.appendChild(option.cloneNode(true)); }
        });
        return group.children.length ? group : null;
      }).filter(Boolean);
      kept.forEach(function (node) { found += node.tagName === "OPTGROUP" ? node.children.length : 1; });
      select.textContent = "";
      (found ? kept : all.map(function (node) { return node.cloneNode(true); })).forEach(
        function (node) { select.appendChild(node); }
      );
      if (!words.length) {
        select.value = current;
        status.textContent = "";
      } else if (found) {
        select.selectedIndex = 0;
        status.textContent = select.dataset.zoneFound + " " + found + " · " +
          select.options[0].textContent;
      } else {
        select.value = current;
        status.textContent = select.dataset.zoneNone;
      }
    });
  }
  function enhance(root) {
    root.querySelectorAll("select[data-zone-search]").forEach(zoneSearch);
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // Forms loaded by htmx (a meeting's, on the relationship page) get theirs too.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  // Filters that update results as you type or choose (forms marked data-autosubmit use htmx).
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });
})();
