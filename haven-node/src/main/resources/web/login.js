/* The landing page: officer login, and the demo's logins when the node is a demo. */
"use strict";

Haven.ready.then(async () => {
  const { t, el, api } = Haven;
  const form = document.getElementById("login-form");
  const message = document.getElementById("login-message");
  const officer = document.getElementById("officer");
  const password = document.getElementById("password");
  const params = new URLSearchParams(location.search);
  if (params.has("ended")) {
    Haven.say(message, "login.ended", {}, "warn");
  } else if (params.has("loggedOut")) {
    Haven.say(message, "login.loggedOut", {}, "ok");
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Haven.clear(message);
    if (!officer.value.trim() || !password.value) {
      const empty = !officer.value.trim() ? officer : password;
      empty.setAttribute("aria-invalid", "true");
      Haven.say(message, "login.missing", {}, "error");
      empty.focus();
      return;
    }
    const submit = document.getElementById("login-submit");
    submit.disabled = true;
    try {
      const login = await api(
        "POST",
        "/session",
        { officer: officer.value.trim(), password: password.value },
        { keepOn401: true }
      );
      Haven.remember(login);
      location.assign(Haven.workspaceFor(login.role));
    } catch (problem) {
      password.value = "";
      if (problem.status === 401) {
        Haven.say(message, "login.wrong", {}, "error");
      } else if (problem.status === 429) {
        const minutes = Math.max(1, Math.ceil(Number(problem.retryAfter || 60) / 60));
        Haven.say(message, "login.locked", { minutes }, "error");
      } else {
        Haven.showProblem(message, problem);
      }
      message.focus();
    } finally {
      submit.disabled = false;
    }
  });

  const answer = await fetch("demo-logins.json", { cache: "no-store" }).catch(() => null);
  if (!answer || !answer.ok) {
    return;
  }
  const demo = await answer.json();
  document.getElementById("demo-password").textContent = demo.password;
  document.getElementById("demo-officers").replaceChildren(
    ...demo.officers.map((login) =>
      el(
        "tr",
        {},
        el("td", {}, t(`role.${login.role}`)),
        el(
          "td",
          {},
          el(
            "button",
            {
              type: "button",
              class: "secondary",
              "data-officer": login.officer,
              "aria-label": t("demo.use", { officer: login.officer }),
              onclick: () => {
                officer.value = login.officer;
                password.focus();
              },
            },
            login.officer
          )
        ),
        el("td", {}, login.jurisdiction),
        el("td", {}, login.organisation)
      )
    )
  );
  document.getElementById("demo-logins").hidden = false;
});
