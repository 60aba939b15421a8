/* Live password checklist: marks each criterion met or not while the user types.
 * The server checks again on submit (and alone decides); this only mirrors the pure rules of
 * vikarieportalen/accounts/password_rules.py. Criteria that need the server (common passwords,
 * earlier passwords) say "checked when you save". No inline script: CSP-friendly. */
(function () {
  "use strict";

  var SWEDISH = /[åäöÅÄÖ]/;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/ø/g, "o").replace(/æ/g, "ae").replace(/ł/g, "l").replace(/đ/g, "d");
  }

  function lettersAndDigits(text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).join("");
  }

  function classCount(value) {
    var found = {};
    Array.from(value).forEach(function (ch) {
      if (/\p{Nd}/u.test(ch)) { found.digit = true; }
      else if (/\p{Lu}/u.test(ch)) { found.capital = true; }
      else if (/\p{Ll}/u.test(ch)) { found.small = true; }
      else { found.special = true; }
    });
    return Object.keys(found).length;
  }

  var RULES = {
    length: function (value, item) { return Array.from(value).length >= Number(item.dataset.min); },
    classes: function (value, item) { return classCount(value) >= Number(item.dataset.min); },
    no_swedish_letters: function (value) { return !SWEDISH.test(value.normalize("NFC")); },
    not_name: function (value, item) {
      var folded = lettersAndDigits(value);
      if (!folded) { return true; }
      if (item.dataset.whole && folded === item.dataset.whole) { return false; }
      return (item.dataset.names || "").split(" ").filter(Boolean).every(function (part) {
        return folded.indexOf(part) === -1;
      });
    }
  };

  function setState(item, state, texts) {
    item.classList.remove("is-met", "is-unmet", "is-pending");
    item.classList.add("is-" + state);
    item.querySelector(".password-checklist__icon").textContent =
      state === "met" ? "✓" : state === "unmet" ? "✗" : "•";
    item.querySelector(".password-checklist__state").textContent = texts[state] + ":";
  }

  function setUp(box) {
    var input = document.getElementById(box.dataset.input);
    if (!input) { return; }
    var status = box.querySelector("[data-status]");
    var items = Array.prototype.slice.call(box.querySelectorAll("[data-rule]"));
    var texts = { met: box.dataset.textMet, unmet: box.dataset.textUnmet, pending: box.dataset.textPending };
    var timer = null;

    function update() {
      var value = input.value;
      var met = 0;
      items.forEach(function (item) {
        var rule = RULES[item.dataset.rule];
        if (item.dataset.live !== "true" || !rule) {
          setState(item, "pending", { pending: box.dataset.textOnSave });
          return;
        }
        if (!value) { setState(item, "pending", texts); return; }
        var ok = rule(value, item);
        if (ok) { met += 1; }
        setState(item, ok ? "met" : "unmet", texts);
      });
      // Announce a summary once the typing pauses, not every keystroke.
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var live = items.filter(function (item) { return item.dataset.live === "true"; }).length;
        status.textContent = value
          ? box.dataset.textSummary.replace("{met}", met).replace("{total}", live)
          : "";
      }, 700);
    }

    input.addEventListener("input", update);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-password-checklist]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
