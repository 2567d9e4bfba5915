/* Lethe consent banner. No build step, no third-party code. Configuration is prepended by the server as LETHE_CONFIG. */
(function (cfg) {
  "use strict";
  var doc = document, cookie = "lethe_consent_" + cfg.tenant, root = null, listeners = [];
  var lang = (doc.documentElement.lang || "en").toLowerCase().slice(0, 2);
  if (lang === "no" || lang === "nn") { lang = "nb"; }
  if (!cfg.texts[lang]) { lang = "en"; }
  var t = cfg.texts[lang];
  var gpc = navigator.globalPrivacyControl === true;

  function read() {
    var m = doc.cookie.match(new RegExp("(?:^|; )" + cookie + "=([^;]*)"));
    if (!m) { return null; }
    try {
      var s = JSON.parse(decodeURIComponent(m[1]));
      return s && s.v === cfg.version && typeof s.p === "object" ? s : null;
    } catch (e) { return null; }
  }

  function id() {
    var old = read(), b = new Uint8Array(16), s = "";
    if (old && /^[A-Za-z0-9_-]{16,64}$/.test(old.id)) { return old.id; }
    crypto.getRandomValues(b);
    for (var i = 0; i < b.length; i++) { s += ("0" + b[i].toString(16)).slice(-2); }
    return s;
  }

  var state = read();

  function has(purpose) {
    if (purpose === "necessary") { return true; }
    if (gpc && cfg.marketing.indexOf(purpose) >= 0) { return false; }
    return !!(state && state.p[purpose]);
  }

  function activate() {
    var tags = doc.querySelectorAll('script[type="text/plain"][data-lethe-purpose]');
    for (var i = 0; i < tags.length; i++) {
      var tag = tags[i];
      if (has(tag.getAttribute("data-lethe-purpose"))) {
        var s = doc.createElement("script");
        for (var a = 0; a < tag.attributes.length; a++) {
          var at = tag.attributes[a];
          if (at.name !== "type" && at.name !== "data-lethe-purpose") { s.setAttribute(at.name, at.value); }
        }
        s.text = tag.text;
        tag.parentNode.replaceChild(s, tag);
      }
    }
  }

  function announce() {
    var granted = cfg.purposes.filter(function (p) { return has(p.key); }).map(function (p) { return p.key; });
    var ev = new CustomEvent("lethe:consent", { detail: { purposes: granted } });
    window.dispatchEvent(ev);
    doc.dispatchEvent(new CustomEvent("lethe:consent", { detail: { purposes: granted } }));
    for (var i = 0; i < listeners.length; i++) { listeners[i](granted); }
  }

  function send(action, purposes, browser) {
    if (!purposes.length) { return; }
    var body = JSON.stringify({ browser: browser, action: action, purposes: purposes, language: lang, textsHash: cfg.textsHash[lang], gpc: gpc, noticeVersion: cfg.notice });
    try {
      if (!navigator.sendBeacon || !navigator.sendBeacon(cfg.endpoint, new Blob([body], { type: "text/plain" }))) {
        fetch(cfg.endpoint, { method: "POST", body: body, keepalive: true, headers: { "Content-Type": "text/plain" } });
      }
    } catch (e) { /* the choice still holds in this browser; the log misses one event */ }
  }

  function save(choice) {
    var browser = id(), p = {}, given = [], refused = [];
    cfg.purposes.forEach(function (x) {
      if (!x.refusable) { return; }
      var yes = !!choice[x.key] && !(gpc && cfg.marketing.indexOf(x.key) >= 0);
      p[x.key] = yes ? 1 : 0;
      (yes ? given : refused).push(x.key);
    });
    state = { v: cfg.version, id: browser, p: p };
    var secure = location.protocol === "https:" ? "; Secure" : "";
    doc.cookie = cookie + "=" + encodeURIComponent(JSON.stringify(state)) + "; Max-Age=" + cfg.maxAge + "; Path=/; SameSite=Lax" + secure;
    send("given", given, browser);
    send("withdrawn", refused, browser);
    close();
    activate();
    announce();
  }

  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (text) { e.textContent = text; }
    return e;
  }

  function all(value) {
    var c = {};
    cfg.purposes.forEach(function (x) { c[x.key] = value; });
    return c;
  }

  function close() {
    if (root) { root.parentNode.removeChild(root); root = null; }
  }

  function open() {
    close();
    if (!doc.getElementById("lethe-consent-css")) {
      doc.head.appendChild(el("link", { id: "lethe-consent-css", rel: "stylesheet", href: cfg.css }));
    }
    root = el("div", { id: "lethe-consent", role: "dialog", "aria-modal": "false", "aria-labelledby": "lethe-consent-title", lang: lang });
    root.appendChild(el("h2", { id: "lethe-consent-title" }, t.title));
    root.appendChild(el("p", {}, t.intro));
    var list = el("div", { id: "lethe-consent-purposes", hidden: "hidden" });
    cfg.purposes.forEach(function (x) {
      var row = el("div", { "class": "lethe-purpose" });
      var box = el("input", { type: "checkbox", id: "lethe-p-" + x.key, name: x.key });
      var blocked = gpc && cfg.marketing.indexOf(x.key) >= 0;
      if (!x.refusable) { box.checked = true; box.disabled = true; }
      else if (blocked) { box.disabled = true; }
      else if (has(x.key)) { box.checked = true; }
      row.appendChild(box);
      var label = el("label", { "for": "lethe-p-" + x.key }, x.title[lang] || x.title.en);
      row.appendChild(label);
      if (blocked) { row.appendChild(el("p", { "class": "lethe-note" }, t.gpc)); }
      list.appendChild(row);
    });
    root.appendChild(list);
    var buttons = el("div", { "class": "lethe-buttons" });
    var accept = el("button", { type: "button", id: "lethe-accept" }, t.accept);
    var reject = el("button", { type: "button", id: "lethe-reject" }, t.reject);
    var custom = el("button", { type: "button", id: "lethe-customise" }, t.customise);
    accept.addEventListener("click", function () { save(all(true)); });
    reject.addEventListener("click", function () { save(all(false)); });
    custom.addEventListener("click", function () {
      if (list.hidden) { list.hidden = false; custom.textContent = t.save; list.querySelector("input:not([disabled])") && list.querySelector("input:not([disabled])").focus(); return; }
      var c = {};
      cfg.purposes.forEach(function (x) { c[x.key] = doc.getElementById("lethe-p-" + x.key).checked; });
      save(c);
    });
    buttons.appendChild(accept);
    buttons.appendChild(reject);
    buttons.appendChild(custom);
    root.appendChild(buttons);
    root.appendChild(el("a", { href: cfg.policy, "class": "lethe-policy" }, t.policy));
    doc.body.appendChild(root);
    accept.focus();
  }

  window.Lethe = window.Lethe || {};
  window.Lethe.consent = { has: has, open: open, onChange: function (f) { listeners.push(f); } };

  // A "change cookie choices" link anywhere on the site, <a href="…/p/{tenant}/preferences#cookies" data-lethe-consent-open>,
  // opens the banner again; where the script is not on the page the same link leads to the privacy centre's explanation.
  doc.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest("[data-lethe-consent-open]") : null;
    if (link) { e.preventDefault(); open(); }
  });

  function start() {
    if (state) { activate(); announce(); } else { open(); }
  }

  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", start); } else { start(); }
})(LETHE_CONFIG);
