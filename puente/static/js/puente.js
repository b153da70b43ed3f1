// Puente's only script: small progressive enhancements. Pages work without it.
(function () {
  "use strict";
  var HELD = "data-puente-held";
  var pendingFocus = "";

  function controls(elt) {
    return elt.tagName === "FORM" ? Array.prototype.slice.call(elt.elements) : [elt];
  }

  // A form being sent can be neither sent again nor changed until its answer comes: its buttons
  // and fields are disabled meanwhile (what was typed cannot be lost under the answer, and a
  // second click does nothing). The server guards too: every create form carries a submit key.
  function hold(elt) {
    controls(elt).forEach(function (control) {
      if (control.type === "hidden" || control.disabled) { return; }
      control.disabled = true;
      control.setAttribute(HELD, "");
    });
    elt.setAttribute("aria-busy", "true");
  }

  function release(elt) {
    controls(elt).forEach(function (control) {
      if (control.hasAttribute(HELD)) {
        control.disabled = false;
        control.removeAttribute(HELD);
      }
    });
    elt.removeAttribute("aria-busy");
    delete elt.dataset.submitted;
  }

  // Plain forms: held just after the browser has read what they send (a control disabled before
  // would send nothing), and released when the page comes back from the history, or after a while
  // when the answer was a download and the page stays.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) { return; }
    if (form.dataset.submitted === "true") { event.preventDefault(); return; }
    form.dataset.submitted = "true";
    window.setTimeout(function () {
      hold(form);
      window.setTimeout(function () { release(form); }, 15000);
    }, 0);
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
  // A page brought back from the history has nothing on its way: its held forms are released.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[aria-busy=true]").forEach(release);
  });

  // htmx: whatever posts (a form, a button) is held from the moment its values are read until the
  // answer arrives; the answer usually replaces it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !event.detail.requestConfig || event.detail.requestConfig.verb === "get") { return; }
    var active = document.activeElement;
    pendingFocus = active && active.id && elt.contains(active) ? active.id : "";
    hold(elt);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute("aria-busy")) { release(elt); }
  });
  // A double click whose first click was answered at once must not send the fresh create form
  // that replaced the one sent (empty, it would only come back with errors): a form with a submit
  // key that arrived less than half a second ago, untouched since, is not sent.
  // (Touched is kept on the form itself: typing may come before htmx marks the form's arrival.)
  document.addEventListener("input", function (event) {
    if (event.target.form) { event.target.form.dataset.touched = "true"; }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var arrived = Number(form.dataset.arrived || 0);
    var creates = form.querySelector("input[name$=submit_key]");
    if (creates && arrived && !form.dataset.touched && Date.now() - arrived < 500) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A refused form comes back with an error summary at its top (includes/error_summary.html):
  // focus moves to it, when the page loads or when htmx swaps it in, so that a screen reader reads
  // it and the person starts there. Each summary is focused once.
  function focusErrorSummary() {
    var found = document.querySelectorAll("[data-error-summary]:not([data-focused])");
    Array.prototype.forEach.call(found, function (summary) { summary.dataset.focused = "true"; });
    if (!found.length) { return false; }
    found[0].focus();
    return true;
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
  // Its links take focus to the field in error (a closed section holding it opens), its label in
  // view; without this script they still scroll there.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var closed = field.closest("details:not([open])");
    if (closed) { closed.open = true; }
    (field.closest(".field, fieldset, td") || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  // Focus stays where the person was: a disabled control loses it, so it is given back to the
  // control with the same id in what replaced it (the field one was typing in, a "move up").
  // An answer with an error summary takes it there instead.
  document.addEventListener("htmx:afterSettle", function (event) {
    var now = Date.now();
    var root = event.detail.elt;
    if (root && root.querySelectorAll) {
      if (root.tagName === "FORM") { root.dataset.arrived = String(now); }
      root.querySelectorAll("form").forEach(function (form) { form.dataset.arrived = String(now); });
    }
    if (focusErrorSummary()) { pendingFocus = ""; return; }
    if (!pendingFocus) { return; }
    var again = document.getElementById(pendingFocus);
    pendingFocus = "";
    var lost = !document.activeElement || document.activeElement === document.body;
    if (again && lost && !again.disabled) { again.focus(); }
  });
})();
