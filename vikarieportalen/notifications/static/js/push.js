/* Mina uppgifter → Aviseringar: turn push notices on or off for this device (issue 19).
 *
 * The browser's PushManager makes a subscription for the portal's VAPID public key (data-key); its
 * JSON is posted to data-subscribe, with the page's CSRF token. Turning off tells the portal first
 * (data-unsubscribe), then ends the subscription in the browser. The service worker (/sw.js) shows
 * the notices and reports a tap. Without Push API support the page's text says so and no button shows.
 */
(function () {
  "use strict";
  var box = document.getElementById("push-device");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var status = box.querySelector(".push-device__status");
  var onButton = box.querySelector('[data-push-action="on"]');
  var offButton = box.querySelector('[data-push-action="off"]');
  box.querySelector(".push-device__unsupported").hidden = true;

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function show(subscribed) {
    onButton.hidden = subscribed;
    offButton.hidden = !subscribed;
  }

  function say(text) { status.textContent = text; }

  function registration() { return navigator.serviceWorker.ready; }

  registration().then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(function (subscription) { show(Boolean(subscription)); })
    .catch(function () { show(false); });

  onButton.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { say(box.dataset.denied); return undefined; }
      return registration().then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) });
      }).then(function (subscription) {
        return post(box.dataset.subscribe, subscription.toJSON()).then(function (result) {
          if (result.ok) { say(box.dataset.on); show(true); return undefined; }
          say(result.data.error || box.dataset.failed);
          return subscription.unsubscribe();
        });
      });
    }).catch(function () { say(box.dataset.failed); });
  });

  offButton.addEventListener("click", function () {
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) { show(false); return undefined; }
        return post(box.dataset.unsubscribe, { endpoint: subscription.endpoint }).then(function () {
          return subscription.unsubscribe();
        }).then(function () { say(box.dataset.off); show(false); });
      }).catch(function () { say(box.dataset.failed); });
  });
})();
