// Progressive enhancement: vote without leaving the page. Without JavaScript the form posts.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("[data-vote-form]");
  if (!form || form.dataset.plain) return;
  event.preventDefault();
  const body = new FormData(form, event.submitter);
  const response = await fetch(form.action, {
    method: "POST",
    body,
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  }).catch(() => null);
  if (!response || !response.ok) {
    // Let the server answer the usual way, with the page and its error messages.
    form.dataset.plain = "1";
    form.requestSubmit(event.submitter);
    return;
  }
  const { message } = await response.json();
  const thanks = form.querySelector("[data-vote-thanks]");
  thanks.textContent = message;
  thanks.hidden = false;
  thanks.tabIndex = -1;
  for (const part of form.querySelectorAll(".vote-buttons, .vote-reason")) part.hidden = true;
  thanks.focus();
});
