/* The app shell (issue 19), for the content security policy a static file (no inline scripts).
 *
 * - The header's menu button: without JavaScript a link that shows the panel (:target); here a
 *   button with aria-expanded that opens the panel, keeps the focus inside it (Tab and Shift+Tab
 *   cycle), and closes on Esc (focus back on the button) or a click outside.
 * - The bottom bar's "More" opens the same menu.
 * - A button with data-confirm asks before its form is sent (the start page's one-tap answers).
 * - The service worker (sw.js, URL in this script's data-sw) is registered; on log-out the saved
 *   copies of the person's pages are deleted before the form is sent (the worker does so too).
 */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";
  var script = document.currentScript;

  function visible(element) {
    return element.offsetParent !== null || element.getClientRects().length > 0;
  }

  function setUpMenu() {
    var link = document.querySelector("[data-menu-toggle]");
    var panel = document.querySelector("[data-menu-panel]");
    if (!link || !panel) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.id = link.id;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    link.replaceWith(button);
    if (window.location.hash === "#" + panel.id) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }

    function focusables() {
      return Array.prototype.filter.call(panel.querySelectorAll(FOCUSABLE), visible);
    }
    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }
    function open() {
      panel.classList.add("is-open");
      button.setAttribute("aria-expanded", "true");
      var first = panel.querySelector(".site-nav a") || focusables()[0];
      if (first) first.focus();
    }
    function close(returnFocus) {
      panel.classList.remove("is-open");
      button.setAttribute("aria-expanded", "false");
      if (returnFocus) button.focus();
    }

    button.addEventListener("click", function () {
      if (isOpen()) close(true);
      else open();
    });
    document.querySelectorAll("[data-menu-open]").forEach(function (more) {
      more.addEventListener("click", function (event) {
        event.preventDefault();
        window.scrollTo(0, 0);
        open();
      });
    });
    document.addEventListener("keydown", function (event) {
      if (!isOpen()) return;
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
        return;
      }
      if (event.key !== "Tab") return;
      // The trap: the button and the panel's visible controls, round and round.
      var items = [button].concat(focusables());
      var index = items.indexOf(document.activeElement);
      var next = event.shiftKey ? index - 1 : index + 1;
      if (index === -1 || next < 0 || next >= items.length) {
        event.preventDefault();
        items[(next + items.length) % items.length].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (isOpen() && !panel.contains(event.target) && !button.contains(event.target) &&
          !event.target.closest("[data-menu-open]")) {
        close(false);
      }
    });
  }

  function setUpConfirm() {
    document.addEventListener("click", function (event) {
      var trigger = event.target.closest("button[data-confirm]");
      if (trigger && !window.confirm(trigger.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  function clearSavedCopies() {
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("vp-user-") === 0;
      }).map(function (name) {
        return caches.delete(name);
      }));
    });
  }

  function setUpLogout() {
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.cleared) return;
        event.preventDefault();
        var send = function () {
          form.dataset.cleared = "1";
          form.submit();
        };
        // Never wait long: the worker deletes them too when it sees the log-out.
        Promise.race([clearSavedCopies(), new Promise(function (resolve) { setTimeout(resolve, 1000); })])
          .then(send, send);
      });
    });
  }

  function registerWorker() {
    var url = script && script.getAttribute("data-sw");
    if (!url || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      /* No offline copies then; the portal works as before. */
    });
  }

  function start() {
    setUpMenu();
    setUpConfirm();
    setUpLogout();
    registerWorker();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
