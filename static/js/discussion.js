/* The discussion, progressively enhanced. Every page works without this script.
 * - a[data-more-replies]: "Show N more replies" fetches the thread's next replies (the same URL
 *   with ?fragment=1) and puts them in place of the link; on any failure, the link is followed.
 * - A link to a comment (#c123) that is not on this page (an older link, another page of
 *   threads) goes through the comment's own link, which lands on the page that holds it.
 */
(function () {
  "use strict";

  function loadMoreReplies(event) {
    var link = event.target.closest("a[data-more-replies]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    var item = link.closest("li");
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("fragment", "1");
    link.setAttribute("aria-busy", "true");
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        var first = template.content.querySelector("li.comment");
        item.replaceWith(template.content);
        if (first) {
          var added = document.getElementById(first.id);
          if (added) {
            added.setAttribute("tabindex", "-1");
            added.focus();
          }
        }
      })
      .catch(function () {
        window.location.href = link.href;
      });
  }

  function followCommentLink() {
    var match = /^#c(\d+)$/.exec(window.location.hash);
    var section = document.getElementById("discussion");
    if (!match || !section || document.getElementById("c" + match[1])) return;
    var pattern = section.getAttribute("data-comment-url");
    if (pattern) window.location.replace(pattern.replace(/\/0\/$/, "/" + match[1] + "/"));
  }

  document.addEventListener("click", loadMoreReplies);
  followCommentLink();
  window.addEventListener("hashchange", followCommentLink);
})();
