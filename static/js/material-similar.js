// The material page's "Similar materials": the page ships a section holding a link to
// /materials/<slug>/similar/ (what a browser without script follows) and, here, after the page
// has loaded, that section is replaced by the list itself, fetched from the URL in its
// data-similar-src (?part=1: the section alone). Finding neighbours costs the search engine a
// scan of every vector, so the page does not wait for it. Nothing similar: the section goes.
// A file, not inline script: the site's Content-Security-Policy forbids inline script.
(function () {
  var section = document.querySelector("section[data-similar-src]");
  if (!section || !window.fetch || !window.DOMParser) {
    return;
  }
  fetch(section.getAttribute("data-similar-src"), {
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("similar materials: HTTP " + response.status);
      }
      return response.text();
    })
    .then(function (html) {
      // DOMParser runs no script of what it parses; the section is same-origin markup.
      var found = new DOMParser()
        .parseFromString(html, "text/html")
        .querySelector("section.material-similar");
      if (found) {
        section.replaceWith(document.importNode(found, true));
      } else {
        section.remove();
      }
    })
    .catch(function () {
      // The link stays: it leads to the same list on a page of its own.
    });
})();
