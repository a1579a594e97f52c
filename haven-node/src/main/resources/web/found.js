/*
 * A child found alone, declared by a field agent, case worker or border officer: the estimated age
 * range, where and when it was found, sex, the names it gives, distinguishing marks and a photo.
 * The node issues the child's number at once and answers with the possible matches across members
 * (open alerts and registrations), with an alert's contact point. Nothing is queued in the
 * browser: the number and the matches are what the officer needs on the spot, so the page needs
 * the node; without it the page says so, sends nothing and keeps what was typed (docs/web-app.md,
 * "Found children").
 */
"use strict";

Haven.ready.then((session) => {
  const { t, el, api } = Haven;
  const { field, input, select } = ChildForm;
  /** The node's estimate rules (haven-vault FoundDetails): whole years, at most this wide. */
  const MAX_AGE = 17;
  const MAX_AGE_SPAN = 4;

  const form = document.getElementById("found-form");
  const message = document.getElementById("found-message");
  const submit = document.getElementById("found-submit");
  const result = document.getElementById("found-result");
  const age = { type: "number", min: 0, max: MAX_AGE, step: 1, inputmode: "numeric" };
  const given = input("found-given", "child.givenNames", { autocomplete: "off" });
  const family = input("found-family", "child.familyNames", { autocomplete: "off" });
  const sex = select("found-sex", "child.sex", "sex", "common.choose");
  const ageFrom = input("found-age-from", "child.ageFrom", age);
  const ageTo = input("found-age-to", "child.ageTo", age);
  const foundAt = input("found-at", "child.foundAt", { type: "datetime-local" });
  const place = input("found-place", "child.placeFound", { autocomplete: "off" });
  const marks = el("textarea", { id: "found-marks", name: "found-marks", "data-field": "child.distinguishingMarks", rows: 3, maxlength: 1000 });
  const photo = ChildForm.photoPicker("found", message);

  document.getElementById("found-fields").replaceChildren(
    el(
      "fieldset",
      {},
      el("legend", {}, t("found.child")),
      field("found-given", "childform.givenNames", given, "found.namesHint"),
      field("found-family", "childform.familyNames", family),
      field("found-sex", "childform.sex", sex),
      el("div", { class: "age-range" }, field("found-age-from", "found.ageFrom", ageFrom), field("found-age-to", "found.ageTo", ageTo)),
      el("p", { class: "hint" }, t("found.ageHint", { span: MAX_AGE_SPAN })),
      field("found-at", "found.foundAt", foundAt),
      field("found-place", "found.placeFound", place, "found.placeHint"),
      field("found-marks", "found.marks", marks, "found.marksHint"),
      field("found-photo", "childform.photo", photo.input, "childform.photoHint"),
      photo.controls
    )
  );

  /** A time on this device's clock as a datetime-local input holds it: yyyy-mm-ddThh:mm. */
  function localMinute(date) {
    return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }

  function resetForm() {
    form.reset();
    photo.reset();
    foundAt.value = localMinute(new Date());
    foundAt.max = foundAt.value;
  }

  /** Whole years from 0 to MAX_AGE, or NaN. */
  function years(inputElement) {
    const text = inputElement.value.trim();
    return /^\d{1,2}$/.test(text) && Number(text) <= MAX_AGE ? Number(text) : NaN;
  }

  /**
   * What the page refuses before sending, as Haven.refuse takes it: an age outside 0 to 17, a range
   * backwards or wider than the node allows, a time found later than now on this device.
   */
  function problems() {
    const from = years(ageFrom);
    const to = years(ageTo);
    const failures = [];
    if (Number.isNaN(from)) {
      failures.push([ageFrom, "found.ageNotYears", { max: MAX_AGE }]);
    }
    if (Number.isNaN(to)) {
      failures.push([ageTo, "found.ageNotYears", { max: MAX_AGE }]);
    }
    if (failures.length === 0 && to < from) {
      failures.push([ageTo, "found.ageBackwards"]);
    }
    if (failures.length === 0 && to - from > MAX_AGE_SPAN) {
      failures.push([ageTo, "found.ageTooWide", { span: MAX_AGE_SPAN }]);
    }
    if (new Date(foundAt.value).getTime() > Date.now()) {
      failures.push([foundAt, "found.inFuture"]);
    }
    return failures;
  }

  function declaration() {
    const child = {
      givenNames: given.value.trim(),
      familyNames: family.value.trim(),
      sex: sex.value,
      ageFrom: years(ageFrom),
      ageTo: years(ageTo),
      foundAt: new Date(foundAt.value).toISOString(),
      placeFound: place.value.trim(),
      distinguishingMarks: marks.value.trim(),
    };
    if (photo.value()) {
      child.photo = photo.value();
    }
    return { jurisdiction: session.jurisdiction, child };
  }

  function show(found) {
    document.getElementById("found-result-title").textContent = t("found.declared", { number: found.childNumberDisplay });
    document.getElementById("found-summary").replaceChildren(...FoundChild.summary(found));
    document.getElementById("found-candidates").replaceChildren(...FoundChild.candidateRows(found.candidates));
    result.hidden = false;
    document.getElementById("found-result-title").focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    Haven.clear(message);
    if (!Haven.requireFilled([sex, ageFrom, ageTo, foundAt, place], message)) {
      return;
    }
    const failures = problems();
    if (failures.length > 0) {
      Haven.refuse(message, failures);
      failures[0][0].focus();
      return;
    }
    if (!navigator.onLine) {
      Haven.say(message, "found.offline", {}, "error");
      return;
    }
    submit.disabled = true;
    try {
      const found = await api("POST", "/found-children", declaration());
      resetForm();
      Haven.say(message, "found.done", { number: found.childNumberDisplay, count: found.candidates.length }, "ok");
      show(found);
    } catch (problem) {
      if (problem.status === 0) {
        Haven.say(message, "found.offline", {}, "error");
      } else {
        Haven.showProblem(message, problem);
      }
    } finally {
      submit.disabled = false;
    }
  });

  document.getElementById("found-open-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = document.getElementById("found-open-number");
    if (!Haven.requireFilled([number], message)) {
      return;
    }
    Haven.clear(message);
    try {
      show(await api("GET", `/found-children/${encodeURIComponent(number.value.replace(/[\s-]/g, ""))}`));
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  resetForm();
});
