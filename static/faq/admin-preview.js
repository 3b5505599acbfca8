// The Markdown preview beside each answer textarea of the question form. The HTML comes from
// the admin's preview endpoint, which renders and sanitises exactly as the public page does
// (faq.markdown.render_markdown): the page never builds HTML from the text itself.
(function () {
  "use strict";

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function attach(textarea, config) {
    var wrapper = document.createElement("div");
    wrapper.className = "markdown-editor";
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(textarea);
    var preview = document.createElement("div");
    preview.className = "markdown-preview";
    preview.setAttribute("aria-live", "polite");
    var label = document.createElement("p");
    label.className = "markdown-preview-label";
    label.textContent = config.dataset.label;
    var column = document.createElement("div");
    column.appendChild(label);
    column.appendChild(preview);
    wrapper.appendChild(column);
    var timer = null;
    var refresh = function () {
      var body = new URLSearchParams({ text: textarea.value });
      fetch(config.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        body: body,
      })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { preview.innerHTML = html; });
    };
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  function start() {
    var config = document.getElementById("markdown-preview-config");
    if (!config) { return; }
    document.querySelectorAll("textarea[name^='answer-'][name*='-body_']").forEach(function (textarea) {
      attach(textarea, config);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
