// Search as you type: the top titles under the search box. The form works without this.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var box = document.getElementById("search-suggestions");
  if (!input || !box || !input.form) return;
  var suggestUrl = input.form.getAttribute("action").replace(/\/?$/, "/") + "suggest";
  var timer = null;
  var latest = 0;

  function show(results) {
    box.replaceChildren();
    if (!results.length) return;
    var list = document.createElement("ul");
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title; // text, never markup
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function suggest() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) return show([]);
    fetch(suggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === latest) show(data.results || []); })
      .catch(function () { if (ticket === latest) show([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
})();
