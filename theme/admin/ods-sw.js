/* Service worker for the web editor (scope: admin/). The portal makes no request to a third-party
 * host, but Sveltia CMS fetches its translations, a library for custom previews and its two fonts
 * from unpkg.com and cdn.jsdelivr.net, asks unpkg.com about newer versions and githubstatus.com about
 * GitHub. Here every such request is answered on this site: the files the build copied from npm
 * (admin/sveltia/) where there is one, an empty answer otherwise, which Sveltia treats like a host
 * that is down. Requests to this site and to the git host (GitHub's API) go out as usual. */
"use strict";

var GIT_HOSTS = ["https://api.github.com"];
var LOCAL = [
  [/^https:\/\/unpkg\.com\/@sveltia\/cms@[^/]+\/locales\/sv\.json$/, "sveltia/sv.json"],
  [/^https:\/\/unpkg\.com\/immutable@[^/]+\/dist\/immutable\.es\.js$/, "sveltia/immutable-es.js"],
  [/^https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/source-sans-3:vf@[^/]+\/latin-wght-normal\.woff2$/,
    "sveltia/fonts/source-sans-3-latin-wght-normal.woff2"],
  [/^https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/material-symbols-outlined:vf@[^/]+\/latin-wght-normal\.woff2$/,
    "sveltia/fonts/material-symbols-outlined-latin-wght-normal.woff2"],
];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim()); // the open editor page is served from its first load
});

self.addEventListener("fetch", function (event) {
  var address = new URL(event.request.url);
  if (address.origin === self.location.origin || GIT_HOSTS.indexOf(address.origin) >= 0) {
    return;
  }
  var local = LOCAL.find(function (entry) { return entry[0].test(address.href); });
  event.respondWith(local ? fetch(new URL(local[1], self.registration.scope).href) : new Response(null, { status: 204 }));
});
