/* Search page enhancements (progressive: the page works without JavaScript):
   suggestions for the query box as you type, and filters/sort that apply on change.
   A static file rather than an inline <script>, so the Content-Security-Policy can
   forbid inline script. */
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var form = document.getElementById("search-form");
  var timer;
  if (input && list && window.fetch) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(function () {
        fetch("/api/v1/suggest?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.suggestions.forEach(function (s) {
              var o = document.createElement("option");
              o.value = s.value;
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  if (form) {
    document.querySelectorAll(".facet input[type=checkbox], #search-sort").forEach(function (el) {
      el.addEventListener("change", function () { form.submit(); });
    });
  }
})();
/* Phones: filters start collapsed under their "Filters" disclosure, so results come first;
   on wide screens they stay open beside the results. */
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (!filters || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fit() { filters.open = !narrow.matches; }
  fit();
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
})();
