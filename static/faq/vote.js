// The helpfulness vote (templates/faq/_vote.html). The page may come from a shared cache, so it
// holds no CSRF token and no sign of the visitor's answer: the token is fetched when the visitor
// votes, and the answer is read from the visitor's own faq_answers cookie. Without JavaScript
// the form posts as it is and the server asks to confirm, with a token of its own.
(() => {
  const ANSWERS = "faq_answers";

  function answers() {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(`${ANSWERS}=`));
    const found = new Map();
    for (const entry of (cookie ? cookie.slice(ANSWERS.length + 1) : "").split(".")) {
      const match = /^(\d+)([yn])$/.exec(entry);
      if (match) found.set(match[1], match[2] === "y");
    }
    return found;
  }

  function showAnswer(form, helpful) {
    const answer = form.querySelector("[data-vote-answer]");
    answer.querySelector("[data-vote-answer-text]").textContent = helpful
      ? form.dataset.saidYes
      : form.dataset.saidNo;
    answer.hidden = false;
    form.querySelector("[data-vote-choices]").hidden = true;
  }

  function showChoices(form) {
    form.querySelector("[data-vote-answer]").hidden = true;
    form.querySelector("[data-vote-thanks]").hidden = true;
    const choices = form.querySelector("[data-vote-choices]");
    choices.hidden = false;
    choices.querySelector("button").focus();
  }

  async function token(form) {
    const response = await fetch(form.dataset.voteTokenUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`token: ${response.status}`);
    return (await response.json()).token;
  }

  async function send(form, submitter) {
    const body = new FormData(form, submitter);
    body.set("csrfmiddlewaretoken", await token(form));
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`vote: ${response.status}`);
    return response.json();
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("[data-vote-form]");
    if (!form || form.dataset.plain) return;
    event.preventDefault();
    const submitter = event.submitter;
    let answer;
    try {
      answer = await send(form, submitter);
    } catch {
      // Let the server answer the usual way, with its page and messages.
      form.dataset.plain = "1";
      form.requestSubmit(submitter);
      return;
    }
    showAnswer(form, answer.helpful);
    const thanks = form.querySelector("[data-vote-thanks]");
    thanks.textContent = answer.message;
    thanks.hidden = false;
    thanks.tabIndex = -1;
    thanks.focus();
  });

  document.addEventListener("click", (event) => {
    const change = event.target.closest("[data-vote-change]");
    if (change) showChoices(change.closest("[data-vote-form]"));
  });

  for (const form of document.querySelectorAll("[data-vote-form]")) {
    const helpful = answers().get(form.dataset.voteQuestion);
    if (helpful !== undefined) showAnswer(form, helpful);
  }
})();
