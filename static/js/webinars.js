/* Webinars, progressively enhanced. Every page is complete without this script.
 * - <time data-local-time>: adds the moment in the reader's own time zone.
 * - .video-facade: loads a third-party player only when the visitor asks for it.
 * - [data-seek]: transcript lines and chapters move the page's player to that moment.
 * - #question-list[data-refresh-url]: refreshes the audience's questions while a webinar is live.
 */
(function () {
  "use strict";

  function showLocalTimes() {
    var lang = document.documentElement.lang || undefined;
    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
      var moment = new Date(element.getAttribute("datetime"));
      if (isNaN(moment.getTime())) return;
      var text;
      try {
        text = new Intl.DateTimeFormat(lang, {
          weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
        }).format(moment);
      } catch (error) {
        return;
      }
      var note = document.createElement("span");
      note.className = "local-time";
      note.textContent = " " + (element.dataset.localLabel || "") + " " + text;
      element.insertAdjacentElement("afterend", note);
    });
  }

  function playerEmbed(facade) {
    var src = facade.dataset.embedSrc;
    if (!src) return false;
    var frame = document.createElement("iframe");
    var separator = src.indexOf("?") === -1 ? "?" : "&";
    frame.src = src + separator + "autoplay=1";
    frame.title = facade.dataset.embedTitle || "";
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.className = "video-facade__frame";
    facade.replaceChildren(frame);
    frame.focus();
    return true;
  }

  function enableFacades() {
    document.querySelectorAll(".video-facade[data-embed-src]").forEach(function (facade) {
      var link = facade.querySelector(".video-facade__link");
      if (!link) return;
      link.addEventListener("click", function (event) {
        if (playerEmbed(facade)) event.preventDefault();
      });
    });
  }

  function seek(seconds) {
    var player = document.querySelector(".recording__player");
    if (!player) return false;
    player.currentTime = seconds;
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () {});
    player.focus();
    return true;
  }

  function enableSeeking() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-seek]");
      if (link && seek(parseInt(link.dataset.seek, 10) || 0)) event.preventDefault();
    });
    var start = parseInt(new URLSearchParams(window.location.search).get("t"), 10);
    var player = document.querySelector(".recording__player");
    if (start > 0 && player) {
      player.addEventListener("loadedmetadata", function () { player.currentTime = start; }, { once: true });
    }
  }

  function refreshQuestions() {
    var list = document.getElementById("question-list");
    if (!list || !list.dataset.refreshUrl || !window.fetch) return;
    var every = Math.max(2, parseInt(list.dataset.refreshSeconds, 10) || 20) * 1000;
    window.setInterval(function () {
      if (document.hidden) return;
      fetch(list.dataset.refreshUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && html.trim() !== list.innerHTML.trim()) list.innerHTML = html;
        })
        .catch(function () {});
    }, every);
  }

  function start() {
    showLocalTimes();
    enableFacades();
    enableSeeking();
    refreshQuestions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
