// A round's survey answered without a connection (monitoring/answer.html, docs/user-guide.md).
// Every answer is kept on the phone as it is typed (localStorage, per person and survey); sending
// puts the answers in an outbox that is delivered when the connection returns (the "online"
// event, Background Sync through the service worker, or the next time the page opens). The form
// keeps the submit key it had when first opened, so the server stores a delivery once however
// often it arrives. Before sending, a fresh page is fetched for its CSRF token: the token of a
// page cached days ago may no longer match (signing in again rotates it).
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-survey]");
  if (!form) { return; }
  var status = document.getElementById("offline-status");
  var button = form.querySelector("button[type=submit]");
  var keyField = form.querySelector("input[name=submit_key]");
  var place = "puente:survey:" + form.dataset.offlineSurvey + ":" + location.pathname;
  var DRAFT = place + ":draft";
  var OUTBOX = place + ":outbox";
  var SENT = place + ":sent";
  var SKIPPED = { csrfmiddlewaretoken: true, submit_key: true };
  var sending = false;

  function read(name) {
    try { return JSON.parse(window.localStorage.getItem(name) || "null"); } catch (e) { return null; }
  }
  function write(name, value) {
    try { window.localStorage.setItem(name, JSON.stringify(value)); return true; } catch (e) {
      return false;
    }
  }
  function forget(name) {
    try { window.localStorage.removeItem(name); } catch (e) { /* unavailable */ }
  }

  function say(kind) {
    if (!status) { return; }
    var tone = { sent: " success", signin: " warning", refused: " warning" }[kind] || "";
    status.className = kind ? "message" + tone : "";
    status.dataset.state = kind || "";
    status.textContent = kind ? form.dataset["msg" + kind[0].toUpperCase() + kind.slice(1)] : "";
  }

  // What the form holds now, as name/value pairs (files cannot be kept on the phone).
  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && !SKIPPED[name]) { pairs.push([name, value]); }
    });
    return pairs;
  }

  function saveDraft(typed) {
    var draft = read(DRAFT) || {};
    write(DRAFT, {
      key: draft.key || keyField.value,
      typed: Boolean(typed || draft.typed),
      fields: fields()
    });
  }

  function restore(draft) {
    var values = {};
    draft.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var used = {};
    Array.prototype.forEach.call(form.elements, function (control) {
      var name = control.name;
      if (!name || SKIPPED[name] || control.type === "file" || control.disabled) { return; }
      var kept = values[name] || [];
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = kept.indexOf(control.value) !== -1;
      } else if (control.tagName === "SELECT" && control.multiple) {
        Array.prototype.forEach.call(control.options, function (option) {
          option.selected = kept.indexOf(option.value) !== -1;
        });
      } else if (control.tagName !== "BUTTON") {
        used[name] = (used[name] || 0) + 1;
        control.value = kept.length >= used[name] ? kept[used[name] - 1] : "";
      }
    });
  }

  // Delivered: the page comes again from the server (answered, with a fresh key) and says so.
  function done() {
    forget(OUTBOX);
    forget(DRAFT);
    try { window.sessionStorage.setItem(SENT, "1"); } catch (e) { /* unavailable */ }
    location.replace(location.href);
  }

  // Delivers the outbox: a fresh page first (its CSRF token, and whether the person is still
  // signed in), then the answers with the key they were first opened with.
  function send() {
    var item = read(OUTBOX);
    if (!item || sending) { return; }
    if (!navigator.onLine) { say("saved"); return; }
    sending = true;
    if (button) { button.disabled = true; }
    say("sending");
    var address = location.pathname;
    fetch(address, { credentials: "same-origin", cache: "no-store" }).then(function (page) {
      if (!page.ok || page.redirected) { throw new Error("signin"); }
      return page.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var token = fresh.querySelector("input[name=csrfmiddlewaretoken]");
      if (!token) { throw new Error("signin"); }
      form.querySelector("input[name=csrfmiddlewaretoken]").value = token.value;
      var body = new FormData();
      item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
      body.append("submit_key", item.key);
      body.append("csrfmiddlewaretoken", token.value);
      return fetch(address, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Puente-Outbox": "1", "X-CSRFToken": token.value }
      }).then(function (answer) {
        if (answer.status === 204) {
          done();
        } else if (answer.status === 422) {
          // Some answers need work: the page is sent the ordinary way, to show what.
          forget(OUTBOX);
          say("");
          HTMLFormElement.prototype.submit.call(form);
        } else {
          forget(OUTBOX);
          say("refused");
        }
      });
    }).catch(function (error) {
      say(error && error.message === "signin" ? "signin" : "saved");
    }).then(function () {
      sending = false;
      if (button) { button.disabled = false; }
    });
  }

  function queue(event) {
    event.preventDefault();
    event.stopPropagation();
    saveDraft(true);
    if (!navigator.onLine && !form.checkValidity()) { form.reportValidity(); return; }
    var draft = read(DRAFT);
    if (!draft || !write(OUTBOX, { key: draft.key, fields: draft.fields, at: Date.now() })) {
      // Nothing can be kept on this phone (storage full or refused): sent the ordinary way.
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    say("saved");
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.sync) { return registration.sync.register("puente-outbox"); }
      }).catch(function () { return null; });
    }
    send();
  }

  var draft = read(DRAFT);
  if (draft && draft.key) {
    keyField.value = draft.key;
    // Untouched, the page's own values are as new as the draft's (or newer: answered elsewhere).
    if (draft.typed) { restore(draft); }
  }
  saveDraft(false);
  form.addEventListener("input", function () { saveDraft(true); });
  form.addEventListener("change", function () { saveDraft(true); });
  form.addEventListener("submit", queue);
  window.addEventListener("online", send);
  var sent = null;
  try {
    sent = window.sessionStorage.getItem(SENT);
    window.sessionStorage.removeItem(SENT);
  } catch (e) { /* unavailable */ }
  if (read(OUTBOX)) {
    say("saved");
    send();
  } else if (sent) {
    say("sent");
  } else if (draft && draft.typed) {
    say("restored");
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "flush") { send(); }
      if (data.type === "cached") { form.dataset.offlineReady = "true"; }
    });
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.pathname];
      document.querySelectorAll("script[src], link[href][rel~=stylesheet], link[href][rel~=icon], img[src]")
        .forEach(function (node) { urls.push(node.src || node.href); });
      registration.active.postMessage({ type: "cache", urls: urls });
    }).catch(function () { return null; });
  }
})();
