/* The portal's service worker (issue 19), served at /sw.js (core.views.service_worker), which puts
 * the settings `VP` before this file: version, static files to keep, the offline page, the pages
 * kept for offline reading (Mina pass and its bookings) and the log-out address.
 *
 * - Static files (hashed names): from the cache first, kept per release.
 * - Mina pass and a booking: from the network; each answer is kept in the cache "vp-user-<key>",
 *   <key> being the person's offline key (meta vp-user in the page, an HMAC of the user, see
 *   core.web.context_processors.offline_cache_key). Offline, the kept copy is shown with a note saying
 *   when it was saved; without a copy, the offline page.
 * - Never another person's pages: one person's copies at a time. A page from the network with
 *   another key, or with none (logged out), deletes every copy; so does the log-out itself (the
 *   worker sees the POST) and the log-out response's Clear-Site-Data.
 * - Nothing else is kept: other pages come from the network, or the offline page when it fails.
 */
/* global VP */
"use strict";

var STATIC_CACHE = "vp-static-" + VP.version;
var USER_PREFIX = "vp-user-";
var SAVED_AT = "X-VP-Saved-At";
var MONTHS = {
  sv: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // The offline page without the person's cookies: it shows nobody's name.
      var requests = VP.precache.map(function (url) { return new Request(url, { credentials: "same-origin" }); });
      requests.push(new Request(VP.offline, { credentials: "omit", cache: "reload" }));
      return cache.addAll(requests);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("vp-static-") === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      // The page's request starts while the worker boots (a warm start on a slow phone).
      if (self.registration.navigationPreload) return self.registration.navigationPreload.enable();
      return undefined;
    }).then(function () { return self.clients.claim(); })
  );
});

function userCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(USER_PREFIX) === 0; });
  });
}

function forgetEveryone(except) {
  return userCaches().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== except; })
      .map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "logout") event.waitUntil(forgetEveryone(null));
});

function isKeptPage(url) {
  return VP.pages.some(function (pattern) { return new RegExp(pattern).test(url.pathname); });
}

function userKey(html) {
  var match = /<meta name="vp-user" content="([0-9a-f]+)">/.exec(html);
  return match ? match[1] : "";
}

function formatted(date, lang) {
  var months = MONTHS[lang] || MONTHS.sv;
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var separator = lang === "en" ? ":" : ".";
  return date.getDate() + " " + months[date.getMonth()] + " " + pad(date.getHours()) + separator + pad(date.getMinutes());
}

function withOfflineNote(response) {
  var savedAt = new Date(response.headers.get(SAVED_AT) || Date.now());
  return response.text().then(function (html) {
    var lang = (/<html lang="([a-z-]+)"/.exec(html) || [])[1] || "sv";
    html = html
      .replace('id="offline-note" role="status" hidden', 'id="offline-note" role="status"')
      .replace('<time id="offline-saved"></time>',
        '<time id="offline-saved" datetime="' + savedAt.toISOString() + '">' + formatted(savedAt, lang) + "</time>");
    return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function offlinePage() {
  return caches.match(VP.offline, { cacheName: STATIC_CACHE }).then(function (page) {
    return page || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

/* A navigation from the network: keep a copy if it is one of the kept pages, and make sure no
 * other person's copies stay. The page's key says whose it is. */
function remember(request, response) {
  var type = response.headers.get("Content-Type") || "";
  if (response.status !== 200 || type.indexOf("text/html") !== 0 || response.redirected) {
    return Promise.resolve();
  }
  return response.clone().text().then(function (html) {
    var key = userKey(html);
    if (!key) return forgetEveryone(null);
    var name = USER_PREFIX + key;
    return forgetEveryone(name).then(function () {
      if (!isKeptPage(new URL(request.url))) return undefined;
      var headers = new Headers(response.headers);
      headers.set(SAVED_AT, new Date().toISOString());
      return caches.open(name).then(function (cache) {
        return cache.put(request.url, new Response(html, { status: 200, headers: headers }));
      });
    });
  });
}

function savedCopy(request) {
  return userCaches().then(function (names) {
    // One person's copies at a time (see remember): at most one cache to look in.
    if (!names.length) return undefined;
    return caches.open(names[0]).then(function (cache) { return cache.match(request.url); });
  });
}

function navigate(event) {
  var request = event.request;
  return Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(request);
  }).then(function (response) {
    event.waitUntil(remember(request, response));
    return response;
  }, function () {
    return savedCopy(request).then(function (copy) {
      return copy ? withOfflineNote(copy) : offlinePage();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === VP.logout) {
    // Deleted before the log-out goes out: a slow network cannot leave the copies behind.
    event.respondWith(forgetEveryone(null).then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
    return;
  }
  if (url.pathname.indexOf(VP.static) === 0) {
    event.respondWith(
      caches.match(request, { cacheName: STATIC_CACHE }).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
  }
});

/* Push notices (Mina uppgifter → Aviseringar, notifications.push.backend): the payload is JSON with
 * title, body, url (a path on this site), tag and opened (where to report a tap). A tap opens the
 * page and reports it, so the offer's stand-in SMS is not sent. Only paths on this site are opened. */
function sameSitePath(path) {
  return typeof path === "string" && path.charAt(0) === "/" && path.charAt(1) !== "/" ? path : "/";
}

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Vikarieportalen", {
    body: data.body || "",
    tag: data.tag || undefined,
    icon: VP.icon,
    data: { url: sameSitePath(data.url), opened: typeof data.opened === "string" ? sameSitePath(data.opened) : "" },
  }));
});

self.addEventListener("notificationclick", function (event) {
  var data = event.notification.data || {};
  event.notification.close();
  var report = data.opened && data.opened !== "/"
    ? fetch(data.opened, { method: "POST", credentials: "omit" }).catch(function () { return undefined; })
    : Promise.resolve();
  var open = self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var target = new URL(data.url || "/", self.location.origin).href;
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(target);
  });
  event.waitUntil(Promise.all([report, open]));
});
