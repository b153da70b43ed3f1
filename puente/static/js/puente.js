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
  document.addEventListener("input", function (event) {
    if (event.target.form) { delete event.target.form.dataset.arrived; }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var arrived = Number(form.dataset.arrived || 0);
    var creates = form.querySelector("input[name$=submit_key]");
    if (creates && arrived && Date.now() - arrived < 500) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Focus stays where the person was: a disabled control loses it, so it is given back to the
  // control with the same id in what replaced it (the field one was typing in, a "move up").
  document.addEventListener("htmx:afterSettle", function (event) {
    var now = Date.now();
    var root = event.detail.elt;
    if (root && root.querySelectorAll) {
      if (root.tagName === "FORM") { root.dataset.arrived = String(now); }
      root.querySelectorAll("form").forEach(function (form) { form.dataset.arrived = String(now); });
    }
    if (!pendingFocus) { return; }
    var again = document.getElementById(pendingFocus);
    pendingFocus = "";
    var lost = !document.activeElement || document.activeElement === document.body;
    if (again && lost && !again.disabled) { again.focus(); }
  });
})();
