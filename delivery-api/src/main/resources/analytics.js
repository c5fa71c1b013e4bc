/* Bitwreckers analytics: cookieless, no storage, no identifiers. Include with
 *   <script defer src="https://api.example.org/api/v1/analytics.js"></script>
 * A document's page names itself with <meta name="bw:view" content="project:campus-marketplace">;
 * named events: window.bitwreckers.track("apply_clicked"). Honours Global Privacy Control and Do Not Track. */
(function () {
  var script = document.currentScript;
  if (!script || navigator.globalPrivacyControl || navigator.doNotTrack === "1") {
    window.bitwreckers = { track: function () {} };
    return;
  }
  var endpoint = new URL("collect", script.src.replace(/analytics\.js.*$/, "")).href;
  function send(beacon) {
    beacon.u = location.href;
    if (document.referrer) beacon.r = document.referrer;
    if (navigator.webdriver) beacon.wd = true;
    var body = JSON.stringify(beacon);
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, body))) {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, headers: { "Content-Type": "text/plain" } });
    }
  }
  function pageview() {
    var view = document.querySelector('meta[name="bw:view"]');
    var parts = view ? view.content.split(":") : [];
    send(parts.length === 2 ? { k: "view", t: parts[0], s: parts[1] } : { k: "pageview" });
  }
  var push = history.pushState;
  history.pushState = function () {
    push.apply(this, arguments);
    pageview();
  };
  window.addEventListener("popstate", pageview);
  window.bitwreckers = { track: function (name) { send({ k: "event", n: name }); } };
  pageview();
})();
