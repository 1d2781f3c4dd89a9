// Progressive enhancement only: every page works without it. While a sync runs, the progress panel is refreshed
// from /console/configs/:id/progress (server-rendered, already escaped markup from this origin) once a second.
(function () {
  'use strict';
  var panel = document.getElementById('progress');
  if (!panel || !panel.dataset.progressUrl) return;
  var live = function () {
    return panel.querySelector('[data-running="1"]');
  };
  var first = live();
  if (!first) return;
  // "unknown" (Temporal unreachable when the page was built) keeps polling too, but only a sync seen running
  // reloads the page when it ends: the run history below changed. A reload never repeats a POST (pageUrl is a GET).
  var sawSync = first.dataset.phase !== 'unknown';
  var timer = setInterval(function () {
    fetch(panel.dataset.progressUrl, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) {
        return res.ok ? res.text() : Promise.reject(new Error(String(res.status)));
      })
      .then(function (markup) {
        panel.innerHTML = markup;
        var now = live();
        if (now && now.dataset.phase !== 'unknown') sawSync = true;
        if (!now) {
          clearInterval(timer);
          if (!sawSync || !panel.dataset.pageUrl) return;
          setTimeout(function () {
            window.location.assign(panel.dataset.pageUrl);
          }, 800);
        }
      })
      .catch(function () {
        /* a lost connection shows on the next full page load; keep trying quietly */
      });
  }, 1000);
})();
