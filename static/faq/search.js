// Search as you type, on every page: the header's search box becomes a WAI-ARIA 1.2
// combobox with a listbox of matching questions. Without JavaScript the form still searches.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var status = document.getElementById("search-status");
  if (!input || !list || !input.form) return;
  var form = input.form;
  var DEBOUNCE_MS = 200;
  var timer = null;
  var pending = null; // the AbortController of the request in flight
  var typed = input.value; // what the visitor typed, restored by Escape
  var active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function open() {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function announce(count) {
    status.textContent = count ? form.dataset.status.replace("{n}", count) : "";
  }

  function show(results) {
    list.replaceChildren();
    active = -1;
    results.forEach(function (result, index) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = result.url;
      option.textContent = result.title; // text, never markup
      list.appendChild(option);
    });
    if (results.length) open(); else close();
    announce(results.length);
  }

  function choose(index) {
    var all = options();
    if (!all.length) return;
    if (list.hidden) open();
    var places = all.length + 1; // the options, and -1: back in the text
    active = (((index + 1) % places) + places) % places - 1;
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (active < 0) {
      input.removeAttribute("aria-activedescendant");
      input.value = typed;
      return;
    }
    input.setAttribute("aria-activedescendant", all[active].id);
    input.value = all[active].textContent;
    all[active].scrollIntoView({ block: "nearest" });
  }

  function suggest() {
    var query = input.value.trim();
    if (pending) pending.abort(); // a stale answer must never replace a newer one
    if (!query) return show([]);
    pending = new AbortController();
    fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { show(data.results || []); })
      .catch(function (error) { if (error.name !== "AbortError") show([]); });
  }

  input.addEventListener("input", function () {
    typed = input.value;
    clearTimeout(timer);
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });

  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      choose(event.key === "ArrowDown" ? active + 1 : active - 1);
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      window.location.assign(all[active].dataset.url);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        input.value = typed;
        close();
      }
    }
  });

  // mousedown, not click: the input must not lose focus (and close the list) first.
  list.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) return;
    event.preventDefault();
    window.location.assign(option.dataset.url);
  });

  input.addEventListener("blur", close);
  input.addEventListener("focus", function () {
    if (options().length && input.value.trim()) open();
  });
})();
